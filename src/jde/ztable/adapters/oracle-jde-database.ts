import type { BindDefinition, BindValue, Connection, DbType, Pool } from "oracledb";
import { oracleDialect } from "../dialects/oracle-dialect.js";
import { type DatabaseFailure, toJdeDatabaseError } from "../jde-database-error.js";
import type { JdeDatabasePort, SqlExecutor, SqlValue } from "../jde-database-port.js";
import { readTableShape } from "../table-shape.js";
import { upperCaseKeys } from "./serial-queue.js";

export interface OracleJdeDatabaseOptions {
  host: string;
  port: number;
  serviceName: string;
  user: string;
  password: string;
  timeoutMs: number;
  poolSize?: number;
}

type OracleDb = typeof import("oracledb")["default"];

/**
 * The port over Oracle Database with node-oracledb 6 in thin mode (pure JavaScript, no Instant
 * Client). Connecting is bounded by `connectTimeout`, waiting for a pooled connection by
 * `queueTimeout`, and every round trip by `callTimeout`. Not tested against a real Oracle here.
 */
export async function openOracleJdeDatabase(options: OracleJdeDatabaseOptions): Promise<JdeDatabasePort> {
  const oracledb: OracleDb = (await import("oracledb")).default;
  const secrets = [options.password];
  const context = (operation: string) => ({ operation: `Oracle ${operation}`, secrets });
  const pool: Pool = await oracledb
    .createPool({
      user: options.user,
      password: options.password,
      connectString: `${options.host}:${options.port}/${options.serviceName}`,
      poolMin: 0,
      poolMax: options.poolSize ?? 4,
      poolIncrement: 1,
      queueTimeout: options.timeoutMs,
      connectTimeout: Math.max(1, Math.ceil(options.timeoutMs / 1000)),
      transportConnectTimeout: Math.max(1, Math.ceil(options.timeoutMs / 1000)),
    })
    .catch((error: unknown) => {
      throw toJdeDatabaseError(classify(error), error, context("pool"));
    });

  const types: OracleBindTypes = { text: oracledb.DB_TYPE_NVARCHAR, number: oracledb.DB_TYPE_NUMBER };
  const bindOne = (value: SqlValue) => oracleBind(value, types);
  const executorOf = (connection: Connection): SqlExecutor => ({
    query: async (sql, params) =>
      guard("query", async () => {
        const result = await connection.execute(sql, params.map(bindOne), {
          outFormat: oracledb.OUT_FORMAT_OBJECT,
        });
        return (result.rows ?? []).map(upperCaseKeys);
      }),
    execute: async (sql, params) =>
      guard(
        "execute",
        async () => (await connection.execute(sql, params.map(bindOne), {})).rowsAffected ?? 0,
      ),
    executeMany: async (sql, rows) =>
      guard(
        "executeMany",
        async () =>
          (await connection.executeMany(sql, rows, { bindDefs: oracleBindDefinitions(rows, types) }))
            .rowsAffected ?? 0,
      ),
  });
  const port: JdeDatabasePort = {
    dialect: oracleDialect,
    query: (sql, params) => withConnection((connection) => executorOf(connection).query(sql, params)),
    columns: (table) => readTableShape(port, oracleDialect, table),
    transaction: (fn) =>
      withConnection(async (connection) => {
        try {
          const result = await fn(executorOf(connection));
          await guard("commit", () => connection.commit());
          return result;
        } catch (error) {
          await connection.rollback().catch(() => undefined);
          throw error;
        }
      }),
    close: () => guard("close", () => pool.close(Math.ceil(options.timeoutMs / 1000))),
  };
  return port;

  /** One pooled connection per call; a connection that failed is dropped rather than reused. */
  async function withConnection<T>(use: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = await guard("connect", () => pool.getConnection());
    connection.callTimeout = options.timeoutMs;
    let failed = false;
    try {
      return await use(connection);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await connection.close({ drop: failed }).catch(() => undefined);
    }
  }

  async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toJdeDatabaseError(classify(error), error, context(operation));
    }
  }
}

export interface OracleBindTypes {
  text: DbType;
  number: DbType;
}

/**
 * Text is bound as NVARCHAR: JDE's Unicode tables use NCHAR columns, so characters outside the
 * database character set survive and a look-up compares NCHAR with NCHAR (the index stays usable).
 * Integers go as bigint, which node-oracledb binds as NUMBER.
 */
export function oracleBind(value: SqlValue, types: OracleBindTypes): SqlValue | BindValue {
  return typeof value === "string" ? { val: value, type: types.text } : value;
}

/**
 * Array-DML bind definitions from the rows themselves: NUMBER, or NVARCHAR as wide as the widest
 * value. oracledb checks `maxSize` against the UTF-8 byte length, so "N°1042" needs 7, not 6.
 */
export function oracleBindDefinitions(rows: SqlValue[][], types: OracleBindTypes): BindDefinition[] {
  return (rows[0] ?? []).map((first, index) => {
    if (typeof first === "bigint") return { type: types.number };
    let maxSize = 1;
    for (const row of rows) maxSize = Math.max(maxSize, Buffer.byteLength(String(row[index] ?? ""), "utf8"));
    return { type: types.text, maxSize };
  });
}

/** Pool queue timeout/full, call timeout, and the network errors (closed, lost, refused, timed out, host). */
const UNAVAILABLE_NJS = new Set(
  ["040", "076", "123", "500", "501", "503", "504", "510", "511", "521", "530"].map((n) => `NJS-${n}`),
);

/**
 * ORA codes for a lost or unreachable instance, deadlock, busy resources, and space or archiver
 * trouble a DBA clears (tablespace full 1653/1654/1688, archiver stuck 257, sessions/processes 18/20).
 */
const UNAVAILABLE_ORA = new Set([
  18, 20, 28, 54, 60, 257, 1033, 1034, 1089, 1092, 1653, 1654, 1688, 3113, 3114, 3135, 3136, 12_170, 12_537,
  12_541, 12_547,
]);

/** Listener and network ranges of ORA-12xxx (ORA-12899 "value too large" is a data error, not here). */
function isNetworkOra(errorNum: number): boolean {
  return (errorNum >= 12_150 && errorNum <= 12_299) || (errorNum >= 12_500 && errorNum <= 12_599);
}

/**
 * Pool, call-timeout and network NJS errors are transient (a malformed connect string, NJS-512…520,
 * is not); ORA-00001 is a key violation; listener/network ORA-12xxx and resource errors are transient.
 */
export function classify(error: unknown): DatabaseFailure {
  const { code, errorNum } = error as { code?: unknown; errorNum?: unknown };
  if (typeof code === "string" && UNAVAILABLE_NJS.has(code)) return "unavailable";
  if (errorNum === 1) return "duplicate-key";
  if (typeof errorNum === "number" && (UNAVAILABLE_ORA.has(errorNum) || isNetworkOra(errorNum)))
    return "unavailable";
  if (typeof code === "string" || typeof errorNum === "number") return "refused";
  return "unavailable";
}
