import type { SqlDialect } from "./dialects/sql-dialect.js";
import type { SqlRow, SqlValue, TableRef, TableShape } from "./sql-types.js";

export type { SqlRow, SqlStatement, SqlValue, TableColumn, TableRef, TableShape } from "./sql-types.js";

/** Statements on one connection; inside `transaction` they share its transaction. */
export interface SqlExecutor {
  query(sql: string, params: SqlValue[]): Promise<SqlRow[]>;
  /** Runs a DML statement; returns the rows affected. */
  execute(sql: string, params: SqlValue[]): Promise<number>;
  /** Runs one statement once per parameter row (Oracle's array DML); returns the rows affected. */
  executeMany(sql: string, rows: SqlValue[][]): Promise<number>;
}

/**
 * The JDE business-data database as the Z-table path sees it (DESIGN.md §3 "Direct table insert"):
 * Oracle (oracledb thin), SQL Server (tedious), or a PostgreSQL/SQLite stand-in. Every call has a
 * timeout; failures throw {@link JdeDatabaseError} and never carry the password.
 */
export interface JdeDatabasePort extends Omit<SqlExecutor, "execute" | "executeMany"> {
  readonly dialect: SqlDialect;
  /** Reads the table's columns from the catalogue; MLC_JDE_TABLE_UNSUPPORTED if it has none. */
  columns(table: TableRef): Promise<TableShape>;
  /**
   * Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. Inside `fn`
   * use only `tx`: single-connection adapters (SQLite, SQL Server) queue other calls behind it.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
