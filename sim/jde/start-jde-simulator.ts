import type { AddressInfo } from "node:net";
import { buildJdeServer } from "./build-jde-server.js";
import { type CustomerLookup, createCustomerLookup } from "./customer-lookup.js";
import {
  createDatabaseCustomerProcessor,
  type DatabaseCustomerProcessor,
} from "./database-customer-processor.js";
import {
  createDatabaseJournalProcessor,
  type DatabaseJournalProcessor,
} from "./database-journal-processor.js";
import { buildDefaultSeed } from "./default-seed.js";
import { createFaultSettings } from "./fault-injection.js";
import { type JdeDatabase, type JdeDatabaseOptions, openJdeDatabase } from "./jde-database.js";
import type { JdeTables } from "./jde-tables.js";
import type { JournalError } from "./journal-errors.js";
import { processStagedRows } from "./journal-processor.js";
import { createLedgerControl } from "./ledger-control.js";
import { createLedgerView, type LedgerView } from "./ledger-view.js";
import { createProcessorSchedule } from "./processor-schedule.js";
import { CUSTOMER_ORCHESTRATION, JOURNAL_ORCHESTRATION } from "./run-orchestration.js";
import { type SeedData, seedTables } from "./seed-data.js";
import { createStats, type ServerContext, type SimStats } from "./server-context.js";
import { createSessionStore, type SimUser } from "./session-store.js";
import { createSimControl, type SimControl } from "./sim-control.js";
import type { SimState } from "./sim-state.js";

export interface JdeSimulatorOptions {
  /** Default 0 (random). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default "9.2.8.3"; v2 routes need ≥ 9.2.1.2, v3 ≥ 9.2.3.3, `jde__status` ≥ 9.2.5.4. */
  toolsRelease?: string;
  /** v3 services answer 404 although the Tools Release has them (only v1/v2 exposed). Default false. */
  v3Hidden?: boolean;
  /** defaultconfig capabilityList names. Default: every capability up to the Tools Release. */
  capabilities?: string[];
  /** Default SVC_SHOP / demo_password / JPD920 / *ALL. */
  users?: SimUser[];
  /** Idle timeout of a session; expired tokens → 444. Default 30 min. */
  tokenTtlMs?: number;
  /** Absolute session lifetime from login, however busy. Default: none. */
  tokenMaxAgeMs?: number;
  /** "staged" (default): rows wait in F0911Z1 for the processor; "sync": processed in the call. */
  processing?: "staged" | "sync";
  /** Processor (R09110Z) interval in staged mode, and for the database stand-in. Default 200. */
  processorIntervalMs?: number;
  /** Added to each business call. Default 0. */
  latencyMs?: number;
  /** Probability (0–1) that a business call answers 500 without doing its work. Default 0. */
  errorRate?: number;
  /** With probability `rate` a business call does its work, then answers only after `ms`. */
  hangAfterWork?: { rate: number; ms: number };
  /** Seed of the draws behind errorRate and hangAfterWork (`seed` is the reference data). Default 1. */
  randomSeed?: number;
  /** Deployed orchestrations. Default ["MLC_JournalEntryBatch", "MLC_CustomerUpsert"]. */
  orchestrations?: string[];
  /** Reference data; default {@link buildDefaultSeed} (company 00100, USD). */
  seed?: SeedData;
  /** Reject G/L dates outside the company's current and next period (PBCO/PACO/PYEB). Default false. */
  enforceGlDateWindow?: boolean;
  /**
   * JDE database stand-in for direct Z-table inserts (F0911Z1, F0101Z2, F03012Z1, F01151Z1, and the
   * tables the processors write: F0911, F0011, F0101, F0116, F01151, F0115, F0111, F03012). Each cycle
   * runs R01010Z, R03010Z and the e-mail upload over rows at blank EDSP, then R09110Z over F0911Z1
   * rows at EDSP '0'. Opened (tables created) at start, closed by close().
   */
  database?: JdeDatabaseOptions;
  /** Clock in epoch ms (token expiry, audit dates). Default Date.now. */
  nowMs?: () => number;
}

export interface StagingErrorEntry {
  EDUS: string;
  EDBT: string;
  EDTN: string;
  errors: JournalError[];
}

export interface JdeSimulator {
  url: string;
  close(): Promise<void>;
  /** Live storage-form tables (mutable: tests may change reference data or insert F0911Z1 rows). */
  tables: JdeTables;
  /** The database stand-in, when started with `database`. */
  database: JdeDatabase | undefined;
  control: SimControl;
  ledger: LedgerView;
  /** P0911Z1-like list of staged documents the processor could not process. */
  stagingErrors(): StagingErrorEntry[];
  /** The Address Book as stored: list, find by ALKY, get by AN8, refused customer batch rows. */
  customers: CustomerLookup;
  stats(): SimStats;
}

const DEFAULT_USER: SimUser = {
  username: "SVC_SHOP",
  password: "demo_password",
  environment: "JPD920",
  role: "*ALL",
};

/** Starts an AIS-like server for journal entries and customers, backed by in-memory JDE tables. */
export async function startJdeSimulator(options: JdeSimulatorOptions = {}): Promise<JdeSimulator> {
  const nowMs = options.nowMs ?? Date.now;
  const seed = options.seed ?? buildDefaultSeed(nowMs());
  const state: SimState = {
    tables: seedTables(seed),
    nextNumbers: { document: 1_000, batch: 5_000, addressNumber: 90_000, ...seed.nextNumbers },
    managerApprovalOfInput: seed.managerApprovalOfInput ?? false,
    enforceGlDateWindow: options.enforceGlDateWindow ?? false,
    stagingErrors: new Map(),
    rejectOnProcess: new Set(),
    customerRejections: [],
    customerBatchRejections: [],
    customerBatchErrors: new Map(),
    nowMs,
  };
  const context = createContext(options, state, nowMs);
  const database = options.database && (await openJdeDatabase(options.database));
  const fromDatabase = database && createDatabaseJournalProcessor({ state, database });
  const customerBatches =
    database && createDatabaseCustomerProcessor({ state, database, stats: context.stats });
  try {
    await fromDatabase?.loadExisting();
    await customerBatches?.loadExisting();
  } catch (error) {
    await database?.close();
    throw error;
  }
  const schedule = createProcessorSchedule({
    intervalMs:
      context.processing === "staged" || database ? (options.processorIntervalMs ?? 200) : undefined,
    runCycle: () => runProcessorCycle(context, { journals: fromDatabase, customers: customerBatches }),
    onPausedTick: () => {
      context.stats.processorPausedTicks += 1;
    },
  });
  const host = options.host ?? "127.0.0.1";
  const app = buildJdeServer(context);
  try {
    await app.listen({ port: options.port ?? 0, host });
  } catch (error) {
    await schedule.stop();
    await database?.close();
    throw error;
  }
  const port = (app.server.address() as AddressInfo).port;
  const { control, shutdown } = createSimControl({
    app,
    context,
    schedule,
    customerCycle: () => runCustomerCycle(context, customerBatches),
    ledger: createLedgerControl({ state, database, schedule }),
    host,
    port,
  });

  return {
    url: `http://${host}:${port}`,
    tables: state.tables,
    database,
    ledger: createLedgerView(state.tables),
    stats: () => structuredClone(context.stats),
    stagingErrors: () =>
      [...state.stagingErrors.entries()].map(([key, errors]) => {
        const [EDUS = "", EDBT = "", EDTN = ""] = key.split("|");
        return { EDUS, EDBT, EDTN, errors };
      }),
    customers: createCustomerLookup(state),
    control,
    close: async () => {
      await schedule.stop();
      await shutdown();
      await app.close();
      await database?.close();
    },
  };
}

function createContext(options: JdeSimulatorOptions, state: SimState, nowMs: () => number): ServerContext {
  return {
    state,
    sessions: createSessionStore({
      ttlMs: options.tokenTtlMs ?? 30 * 60_000,
      maxAgeMs: options.tokenMaxAgeMs,
      nowMs,
    }),
    users: options.users ?? [DEFAULT_USER],
    orchestrations: options.orchestrations ?? [JOURNAL_ORCHESTRATION, CUSTOMER_ORCHESTRATION],
    processing: options.processing ?? "staged",
    latencyMs: options.latencyMs ?? 0,
    jasServer: "http://jas.sim.local:8080",
    defaultEnvironment: options.users?.[0]?.environment ?? "JPD920",
    defaultRole: "*ALL",
    toolsRelease: options.toolsRelease ?? "9.2.8.3",
    v3Hidden: options.v3Hidden ?? false,
    capabilities: options.capabilities && [...options.capabilities],
    down: false,
    customerProcessorsPaused: false,
    failures: [],
    faults: createFaultSettings({
      seed: options.randomSeed ?? 1,
      errorRate: options.errorRate,
      hangAfterWork: options.hangAfterWork,
    }),
    stats: createStats(),
  };
}

/**
 * One processor cycle: the customer programs first (R01010Z before R09110Z is the documented
 * prerequisite for orders posted with a new AN8) unless paused, then R09110Z over staged orchestration
 * rows in memory and over the database stand-in's F0911Z1. Mirrored database rows are left to the
 * database pass (their EDSP is written there). A failing step ends the cycle; the next one retries.
 */
async function runProcessorCycle(
  context: ServerContext,
  processors: { journals?: DatabaseJournalProcessor; customers?: DatabaseCustomerProcessor },
): Promise<void> {
  const { state, stats } = context;
  const { journals, customers } = processors;
  stats.processorCycles += 1;
  if (customers && context.customerProcessorsPaused) stats.customerProcessorPausedTicks += 1;
  else await runCustomerCycle(context, customers);
  const pending = state.tables.F0911Z1.filter((row) => row.VNEDSP === "0" && !journals?.isMirrored(row));
  if (pending.length > 0) processStagedRows(state, pending);
  let databaseHadRows = false;
  try {
    databaseHadRows = (await journals?.runCycle()) ?? false;
  } catch (error) {
    stats.processorErrors += 1;
    throw error;
  } finally {
    if (pending.length > 0 || databaseHadRows) stats.processorRuns += 1;
  }
}

/** R01010Z, R03010Z and the e-mail upload once (nothing without a database stand-in). */
async function runCustomerCycle(
  context: ServerContext,
  customers: DatabaseCustomerProcessor | undefined,
): Promise<void> {
  try {
    await customers?.runCycle();
  } catch (error) {
    context.stats.processorErrors += 1;
    throw error;
  }
}
