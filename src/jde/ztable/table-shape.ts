import { ConnectorError } from "../../lib/errors/connector-error.js";
import type { CatalogueColumn, SqlDialect } from "./dialects/sql-dialect.js";
import type { SqlExecutor, SqlRow, TableColumn, TableRef, TableShape } from "./jde-database-port.js";
import { readInteger, readText } from "./read-values.js";

/**
 * Reads a table's columns from the database catalogue. JDE tables differ per release, so the writer
 * never assumes a column list: it names every column the customer's table has.
 */
export async function readTableShape(
  executor: Pick<SqlExecutor, "query">,
  dialect: SqlDialect,
  table: TableRef,
): Promise<TableShape> {
  const statement = dialect.columnsQuery(table);
  const rows = (await executor.query(statement.sql, statement.params)).map(toCatalogueColumn);
  const tables = new Set(rows.map((row) => `${row.owner}.${row.table}`));
  if (rows.length === 0 || tables.size > 1) {
    throw new ConnectorError(
      "MLC_JDE_TABLE_UNSUPPORTED",
      rows.length === 0
        ? `table ${table.owner}.${table.name} not found (or not visible to the connector's database user)`
        : `table ${table.owner}.${table.name} is ambiguous: ${[...tables].join(", ")}`,
      { detail: { owner: table.owner, table: table.name } },
    );
  }
  const first = rows[0]!;
  return {
    owner: first.owner,
    table: first.table,
    columns: rows.map((row) => toTableColumn(row, dialect)),
  };
}

function toCatalogueColumn(row: SqlRow): CatalogueColumn {
  const length = row.CHAR_LENGTH;
  return {
    owner: readText(row, "TABLE_OWNER"),
    table: readText(row, "TABLE_NAME"),
    name: readText(row, "COLUMN_NAME"),
    dataType: readText(row, "DATA_TYPE"),
    charLength: length === null || length === undefined ? undefined : Number(readInteger(row, "CHAR_LENGTH")),
    nullable: readText(row, "IS_NULLABLE") === "Y",
  };
}

function toTableColumn(row: CatalogueColumn, dialect: SqlDialect): TableColumn {
  return { name: row.name, dataType: row.dataType, nullable: row.nullable, ...dialect.classify(row) };
}

/** The stored column for a JDE alias (`VNEDUS`), whatever case the catalogue keeps it in. */
export function findColumn(shape: TableShape, alias: string): TableColumn | undefined {
  const wanted = alias.toUpperCase();
  return shape.columns.find((column) => column.name.toUpperCase() === wanted);
}

/** Like {@link findColumn}, for columns the connector cannot work without. */
export function requireColumn(shape: TableShape, alias: string): TableColumn {
  const column = findColumn(shape, alias);
  if (!column) {
    throw new ConnectorError(
      "MLC_JDE_TABLE_UNSUPPORTED",
      `${shape.owner ? `${shape.owner}.` : ""}${shape.table} has no column ${alias}`,
      { detail: { table: shape.table, column: alias } },
    );
  }
  return column;
}
