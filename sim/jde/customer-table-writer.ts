import type { JdeDatabase, SqlStatement } from "./jde-database.js";
import { deleteRows, insertStatement } from "./jde-database-rows.js";
import { type CustomerMasterTableName, JDE_DATABASE_TABLES } from "./jde-database-tables.js";
import type { JdeTables } from "./jde-tables.js";

export type CustomerRow<T extends CustomerMasterTableName> = JdeTables[T][number];

/**
 * How the Address Book and Customer Master logic changes the in-memory tables. The orchestration
 * writes memory only; the batch processors record what they changed, so one database transaction can
 * carry it and a failed transaction can take it back.
 */
export interface CustomerTableWriter {
  tables: JdeTables;
  insert<T extends CustomerMasterTableName>(table: T, row: CustomerRow<T>): void;
  /** Changes non-key columns of a row in place. */
  update<T extends CustomerMasterTableName>(
    table: T,
    row: CustomerRow<T>,
    patch: Partial<CustomerRow<T>>,
  ): void;
  remove<T extends CustomerMasterTableName>(table: T, row: CustomerRow<T>): void;
}

type Change =
  | { kind: "insert" | "remove"; table: CustomerMasterTableName; row: object; index: number }
  | { kind: "update"; table: CustomerMasterTableName; row: object; before: Record<string, unknown> };

/** Writes straight into the in-memory tables (nothing kept for undo). */
export function createMemoryWriter(tables: JdeTables): CustomerTableWriter {
  const rows = (table: CustomerMasterTableName) => tables[table] as object[];
  return {
    tables,
    insert: (table, row) => {
      rows(table).push(row);
    },
    update: (_table, row, patch) => {
      Object.assign(row, patch);
    },
    remove: (table, row) => {
      const index = rows(table).indexOf(row);
      if (index >= 0) rows(table).splice(index, 1);
    },
  };
}

/**
 * A writer that also keeps the list of changes: {@link statements} turns them into SQL (an update is
 * written as delete + insert of the whole row, so rows that exist only in memory, such as seeded ones,
 * reach the database too), and {@link undo} takes them back in reverse order.
 */
export function createRecordingWriter(tables: JdeTables) {
  const changes: Change[] = [];
  const rows = (table: CustomerMasterTableName) => tables[table] as object[];
  const writer: CustomerTableWriter = {
    tables,
    insert: (table, row) => {
      changes.push({ kind: "insert", table, row, index: rows(table).length });
      rows(table).push(row);
    },
    update: (table, row, patch) => {
      const current = row as unknown as Record<string, unknown>;
      const before = Object.fromEntries(Object.keys(patch).map((key) => [key, current[key]]));
      changes.push({ kind: "update", table, row, before });
      Object.assign(row, patch);
    },
    remove: (table, row) => {
      const index = rows(table).indexOf(row);
      if (index < 0) return;
      changes.push({ kind: "remove", table, row, index });
      rows(table).splice(index, 1);
    },
  };
  return {
    ...writer,
    hasChanges: () => changes.length > 0,
    statements: (database: JdeDatabase): SqlStatement[] =>
      changes.flatMap((change) => {
        if (change.kind === "remove") return [deleteStatement(database, change.table, change.row)];
        const insert = insertStatement(database, change.table, change.row);
        return change.kind === "insert"
          ? [insert]
          : [deleteStatement(database, change.table, change.row), insert];
      }),
    undo: () => {
      for (const change of changes.reverse()) {
        if (change.kind === "insert") {
          const index = rows(change.table).indexOf(change.row);
          if (index >= 0) rows(change.table).splice(index, 1);
        } else if (change.kind === "remove") rows(change.table).splice(change.index, 0, change.row);
        else if (change.kind === "update") Object.assign(change.row, change.before);
      }
      changes.length = 0;
    },
  };
}

export type RecordingWriter = ReturnType<typeof createRecordingWriter>;

/** DELETE of the row by its primary key. */
function deleteStatement(database: JdeDatabase, table: CustomerMasterTableName, row: object): SqlStatement {
  const values = row as Record<string, unknown>;
  const key = JDE_DATABASE_TABLES[table].primaryKey;
  return deleteRows(database, table, Object.fromEntries(key.map((name) => [name, values[name]])));
}

/** Primary-key text of a customer-master row, for matching rows read back from the database. */
export function customerRowKey(table: CustomerMasterTableName, row: object): string {
  const values = row as Record<string, unknown>;
  return JDE_DATABASE_TABLES[table].primaryKey.map((name) => String(values[name])).join("|");
}
