import type { F0101Z2Row, F01151Z1Row, F03012Z1Row } from "./customer-batch-tables.js";
import type { JdeDatabase, SqlStatement } from "./jde-database.js";
import { quoteIdentifier } from "./jde-database-ddl.js";
import {
  type DatabaseColumnSpec,
  type DatabaseTableSpec,
  JDE_DATABASE_TABLES,
  type JdeDatabaseTableName,
} from "./jde-database-tables.js";
import type {
  F0011Row,
  F0101Row,
  F0111Row,
  F0115Row,
  F0116Row,
  F0911Row,
  F0911Z1Row,
  F01151Row,
  F03012Row,
} from "./jde-tables.js";

/**
 * Conversions between database rows (CHAR blank-padded, numerics as integers) and the simulator's
 * in-memory rows (text right-trimmed, MCU kept right-justified, amounts as bigint). Both hold
 * implied decimals, so amounts and Julian dates keep their integer values.
 */

/** The in-memory columns of each table (a `satisfies` check keeps them equal to the row types). */
// biome-ignore format: a compact column table reads better than one column per line
export const IN_MEMORY_COLUMNS = {
  F0911Z1: keys({
    VNEDUS: 1, VNEDTN: 1, VNEDLN: 1, VNEDBT: 1, VNEDSP: 1, VNEDTC: 1, VNEDTR: 1, VNKCO: 1, VNDCT: 1,
    VNDOC: 1, VNDGJ: 1, VNJELN: 1, VNPOST: 1, VNICU: 1, VNICUT: 1, VNCO: 1, VNANI: 1, VNAM: 1, VNAID: 1,
    VNMCU: 1, VNOBJ: 1, VNSUB: 1, VNLT: 1, VNAA: 1, VNCRCD: 1, VNCRRM: 1, VNEXA: 1, VNEXR: 1, VNVINV: 1,
    VNAN8: 1, VNTORG: 1, VNUSER: 1, VNPID: 1, VNUPMJ: 1, VNUPMT: 1,
  } satisfies Record<keyof F0911Z1Row, 1>),
  F0911: keys({
    GLKCO: 1, GLDCT: 1, GLDOC: 1, GLDGJ: 1, GLJELN: 1, GLEXTL: 1, GLLT: 1, GLPOST: 1, GLICU: 1,
    GLICUT: 1, GLDICJ: 1, GLCO: 1, GLANI: 1, GLAM: 1, GLAID: 1, GLMCU: 1, GLOBJ: 1, GLSUB: 1, GLPN: 1,
    GLFY: 1, GLCTRY: 1, GLAA: 1, GLCRCD: 1, GLCRRM: 1, GLEXA: 1, GLEXR: 1, GLVINV: 1, GLAN8: 1,
    GLTORG: 1, GLUSER: 1, GLPID: 1, GLUPMJ: 1, GLUPMT: 1,
  } satisfies Record<keyof F0911Row, 1>),
  F0011: keys({
    ICICUT: 1, ICICU: 1, ICIST: 1, ICDICJ: 1, ICUSER: 1, ICNDO: 1, ICBAL: 1, ICUPMJ: 1,
  } satisfies Record<keyof F0011Row, 1>),
  F0101Z2: keys({
    SZEDUS: 1, SZEDBT: 1, SZEDTN: 1, SZEDLN: 1, SZDRIN: 1, SZEDSP: 1, SZTNAC: 1, SZAN8: 1, SZALKY: 1,
    SZALPH: 1, SZMCU: 1, SZAT1: 1, SZMLNM: 1, SZADD1: 1, SZADD2: 1, SZADDZ: 1, SZCTY1: 1, SZCTR: 1,
    SZADDS: 1, SZAR1: 1, SZPH1: 1, SZPHT1: 1, SZTORG: 1, SZUSER: 1, SZPID: 1, SZJOBN: 1, SZUPMJ: 1,
    SZUPMT: 1,
  } satisfies Record<keyof F0101Z2Row, 1>),
  F03012Z1: keys({
    VOEDUS: 1, VOEDBT: 1, VOEDTN: 1, VOEDLN: 1, VODRIN: 1, VOEDSP: 1, VOTNAC: 1, VOAN8: 1, VOCO: 1,
    VOARC: 1, VOCRCD: 1, VOTXA1: 1, VOEXR1: 1, VOACL: 1, VOTRAR: 1, VOTORG: 1, VOUSER: 1, VOPID: 1,
    VOJOBN: 1, VOUPMT: 1, VOUPMJ: 1,
  } satisfies Record<keyof F03012Z1Row, 1>),
  F01151Z1: keys({
    EBEDUS: 1, EBEDBT: 1, EBEDTN: 1, EBEDLN: 1, EBDRIN: 1, EBEDSP: 1, EBTNAC: 1, EBAN8: 1, EBIDLN: 1,
    EBRCK7: 1, EBETP: 1, EBEMAL: 1, EBTORG: 1, EBUSER: 1, EBPID: 1, EBUPMJ: 1, EBJOBN: 1, EBUPMT: 1,
  } satisfies Record<keyof F01151Z1Row, 1>),
  F0101: keys({
    ABAN8: 1, ABALKY: 1, ABTAX: 1, ABALPH: 1, ABAT1: 1, ABMCU: 1, ABUPMJ: 1,
  } satisfies Record<keyof F0101Row, 1>),
  F0116: keys({
    ALAN8: 1, ALEFTB: 1, ALADD1: 1, ALADD2: 1, ALADD3: 1, ALADD4: 1, ALADDZ: 1, ALCTY1: 1, ALCOUN: 1,
    ALADDS: 1, ALCTR: 1, ALUPMJ: 1,
  } satisfies Record<keyof F0116Row, 1>),
  F01151: keys({
    EAAN8: 1, EAIDLN: 1, EARCK7: 1, EAETP: 1, EAEMAL: 1, EAUPMJ: 1,
  } satisfies Record<keyof F01151Row, 1>),
  F0115: keys({
    WPAN8: 1, WPIDLN: 1, WPRCK7: 1, WPPHTP: 1, WPAR1: 1, WPPH1: 1, WPUPMJ: 1,
  } satisfies Record<keyof F0115Row, 1>),
  F0111: keys({ WWAN8: 1, WWIDLN: 1, WWMLNM: 1, WWUPMJ: 1 } satisfies Record<keyof F0111Row, 1>),
  F03012: keys({
    AIAN8: 1, AICO: 1, AIARC: 1, AICRCD: 1, AITXA1: 1, AIEXR1: 1, AIACL: 1, AITRAR: 1, AICUSTS: 1,
    AIUPMJ: 1,
  } satisfies Record<keyof F03012Row, 1>),
};

const AMOUNT_COLUMNS = new Set(["VNAA", "GLAA", "VOACL", "AIACL"]);
const RIGHT_JUSTIFIED = new Set(["MCU", "HMCU", "AHBU"]);

/** Comma list of the quoted in-memory columns of a table, for SELECT. */
export function selectList(table: JdeDatabaseTableName): string {
  return IN_MEMORY_COLUMNS[table].map(quoteIdentifier).join(", ");
}

/** A database row → the in-memory row of the same table. */
export function fromDatabaseRow<T>(table: JdeDatabaseTableName, record: Record<string, unknown>): T {
  const spec = JDE_DATABASE_TABLES[table];
  const row: Record<string, unknown> = {};
  for (const name of IN_MEMORY_COLUMNS[table]) {
    const value = record[name];
    if (columnOf(spec, name).kind === "char") row[name] = String(value ?? "").trimEnd();
    else row[name] = AMOUNT_COLUMNS.has(name) ? BigInt(Number(value)) : Number(value);
  }
  return row as T;
}

/** A value in storage form: CHAR blank-padded to its width (MCU right-justified), numerics as numbers. */
export function storageValue(column: DatabaseColumnSpec, value: unknown): string | number {
  if (column.kind === "numeric") return value === undefined || value === "" ? 0 : Number(value);
  const text = String(value ?? "");
  const alias = column.name.slice(2);
  return RIGHT_JUSTIFIED.has(alias) ? text.trim().padStart(column.length) : text.padEnd(column.length);
}

/** INSERT of every column (explicit list, as JDE requires); columns the row lacks get blanks or 0. */
export function insertStatement(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
  row: object,
): SqlStatement {
  const spec = JDE_DATABASE_TABLES[table];
  const values = row as Record<string, unknown>;
  const names = spec.columns.map((column) => quoteIdentifier(column.name)).join(", ");
  const marks = spec.columns.map(() => "?").join(", ");
  return {
    sql: `INSERT INTO ${database.tableName(table)} (${names}) VALUES (${marks})`,
    params: spec.columns.map((column) => storageValue(column, values[column.name])),
  };
}

/** Bind parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/**
 * The same as {@link insertStatement} for many rows, as few multi-row INSERTs as the parameter limit
 * allows: R09110Z-sized cycles write thousands of lines, and one round trip each is what made it slow.
 */
export function insertStatements(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
  rows: readonly object[],
): SqlStatement[] {
  const spec = JDE_DATABASE_TABLES[table];
  const names = spec.columns.map((column) => quoteIdentifier(column.name)).join(", ");
  const tuple = `(${spec.columns.map(() => "?").join(", ")})`;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / spec.columns.length));
  const statements: SqlStatement[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    statements.push({
      sql: `INSERT INTO ${database.tableName(table)} (${names}) VALUES ${chunk.map(() => tuple).join(", ")}`,
      params: chunk.flatMap((row) =>
        spec.columns.map((column) => storageValue(column, (row as Record<string, unknown>)[column.name])),
      ),
    });
  }
  return statements;
}

/** `UPDATE table SET … WHERE …` (values in storage form, so CHAR keys match however they were padded). */
export function updateRows(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
  set: Record<string, unknown>,
  where: Record<string, unknown>,
): SqlStatement {
  const assignments = columnConditions(table, set, "=");
  const conditions = whereClause(table, { equal: requireColumns(where) });
  return {
    sql: `UPDATE ${database.tableName(table)} SET ${assignments.parts.join(", ")} ${conditions.sql}`,
    params: [...assignments.params, ...conditions.params],
  };
}

/** `DELETE FROM table WHERE …`. */
export function deleteRows(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
  where: Record<string, unknown>,
): SqlStatement {
  const conditions = whereClause(table, { equal: requireColumns(where) });
  return { sql: `DELETE FROM ${database.tableName(table)} ${conditions.sql}`, params: conditions.params };
}

/** `SELECT 1 … WHERE …`: whether the stand-in holds such a row. */
export function anyRow(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
  where: Record<string, unknown>,
): SqlStatement {
  const conditions = whereClause(table, { equal: requireColumns(where) });
  return {
    sql: `SELECT 1 AS found FROM ${database.tableName(table)} ${conditions.sql}`,
    params: conditions.params,
  };
}

/** Rows compared column by column: `equal` columns `=` their values, `notEqual` columns `<>` theirs. */
export interface RowFilter {
  equal?: Record<string, unknown>;
  notEqual?: Record<string, unknown>;
}

/** The rows matching `filter` (every row without one), in primary-key order, as in-memory rows. */
export async function selectRows<T>(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
  filter: RowFilter = {},
): Promise<T[]> {
  const order = JDE_DATABASE_TABLES[table].primaryKey.map(quoteIdentifier).join(", ");
  const conditions = whereClause(table, filter);
  const records = await database.query(
    `SELECT ${selectList(table)} FROM ${database.tableName(table)} ${conditions.sql} ORDER BY ${order}`,
    conditions.params,
  );
  return records.map((record) => fromDatabaseRow<T>(table, record));
}

/** `WHERE a = ? AND b <> ?` (empty without conditions), values in storage form. */
function whereClause(
  table: JdeDatabaseTableName,
  filter: RowFilter,
): { sql: string; params: (string | number)[] } {
  const equal = columnConditions(table, filter.equal ?? {}, "=");
  const notEqual = columnConditions(table, filter.notEqual ?? {}, "<>");
  const parts = [...equal.parts, ...notEqual.parts];
  return {
    sql: parts.length === 0 ? "" : `WHERE ${parts.join(" AND ")}`,
    params: [...equal.params, ...notEqual.params],
  };
}

/** A statement meant for some rows never goes out without a WHERE (it would change every row). */
function requireColumns(where: Record<string, unknown>): Record<string, unknown> {
  if (Object.keys(where).length === 0) throw new Error("a row statement needs at least one WHERE column");
  return where;
}

/** `"COL" <operator> ?` per column, values in storage form. */
function columnConditions(
  table: JdeDatabaseTableName,
  values: Record<string, unknown>,
  operator: "=" | "<>",
): { parts: string[]; params: (string | number)[] } {
  const spec = JDE_DATABASE_TABLES[table];
  const names = Object.keys(values);
  return {
    parts: names.map((name) => `${quoteIdentifier(name)} ${operator} ?`),
    params: names.map((name) => storageValue(columnOf(spec, name), values[name])),
  };
}

function columnOf(spec: DatabaseTableSpec, name: string): DatabaseColumnSpec {
  const column = spec.columns.find((c) => c.name === name);
  if (!column) throw new Error(`${spec.name} has no column ${name}`);
  return column;
}

function keys(record: Record<string, 1>): string[] {
  return Object.keys(record);
}
