import pg from "pg";
import { postgresDialect } from "../dialects/postgres-dialect.js";
import { type DatabaseFailure, toJdeDatabaseError } from "../jde-database-error.js";
import type { JdeDatabasePort, SqlExecutor, SqlValue } from "../jde-database-port.js";
import { readTableShape } from "../table-shape.js";
import { upperCaseKeys } from "./serial-queue.js";

export interface PostgresJdeDatabaseOptions {
  url: string;
  user?: string;
  password?: string;
  timeoutMs: number;
  poolSize?: number;
  /** An idle pooled connection died (server restart); pg would crash the process without a handler. */
  onBackgroundError?: (error: Error) => void;
}

/**
 * The port over PostgreSQL stand-in tables. Every statement is bounded server-side
 * (`statement_timeout`) and client-side (`query_timeout`); connecting by `connectionTimeoutMillis`.
 */
export function openPostgresJdeDatabase(options: PostgresJdeDatabaseOptions): JdeDatabasePort {
  const secrets = [options.password ?? "", passwordOf(options.url)];
  const pool = new pg.Pool({
    connectionString: withCredentials(options),
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: options.timeoutMs,
    statement_timeout: options.timeoutMs,
    query_timeout: options.timeoutMs + 1_000,
    idle_in_transaction_session_timeout: options.timeoutMs * 2,
  });
  const context = (operation: string) => ({ operation: `PostgreSQL ${operation}`, secrets });
  pool.on("error", (error) =>
    options.onBackgroundError?.(toJdeDatabaseError("unavailable", error, context("idle"))),
  );
  const executorOf = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    query: async (sql, params) => (await run(client, sql, params, "query")).rows.map(upperCaseKeys),
    execute: async (sql, params) => (await run(client, sql, params, "execute")).rowCount ?? 0,
    executeMany: async (sql, rows) => {
      let count = 0;
      for (const params of rows) count += (await run(client, sql, params, "execute")).rowCount ?? 0;
      return count;
    },
  });
  const port: JdeDatabasePort = {
    dialect: postgresDialect,
    query: (sql, params) => executorOf(pool).query(sql, params),
    columns: (table) => readTableShape(port, postgresDialect, table),
    transaction: async (fn) => {
      const client = await pool.connect().catch((error: unknown) => {
        throw toJdeDatabaseError("unavailable", error, context("connect"));
      });
      let failure: unknown;
      // A connection dropped while checked out emits "error" on the client; the pending query fails
      // on its own, so the event only needs a listener (without one, node would crash the process).
      const ignoreDrop = () => undefined;
      client.on("error", ignoreDrop);
      try {
        await run(client, "BEGIN", [], "begin");
        const result = await fn(executorOf(client));
        await run(client, "COMMIT", [], "commit");
        return result;
      } catch (error) {
        failure = error;
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        // A connection that failed mid-transaction is not trusted again.
        client.off("error", ignoreDrop);
        client.release(failure instanceof Error ? failure : undefined);
      }
    },
    close: () => pool.end(),
  };
  return port;

  async function run(client: pg.Pool | pg.PoolClient, sql: string, params: SqlValue[], operation: string) {
    try {
      return await client.query(
        sql,
        params.map((value) => (typeof value === "bigint" ? value.toString() : value)),
      );
    } catch (error) {
      throw toJdeDatabaseError(classify(error), error, context(operation));
    }
  }
}

function withCredentials(options: PostgresJdeDatabaseOptions): string {
  if (options.user === undefined && options.password === undefined) return options.url;
  const url = new URL(options.url);
  if (options.user !== undefined) url.username = encodeURIComponent(options.user);
  if (options.password !== undefined) url.password = encodeURIComponent(options.password);
  return url.toString();
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return "";
  }
}

/** SQLSTATE classes: 23505 unique violation; 08 connection, 40 rollback, 53 resources, 57 operator intervention. */
function classify(error: unknown): DatabaseFailure {
  if (!(error instanceof pg.DatabaseError)) return "unavailable";
  const code = error.code ?? "";
  if (code === "23505") return "duplicate-key";
  if (code === "08P01") return "refused"; // protocol violation: our statement, not the network
  if (/^(08|40|53|57)/.test(code)) return "unavailable";
  return "refused";
}
