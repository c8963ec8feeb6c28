/**
 * The slice of node-oracledb 6 (thin mode) the Oracle adapter uses; the package ships no types.
 * https://node-oracledb.readthedocs.io/en/latest/api_manual/
 */
declare module "oracledb" {
  interface DbType {
    readonly name: string;
  }
  interface BindValue {
    val: unknown;
    type: DbType;
  }
  interface BindDefinition {
    type: DbType;
    maxSize?: number;
  }
  interface Connection {
    /** Milliseconds any single round trip may take (NJS-123 after). */
    callTimeout: number;
    execute(
      sql: string,
      binds: unknown[],
      options: { outFormat?: number; autoCommit?: boolean },
    ): Promise<{ rows?: Record<string, unknown>[]; rowsAffected?: number }>;
    executeMany(
      sql: string,
      binds: unknown[][],
      options: { autoCommit?: boolean; bindDefs?: BindDefinition[] },
    ): Promise<{ rowsAffected?: number }>;
    commit(): Promise<void>;
    rollback(): Promise<void>;
    close(options?: { drop?: boolean }): Promise<void>;
  }
  interface Pool {
    getConnection(): Promise<Connection>;
    close(drainTime?: number): Promise<void>;
  }
  interface PoolAttributes {
    user: string;
    password: string;
    connectString: string;
    poolMin?: number;
    poolMax?: number;
    poolIncrement?: number;
    /** Milliseconds a getConnection() waits for a free connection (NJS-040 after). */
    queueTimeout?: number;
    /** Seconds to establish a connection. */
    connectTimeout?: number;
    transportConnectTimeout?: number;
  }
  interface OracleDb {
    readonly thin: boolean;
    readonly OUT_FORMAT_OBJECT: number;
    readonly DB_TYPE_NVARCHAR: DbType;
    readonly DB_TYPE_NUMBER: DbType;
    createPool(attributes: PoolAttributes): Promise<Pool>;
  }
  const oracledb: OracleDb;
  export default oracledb;
  export type { BindDefinition, BindValue, Connection, DbType, Pool };
}
