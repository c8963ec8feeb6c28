import type { Connection, Request } from "tedious";
import { sqlServerDialect } from "../dialects/sqlserver-dialect.js";
import { type DatabaseFailure, JdeDatabaseError, toJdeDatabaseError } from "../jde-database-error.js";
import type { JdeDatabasePort, SqlExecutor, SqlRow, SqlValue } from "../jde-database-port.js";
import { readTableShape } from "../table-shape.js";
import { createSerialQueue, upperCaseKeys } from "./serial-queue.js";

export interface SqlServerJdeDatabaseOptions {
  host: string;
  port: number;
  database: string;
  encrypt: boolean;
  trustServerCertificate: boolean;
  user: string;
  password: string;
  timeoutMs: number;
}

type Tedious = typeof import("tedious");
type ColumnValue = { metadata: { colName: string }; value: unknown };

/**
 * The port over SQL Server with tedious: one connection, opened on first use and re-opened after a
 * failure, used by one caller at a time (a TDS connection runs one request at a time). Connecting is
 * bounded by `connectTimeout`, each request by `requestTimeout`. Not tested against a real SQL Server here.
 */
export async function openSqlServerJdeDatabase(
  options: SqlServerJdeDatabaseOptions,
): Promise<JdeDatabasePort> {
  const tedious: Tedious = await import("tedious");
  const context = (operation: string) => ({
    operation: `SQL Server ${operation}`,
    secrets: [options.password],
  });
  const serial = createSerialQueue();
  let open: Promise<Connection> | undefined;

  const executorOf = (connection: Connection): SqlExecutor => ({
    query: async (sql, params) => (await request(connection, sql, params, "query")).rows,
    execute: async (sql, params) => (await request(connection, sql, params, "execute")).rowCount,
    executeMany: async (sql, rows) => {
      let count = 0;
      for (const params of rows) count += (await request(connection, sql, params, "execute")).rowCount;
      return count;
    },
  });
  const port: JdeDatabasePort = {
    dialect: sqlServerDialect,
    query: (sql, params) =>
      serial(() => withConnection((connection) => executorOf(connection).query(sql, params))),
    columns: (table) => readTableShape(port, sqlServerDialect, table),
    transaction: (fn) =>
      serial(() =>
        withConnection(async (connection) => {
          await callback("begin", (done) => connection.beginTransaction(done));
          const result = await fn(executorOf(connection));
          await callback("commit", (done) => connection.commitTransaction(done));
          return result;
        }),
      ),
    close: async () => {
      const current = open;
      open = undefined;
      if (current) (await current.catch(() => undefined))?.close();
    },
  };
  return port;

  /** A failure drops the connection: its transaction state is unknown, so the next call starts clean (the server rolls back). */
  async function withConnection<T>(use: (connection: Connection) => Promise<T>): Promise<T> {
    const attempt = connect();
    const connection = await attempt;
    try {
      return await use(connection);
    } catch (error) {
      if (open === attempt) open = undefined;
      connection.close();
      throw error;
    }
  }

  function connect(): Promise<Connection> {
    if (open) return open;
    const attempt: Promise<Connection> = new Promise<Connection>((resolve, reject) => {
      const connection = new tedious.Connection({
        server: options.host,
        authentication: { type: "default", options: { userName: options.user, password: options.password } },
        options: {
          port: options.port,
          database: options.database,
          encrypt: options.encrypt,
          trustServerCertificate: options.trustServerCertificate,
          connectTimeout: options.timeoutMs,
          requestTimeout: options.timeoutMs,
          cancelTimeout: Math.min(5_000, options.timeoutMs),
          // SET XACT_ABORT ON: any error rolls the whole transaction back on the server.
          abortTransactionOnError: true,
        },
      });
      // An 'error' without a listener would crash the process; the next call reconnects.
      const forget = () => {
        if (open === attempt) open = undefined;
      };
      connection.on("error", forget);
      connection.on("end", forget);
      connection.connect((error) => (error ? reject(error) : resolve(connection)));
    }).catch((error: unknown) => {
      if (open === attempt) open = undefined;
      throw toJdeDatabaseError(classify(error), error, context("connect"));
    });
    open = attempt;
    return attempt;
  }

  function request(
    connection: Connection,
    sql: string,
    params: SqlValue[],
    operation: string,
  ): Promise<{ rows: SqlRow[]; rowCount: number }> {
    return new Promise((resolve, reject) => {
      const rows: SqlRow[] = [];
      const sent: Request = new tedious.Request(sql, (error, rowCount) => {
        if (error) reject(toJdeDatabaseError(classify(error), error, context(operation)));
        else resolve({ rows, rowCount: rowCount ?? 0 });
      });
      for (const parameter of tediousParameters(params)) {
        sent.addParameter(parameter.name, tedious.TYPES[parameter.type], parameter.value);
      }
      sent.on("row", (columns: ColumnValue[]) => {
        rows.push(
          upperCaseKeys(Object.fromEntries(columns.map((column) => [column.metadata.colName, column.value]))),
        );
      });
      connection.execSql(sent);
    });
  }

  function callback(operation: string, start: (done: (error?: Error | null) => void) => void): Promise<void> {
    return new Promise((resolve, reject) =>
      start((error) =>
        error ? reject(toJdeDatabaseError(classify(error), error, context(operation))) : resolve(),
      ),
    );
  }
}

/**
 * Named parameters `@p1…` as the dialect numbers them: text as NVARCHAR (JDE's SQL Server columns
 * are nchar), integers as BIGINT (SQL Server converts to the `float` JDE declares).
 */
export function tediousParameters(
  params: SqlValue[],
): { name: string; type: "NVarChar" | "BigInt"; value: SqlValue }[] {
  return params.map((value, index) => ({
    name: `p${index + 1}`,
    type: typeof value === "bigint" ? "BigInt" : "NVarChar",
    value,
  }));
}

/** Error numbers: 2627/2601 key violations; 1205 deadlock victim; 1222 lock timeout. */
export function classify(error: unknown): DatabaseFailure {
  if (error instanceof JdeDatabaseError) return error.failure;
  const { code, number, name } = error as { code?: unknown; number?: unknown; name?: unknown };
  if (number === 2627 || number === 2601) return "duplicate-key";
  // Deadlock, lock timeout, and space or memory a DBA clears (log full 9002, filegroup full 1105, 701).
  if (number === 1205 || number === 1222 || number === 9002 || number === 1105 || number === 701)
    return "unavailable";
  if (name === "ConnectionError") return code === "ELOGIN" ? "refused" : "unavailable";
  if (
    typeof code === "string" &&
    ["ETIMEOUT", "ECANCEL", "ECLOSE", "ESOCKET", "EINVALIDSTATE"].includes(code)
  )
    return "unavailable";
  if (typeof number === "number") return "refused";
  return "unavailable";
}
