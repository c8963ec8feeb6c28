import type { SqlStatement, TableColumn, TableRef } from "../sql-types.js";

export type DialectName = "oracle" | "sqlserver" | "postgres" | "sqlite";

/** A catalogue row as every dialect's `columnsQuery` names it. */
export interface CatalogueColumn {
  owner: string;
  table: string;
  name: string;
  dataType: string;
  charLength: number | undefined;
  nullable: boolean;
}

/**
 * What differs between databases, as data and small pure functions (STYLE.md §9: capability flags,
 * not `if (oracle)` in the writer). SQL text is built from these by `sql-builders.ts`.
 */
export interface SqlDialect {
  readonly name: DialectName;
  /** Bind marker of the n-th parameter, 1-based: `:1`, `@p1`, `$1`, `?`. */
  placeholder(position: number): string;
  quoteIdentifier(name: string): string;
  /** The SQL name of a table as the catalogue stores it (owner-qualified where the database has owners). */
  tableName(table: { owner: string; table: string }): string;
  /** Lists a table's columns in order, as {@link CatalogueColumn} aliases (upper-case). */
  columnsQuery(table: TableRef): SqlStatement;
  /** Classifies a catalogue type: `char` with its length, `number`, or `other`. */
  classify(column: CatalogueColumn): Pick<TableColumn, "kind" | "length">;
  /** How the database counts a CHAR(n) column's length: UTF-16 code units or code points. */
  readonly textLength: "utf16" | "codepoints";
  /** Bind parameters one statement may carry. */
  readonly maxParameters: number;
  /** Rows per multi-row `INSERT … VALUES (…), (…)`; 1 means one-row SQL sent with `executeMany`. */
  readonly maxRowsPerInsert: number;
}

/** Values per `IN (…)` list: well below Oracle's 1,000 expressions and SQL Server's 2,100 parameters. */
export const MAX_IN_LIST = 500;

/** `"name"` with embedded quotes doubled (Oracle, PostgreSQL, SQLite). */
export function doubleQuote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
