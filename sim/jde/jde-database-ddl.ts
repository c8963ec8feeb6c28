import type { DatabaseColumnSpec, DatabaseTableSpec } from "./jde-database-tables.js";

export type StandInDialect = "sqlite" | "postgres";

/**
 * Double-quoted identifier. JDE names carry `#` (`VNREG#`), and quoting keeps them upper case in
 * PostgreSQL as in Oracle's catalogue, so SQL that quotes every name runs on both.
 */
export function quoteIdentifier(name: string): string {
  return `"${name}"`;
}

/**
 * `CREATE TABLE IF NOT EXISTS` as JDE declares its tables: every column NOT NULL without a default
 * (a writer that omits a column fails). The checks make the stand-in as strict as a JDE data set
 * must be: SQLite stores CHAR as unpadded TEXT and a NUMERIC column accepts 1.5, and PostgreSQL
 * NUMERIC(p,0) would silently round 1.5 to 2 — so numerics are integral by CHECK on both, and on
 * SQLite a CHAR value must have exactly n characters (blank-padded, never '').
 */
export function createTableStatement(
  dialect: StandInDialect,
  qualifiedName: string,
  spec: DatabaseTableSpec,
): string {
  const columns = spec.columns.map((column) => `  ${columnDefinition(dialect, column)}`);
  const primaryKey = `  PRIMARY KEY (${spec.primaryKey.map(quoteIdentifier).join(", ")})`;
  return `CREATE TABLE IF NOT EXISTS ${qualifiedName} (\n${[...columns, primaryKey].join(",\n")}\n)`;
}

function columnDefinition(dialect: StandInDialect, column: DatabaseColumnSpec): string {
  const name = quoteIdentifier(column.name);
  const limit = `${"9".repeat(column.length)}`;
  if (column.kind === "char") {
    const check = dialect === "sqlite" ? ` CHECK (length(${name}) = ${column.length})` : "";
    return `${name} CHAR(${column.length}) NOT NULL${check}`;
  }
  if (dialect === "sqlite") {
    return (
      `${name} NUMERIC(${column.length},0) NOT NULL ` +
      `CHECK (typeof(${name}) = 'integer' AND abs(${name}) <= ${limit})`
    );
  }
  return `${name} NUMERIC NOT NULL CHECK (${name} = trunc(${name}) AND abs(${name}) <= ${limit})`;
}
