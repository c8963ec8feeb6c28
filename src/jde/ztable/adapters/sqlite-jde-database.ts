import BetterSqlite3 from "better-sqlite3";
import { sqliteDialect } from "../dialects/sqlite-dialect.js";
import { type DatabaseFailure, toJdeDatabaseError } from "../jde-database-error.js";
import type { JdeDatabasePort, SqlExecutor, SqlRow, SqlValue } from "../jde-database-port.js";
import { readTableShape } from "../table-shape.js";
import { createSerialQueue, upperCaseKeys } from "./serial-queue.js";

export interface SqliteJdeDatabaseOptions {
  file: string;
  /** Waits this long for another writer's lock (`busy_timeout`); statements themselves run in-process. */
  timeoutMs: number;
}

/**
 * The port over an SQLite file holding the simulator's stand-in tables. Integers come back as
 * bigint (exact); the file must already exist, so a wrong path fails instead of creating an empty one.
 */
export function openSqliteJdeDatabase(options: SqliteJdeDatabaseOptions): JdeDatabasePort {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(options.file, { fileMustExist: true, timeout: options.timeoutMs });
    db.defaultSafeIntegers(true);
  } catch (error) {
    throw toJdeDatabaseError(classify(error), error, { operation: "open SQLite", secrets: [] });
  }
  const serial = createSerialQueue();
  const tx: SqlExecutor = {
    query: async (sql, params) => guard("query", () => all(sql, params)),
    execute: async (sql, params) => guard("execute", () => Number(db.prepare(sql).run(...params).changes)),
    executeMany: async (sql, rows) =>
      guard("executeMany", () => {
        const statement = db.prepare(sql);
        return rows.reduce((sum, params) => sum + Number(statement.run(...params).changes), 0);
      }),
  };
  const port: JdeDatabasePort = {
    dialect: sqliteDialect,
    query: (sql, params) => serial(() => tx.query(sql, params)),
    columns: (table) => readTableShape(port, sqliteDialect, table),
    transaction: (fn) => serial(() => inTransaction(fn)),
    close: async () => {
      db.close();
    },
  };
  return port;

  function all(sql: string, params: SqlValue[]): SqlRow[] {
    const statement = db.prepare(sql);
    if (!statement.reader) {
      statement.run(...params);
      return [];
    }
    return (statement.all(...params) as Record<string, unknown>[]).map(upperCaseKeys);
  }

  async function inTransaction<T>(fn: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    guard("begin", () => db.exec("BEGIN IMMEDIATE"));
    try {
      const result = await fn(tx);
      guard("commit", () => db.exec("COMMIT"));
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
  }
}

function guard<T>(operation: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toJdeDatabaseError(classify(error), error, { operation: `SQLite ${operation}`, secrets: [] });
  }
}

function classify(error: unknown): DatabaseFailure {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return "refused";
  if (code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE") return "duplicate-key";
  if (/^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|PROTOCOL)/.test(code)) return "unavailable";
  return "refused";
}
