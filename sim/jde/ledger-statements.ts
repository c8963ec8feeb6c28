import type { JdeDatabase, SqlStatement } from "./jde-database.js";
import { columnEquals } from "./jde-database-rows.js";
import type { JdeDatabaseTableName } from "./jde-database-tables.js";
import type { F0911Row } from "./jde-tables.js";

/**
 * The SQL behind the ledger knobs, for the database stand-in's F0911 and F0011 (values in storage
 * form, so CHAR keys match however they were padded). A statement for rows the stand-in does not
 * hold (a document of the orchestration path, kept in memory only) changes nothing.
 */

/** `UPDATE table SET … WHERE …` (each WHERE column compared with `=`). */
export function updateRows(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
  set: Record<string, unknown>,
  where: Record<string, unknown>,
): SqlStatement {
  const assignments = columnEquals(table, set);
  const conditions = columnEquals(table, where);
  const sets = assignments.parts.join(", ");
  return {
    sql: `UPDATE ${database.tableName(table)} SET ${sets} WHERE ${conditions.parts.join(" AND ")}`,
    params: [...assignments.params, ...conditions.params],
  };
}

/** `DELETE FROM table WHERE …`. */
export function deleteRows(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
  where: Record<string, unknown>,
): SqlStatement {
  const conditions = columnEquals(table, where);
  return {
    sql: `DELETE FROM ${database.tableName(table)} WHERE ${conditions.parts.join(" AND ")}`,
    params: conditions.params,
  };
}

/** `SELECT 1 … WHERE …`: whether the stand-in holds such a row. */
export function anyRow(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
  where: Record<string, unknown>,
): SqlStatement {
  const conditions = columnEquals(table, where);
  return {
    sql: `SELECT 1 AS found FROM ${database.tableName(table)} WHERE ${conditions.parts.join(" AND ")}`,
    params: conditions.params,
  };
}

/** The F0911 columns naming a document (KCO, DCT, DOC). */
export function documentColumns(line: F0911Row): Record<string, unknown> {
  return { GLKCO: line.GLKCO, GLDCT: line.GLDCT, GLDOC: line.GLDOC };
}

/** The F0911 columns naming one line of a document (KCO, DCT, DOC, JELN, ledger type). */
export function lineColumns(line: F0911Row): Record<string, unknown> {
  return { ...documentColumns(line), GLJELN: line.GLJELN, GLLT: line.GLLT };
}

/** The F0911 columns naming a JE batch's lines. */
export function batchLineColumns(icu: number): Record<string, unknown> {
  return { GLICUT: "G", GLICU: icu };
}

/** The F0011 columns naming a JE batch header. */
export function batchHeaderColumns(icu: number): Record<string, unknown> {
  return { ICICUT: "G", ICICU: icu };
}
