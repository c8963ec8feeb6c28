import { oracleDialect } from "./oracle-dialect.js";
import { postgresDialect } from "./postgres-dialect.js";
import type { DialectName, SqlDialect } from "./sql-dialect.js";
import { sqliteDialect } from "./sqlite-dialect.js";
import { sqlServerDialect } from "./sqlserver-dialect.js";

const DIALECTS: Record<DialectName, SqlDialect> = {
  oracle: oracleDialect,
  sqlserver: sqlServerDialect,
  postgres: postgresDialect,
  sqlite: sqliteDialect,
};

export function dialectFor(name: DialectName): SqlDialect {
  return DIALECTS[name];
}
