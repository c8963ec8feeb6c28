import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "../shared/database.js";
import type { StoreBackend } from "../store.js";
import { MIGRATOR_TABLES } from "./copied-tables.js";

/** A store's database without its ports: the copy reads and writes whole tables. */
export interface RawDatabase {
  backend: StoreBackend;
  db: Kysely<Database>;
  close(): Promise<void>;
}

/** One column as the target declares it (PostgreSQL `information_schema.columns`). */
export interface ColumnInfo {
  name: string;
  dataType: string;
  isIdentity: boolean;
}

/**
 * Opens the database of a store URL (the forms `openStore` accepts) for the copy. An SQLite file must
 * exist: the source is never created by accident. The schema is the caller's to migrate first.
 */
export function openRawDatabase(url: string): RawDatabase {
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    const database = new BetterSqlite3(path, { fileMustExist: true });
    database.pragma("busy_timeout = 5000");
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    return { backend: "sqlite", db, close: () => db.destroy() };
  }
  // One connection: the copy runs in one transaction, and a pool error must not crash the process.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { backend: "postgres", db, close: () => db.destroy() };
}

/** The tables a database holds, Kysely's migration bookkeeping left out. */
export async function listTables(raw: RawDatabase, db: Kysely<Database> = raw.db): Promise<string[]> {
  const query =
    raw.backend === "sqlite"
      ? sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`;
  const { rows } = await query.execute(db);
  return rows.map((row) => row.name).filter((name) => !MIGRATOR_TABLES.includes(name));
}

/** The column names of a table, in declaration order. */
export async function listColumnNames(
  raw: RawDatabase,
  table: string,
  db: Kysely<Database> = raw.db,
): Promise<string[]> {
  if (raw.backend === "sqlite") {
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
    return rows.map((row) => row.name);
  }
  return (await listPostgresColumns(db, table)).map((column) => column.name);
}

/** A PostgreSQL table's columns with their types and identity flags. */
export async function listPostgresColumns(db: Kysely<Database>, table: string): Promise<ColumnInfo[]> {
  const { rows } = await sql<{ name: string; data_type: string; is_identity: string }>`
    select column_name as name, data_type, is_identity from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  return rows.map((row) => ({
    name: row.name,
    dataType: row.data_type,
    isIdentity: row.is_identity === "YES",
  }));
}
