import type { ResolvedJdeDatabaseConfig } from "../../config/jde-database-schema.js";
import { openOracleJdeDatabase } from "./adapters/oracle-jde-database.js";
import { openPostgresJdeDatabase } from "./adapters/postgres-jde-database.js";
import { openSqliteJdeDatabase } from "./adapters/sqlite-jde-database.js";
import { openSqlServerJdeDatabase } from "./adapters/sqlserver-jde-database.js";
import type { JdeDatabasePort } from "./jde-database-port.js";

/**
 * Opens the adapter the `database` block names. Oracle and SQL Server load their drivers only here,
 * so a tenant on the orchestration path never loads them. Connections are made on first use.
 */
export async function openJdeDatabasePort(
  config: ResolvedJdeDatabaseConfig,
  options: { onBackgroundError?: (error: Error) => void } = {},
): Promise<JdeDatabasePort> {
  switch (config.dialect) {
    case "oracle":
      return openOracleJdeDatabase(config);
    case "sqlserver":
      return openSqlServerJdeDatabase(config);
    case "postgres":
      return openPostgresJdeDatabase({
        url: config.url,
        timeoutMs: config.timeoutMs,
        ...(config.user !== undefined ? { user: config.user } : {}),
        ...(config.password !== undefined ? { password: config.password } : {}),
        ...(options.onBackgroundError ? { onBackgroundError: options.onBackgroundError } : {}),
      });
    case "sqlite":
      return openSqliteJdeDatabase({ file: config.file, timeoutMs: config.timeoutMs });
  }
}
