/**
 * JD Edwards AIS Server simulator (journal entries and customers). Independent witness of the AIS wire
 * format: imports nothing from `src/`.
 */
import { parseJdeDatabaseUrl } from "./jde-database.js";
import { type JdeSimulator, startJdeSimulator } from "./start-jde-simulator.js";

export type { F0101Z2Row, F01151Z1Row, F03012Z1Row } from "./customer-batch-tables.js";
export type { CustomerBatchErrorEntry, CustomerLookup, CustomerRecordView } from "./customer-lookup.js";
export { buildDefaultSeed } from "./default-seed.js";
export type { FailureTiming } from "./fault-injection.js";
export {
  type JdeDatabase,
  type JdeDatabaseOptions,
  openJdeDatabase,
  parseJdeDatabaseUrl,
  type SqlStatement,
  type StandInDialect,
} from "./jde-database.js";
export {
  type CustomerMasterTableName,
  type DatabaseColumnKind,
  type DatabaseColumnSpec,
  type DatabaseTableSpec,
  JDE_DATABASE_TABLES,
  type JdeDatabaseTableName,
} from "./jde-database-tables.js";
export {
  formatMinor,
  isoToJulian,
  julianToIso,
  padMcu,
  parseDecimalToMinor,
} from "./jde-formats.js";
export type {
  F0006Row,
  F0008Row,
  F0010Row,
  F0011Row,
  F0013Row,
  F0101Row,
  F0111Row,
  F0115Row,
  F0116Row,
  F0901Row,
  F0911Row,
  F0911Z1Row,
  F01151Row,
  F03012Row,
  JdeTableName,
  JdeTables,
  NextNumbers,
} from "./jde-tables.js";
export { JOURNAL_ERRORS, type JournalError } from "./journal-errors.js";
export type { LedgerControl, LedgerDocumentKey, LineAmountChange } from "./ledger-control.js";
export type { LedgerDocument, LedgerLine, LedgerView } from "./ledger-view.js";
export type { SeedData } from "./seed-data.js";
export type { SimStats } from "./server-context.js";
export type { SimUser } from "./session-store.js";
export type { CustomerControl, DownMode, SimControl } from "./sim-control.js";
export {
  type JdeSimulator,
  type JdeSimulatorOptions,
  type StagingErrorEntry,
  startJdeSimulator,
} from "./start-jde-simulator.js";

/** What `ml-connector sim jde` can set (already parsed and checked by the CLI). */
export interface JdeSimulatorCliOptions {
  port?: number;
  host?: string;
  toolsRelease?: string;
  latencyMs?: number;
  errorRate?: number;
  tokenTtlMs?: number;
  processing?: "staged" | "sync";
  /** `sqlite:<file>` or `postgres://…`: the JDE database stand-in for direct F0911Z1 inserts. */
  database?: string;
}

/**
 * Starts the simulator on a fixed port (default 9300) with the default seed, for `ml-connector sim jde`
 * and the demo. The caller prints the URL.
 */
export async function startJdeSimulatorFromCli(options: JdeSimulatorCliOptions = {}): Promise<JdeSimulator> {
  return startJdeSimulator({
    port: options.port ?? 9300,
    host: options.host ?? "127.0.0.1",
    latencyMs: options.latencyMs ?? 0,
    toolsRelease: options.toolsRelease,
    errorRate: options.errorRate,
    tokenTtlMs: options.tokenTtlMs,
    processing: options.processing,
    database: options.database === undefined ? undefined : parseJdeDatabaseUrl(options.database),
  });
}
