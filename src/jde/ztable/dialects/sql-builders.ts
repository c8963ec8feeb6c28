import type { SqlStatement, SqlValue, TableShape } from "../jde-database-port.js";
import { requireColumn } from "../table-shape.js";
import { padText } from "../text-width.js";
import type { SqlDialect } from "./sql-dialect.js";

/**
 * `INSERT INTO t (every column) VALUES (…), (…)` for `rowCount` rows, markers numbered row by row.
 * The column list is the table's own, in catalogue order: nothing is left to a default.
 */
export function buildInsert(dialect: SqlDialect, shape: TableShape, rowCount: number): string {
  const names = shape.columns.map((column) => dialect.quoteIdentifier(column.name)).join(", ");
  const width = shape.columns.length;
  const rows = Array.from(
    { length: rowCount },
    (_, row) =>
      `(${shape.columns.map((_column, index) => dialect.placeholder(row * width + index + 1)).join(", ")})`,
  );
  return `INSERT INTO ${dialect.tableName(shape)} (${names}) VALUES ${rows.join(", ")}`;
}

/** How many rows one INSERT may carry: the dialect's row limit and its parameter limit. */
export function rowsPerInsert(dialect: SqlDialect, shape: TableShape): number {
  return Math.max(
    1,
    Math.min(dialect.maxRowsPerInsert, Math.floor(dialect.maxParameters / shape.columns.length)),
  );
}

/** `column = value` or `column IN (…)`; text values are padded to the column's width. */
export interface Condition {
  column: string;
  values: SqlValue[];
}

/** `SELECT columns FROM t WHERE …` by JDE alias; results come back keyed by the stored (upper-cased) names. */
export function buildSelect(
  dialect: SqlDialect,
  shape: TableShape,
  columns: string[],
  conditions: Condition[],
): SqlStatement {
  const params: SqlValue[] = [];
  const marker = (value: SqlValue) => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  const clauses = conditions.map(({ column, values }) => {
    const stored = requireColumn(shape, column);
    const bound = values.map((value) =>
      typeof value === "string" ? padText(value, stored.length, dialect.textLength) : value,
    );
    const name = dialect.quoteIdentifier(stored.name);
    return bound.length === 1
      ? `${name} = ${marker(bound[0]!)}`
      : `${name} IN (${bound.map(marker).join(", ")})`;
  });
  const list = columns.map((alias) => dialect.quoteIdentifier(requireColumn(shape, alias).name)).join(", ");
  const where = clauses.length > 0 ? ` WHERE ${clauses.join(" AND ")}` : "";
  return { sql: `SELECT ${list} FROM ${dialect.tableName(shape)}${where}`, params };
}
