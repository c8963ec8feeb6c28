import type { JdeDatabasePort, TableShape } from "./jde-database-port.js";

/**
 * The tables the Z-table path reads or writes: journals (F0911Z1, F0911, F0011) and customers
 * (F0101Z2 prefix SZ, F03012Z1 prefix VO, F01151Z1 prefix EB; docs/customers.md §4). Their columns and
 * widths are read from the customer's catalogue, never declared here: the simulator's stand-in
 * declares them as JDE does (sim/jde/jde-database-tables.ts), and the writer refuses a value longer
 * than the column the catalogue states.
 */
export type JdeTableName = "F0911Z1" | "F0911" | "F0011" | "F0101Z2" | "F03012Z1" | "F01151Z1";

export interface TableShapes {
  get(table: JdeTableName): Promise<TableShape>;
  /** Drops a cached shape, so the next call reads the catalogue again (after the database refused a statement). */
  forget(table: JdeTableName): void;
}

/**
 * Reads each table's columns once and keeps them: the catalogue query is not free, and the columns
 * only change with a JDE upgrade. `check` runs on each fresh read (e.g. "can we fill every column?").
 */
export function createTableShapes(
  database: Pick<JdeDatabasePort, "columns">,
  owner: string,
  check: (table: JdeTableName, shape: TableShape) => void = () => {},
): TableShapes {
  const cache = new Map<JdeTableName, Promise<TableShape>>();
  return {
    get(table) {
      let shape = cache.get(table);
      if (!shape) {
        shape = database.columns({ owner, name: table }).then((read) => {
          check(table, read);
          return read;
        });
        // A failed read is not cached: the next call tries again.
        shape.catch(() => cache.delete(table));
        cache.set(table, shape);
      }
      return shape;
    },
    forget(table) {
      cache.delete(table);
    },
  };
}
