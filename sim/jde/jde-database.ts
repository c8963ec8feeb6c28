import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createTableStatement, quoteIdentifier, type StandInDialect } from "./jde-database-ddl.js";
import { JDE_DATABASE_TABLES, type JdeDatabaseTableName } from "./jde-database-tables.js";
import {
  openPostgresConnection,
  openSqliteConnection,
  type SqlConnection,
  type SqlStatement,
} from "./sql-connection.js";

export type { StandInDialect } from "./jde-database-ddl.js";
export type { SqlStatement } from "./sql-connection.js";

export interface JdeDatabaseOptions {
  dialect: StandInDialect;
  /** sqlite: a file path (not ":memory:": the connector writes through its own connection); postgres: a URL. */
  url: string;
  /** Table owner (schema), default "PRODDTA". PostgreSQL: created if missing; SQLite: ignored, tables unqualified. */
  owner?: string;
}

/**
 * The JDE database stand-in: F0911Z1, F0911 and F0011 declared `CHAR(n)`/numeric `NOT NULL` without
 * defaults (see {@link createTableStatement}). Identifiers are created double-quoted in upper case,
 * so on PostgreSQL SQL must quote them too (`"PRODDTA"."F0911Z1" ("VNEDUS", …, "VNREG#")`).
 */
export interface JdeDatabase {
  dialect: StandInDialect;
  url: string;
  owner: string;
  /** Quoted, owner-qualified table name: `"PRODDTA"."F0911Z1"` (PostgreSQL), `"F0911Z1"` (SQLite). */
  tableName(table: JdeDatabaseTableName): string;
  /** One statement with `?` placeholders; rows keyed by column name, numerics as numbers, CHAR as stored. */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** The statements in one transaction (all or nothing). */
  runInTransaction(statements: readonly SqlStatement[]): Promise<void>;
  close(): Promise<void>;
}

const OWNER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,29}$/;

/** Opens the stand-in and creates its tables (and the PostgreSQL schema) if missing. */
export async function openJdeDatabase(options: JdeDatabaseOptions): Promise<JdeDatabase> {
  const owner = options.owner ?? "PRODDTA";
  if (!OWNER_PATTERN.test(owner)) throw new Error(`JDE database owner must be an identifier, got "${owner}"`);
  const connection = connect(options);
  const database: JdeDatabase = {
    dialect: options.dialect,
    url: options.url,
    owner,
    tableName: (table) =>
      options.dialect === "postgres"
        ? `${quoteIdentifier(owner)}.${quoteIdentifier(table)}`
        : quoteIdentifier(table),
    query: (sql, params) => connection.query(sql, params),
    runInTransaction: (statements) => connection.runInTransaction(statements),
    close: () => connection.close(),
  };
  try {
    await createTables(database);
  } catch (error) {
    await connection.close();
    throw error;
  }
  return database;
}

/** `sqlite:<file>` or `postgres://…` (as `ml-connector sim jde --database` takes it). */
export function parseJdeDatabaseUrl(text: string): JdeDatabaseOptions {
  if (text.startsWith("sqlite:")) return { dialect: "sqlite", url: text.slice("sqlite:".length) };
  if (/^postgres(ql)?:\/\//.test(text)) return { dialect: "postgres", url: text };
  throw new Error(`expected sqlite:<file> or postgres://…, got "${text}"`);
}

function connect(options: JdeDatabaseOptions): SqlConnection {
  if (options.dialect === "postgres") return openPostgresConnection(options.url);
  if (options.url === "" || options.url === ":memory:" || options.url.startsWith("file::memory:")) {
    throw new Error("the SQLite stand-in needs a file: the connector writes it through another connection");
  }
  mkdirSync(dirname(options.url), { recursive: true });
  return openSqliteConnection(options.url);
}

/** A transaction-scoped advisory lock keeps two processes from creating the same tables at once. */
async function createTables(database: JdeDatabase): Promise<void> {
  const statements: SqlStatement[] = [];
  if (database.dialect === "postgres") {
    statements.push({ sql: "SELECT pg_advisory_xact_lock(911911)", params: [] });
    statements.push({ sql: `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(database.owner)}`, params: [] });
  }
  for (const spec of Object.values(JDE_DATABASE_TABLES)) {
    const name = database.tableName(spec.name);
    statements.push({ sql: createTableStatement(database.dialect, name, spec), params: [] });
  }
  await database.runInTransaction(statements);
}
