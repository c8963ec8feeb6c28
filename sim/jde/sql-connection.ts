import BetterSqlite3 from "better-sqlite3";
import pg from "pg";

export interface SqlStatement {
  sql: string;
  params: readonly unknown[];
}

/** One database connection (SQLite) or pool (PostgreSQL); SQL uses `?` placeholders on both. */
export interface SqlConnection {
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** All statements in one transaction, or none of them. */
  runInTransaction(statements: readonly SqlStatement[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A second connection to a file another process writes: WAL lets readers run beside the writer, and
 * `busy_timeout` waits for the write lock instead of failing at once. The timeout is short because
 * better-sqlite3 waits synchronously: a same-process writer cannot commit while this one blocks.
 */
export function openSqliteConnection(path: string, busyTimeoutMs = 1_000): SqlConnection {
  const database = new BetterSqlite3(path);
  database.pragma("journal_mode = WAL");
  database.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  const run = (statement: SqlStatement) => {
    const prepared = database.prepare(statement.sql);
    if (prepared.reader) return prepared.all(...statement.params) as Record<string, unknown>[];
    prepared.run(...statement.params);
    return [];
  };
  // IMMEDIATE takes the write lock up front, so a busy writer fails the whole batch before any write.
  const transaction = database.transaction((statements: readonly SqlStatement[]) => {
    for (const statement of statements) run(statement);
  });
  return {
    query: async (sql, params = []) => run({ sql, params }),
    runInTransaction: async (statements) => transaction.immediate(statements),
    close: async () => {
      database.close();
    },
  };
}

const NUMERIC_OID = 1700;
const INT8_OID = 20;

/**
 * A small pg pool. NUMERIC and COUNT(*) results arrive as JavaScript numbers: the stand-in's
 * numerics have at most 15 digits, which a double holds exactly.
 */
export function openPostgresConnection(url: string): SqlConnection {
  const types = {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      oid === NUMERIC_OID || oid === INT8_OID
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: 4, types });
  // An idle connection that dies (server restart) is dropped by the pool; without a handler pg
  // would crash the process. The next query reconnects or fails to its caller.
  pool.on("error", () => undefined);
  return {
    query: async (sql, params = []) => (await pool.query(toNumbered(sql), [...params])).rows,
    runInTransaction: async (statements) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        for (const statement of statements)
          await client.query(toNumbered(statement.sql), [...statement.params]);
        await client.query("COMMIT");
      } catch (error) {
        // A failed ROLLBACK means a dead connection: release it as broken so the pool discards it.
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/** `?` → `$1, $2, …` (the SQL here never has `?` inside a literal). */
function toNumbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}
