import type { AddressInfo } from "node:net";
import { buildJdeServer } from "./build-jde-server.js";
import { buildDefaultSeed } from "./default-seed.js";
import type { JdeTables } from "./jde-tables.js";
import type { JournalError } from "./journal-errors.js";
import { processStagedRows } from "./journal-processor.js";
import { createLedgerView, type LedgerView } from "./ledger-view.js";
import { CUSTOMER_ORCHESTRATION, JOURNAL_ORCHESTRATION } from "./run-orchestration.js";
import { type SeedData, seedTables } from "./seed-data.js";
import { createStats, type ServerContext, type SimStats } from "./server-context.js";
import { createSessionStore, type SimUser } from "./session-store.js";
import type { SimState } from "./sim-state.js";

export interface JdeSimulatorOptions {
  /** Default 0 (random). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default "9.2.8.3"; v2 routes need ≥ 9.2.1.2, v3 ≥ 9.2.3.3, `jde__status` ≥ 9.2.5.4. */
  toolsRelease?: string;
  /** Default SVC_SHOP / demo_password / JPD920 / *ALL. */
  users?: SimUser[];
  /** Idle timeout of a session; expired tokens → 444. Default 30 min. */
  tokenTtlMs?: number;
  /** "staged" (default): rows wait in F0911Z1 for the processor; "sync": processed in the call. */
  processing?: "staged" | "sync";
  /** Processor (R09110Z) interval in staged mode. Default 200. */
  processorIntervalMs?: number;
  /** Added to each business call. Default 0. */
  latencyMs?: number;
  /** Deployed orchestrations. Default ["MLC_JournalEntryBatch", "MLC_CustomerUpsert"]. */
  orchestrations?: string[];
  /** Reference data; default {@link buildDefaultSeed} (company 00100, USD). */
  seed?: SeedData;
  /** Reject G/L dates outside the company's current and next period (PBCO/PACO/PYEB). Default false. */
  enforceGlDateWindow?: boolean;
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
  control: {
    /** Next call with any existing token → 444. */
    expireAllTokens(): void;
    /**
     * Drops all sessions (tokens → 444); optionally changes the Tools Release. Keep-alive connections
     * stay open (closing them races with clients reusing them; use setDown "refuse" for that).
     */
    restart(options?: { toolsRelease?: string }): Promise<void>;
    /** "503" (default): every request answers 503; "refuse": the port stops listening. */
    setDown(down: boolean, mode?: "503" | "refuse"): Promise<void>;
    /** The next `n` business calls answer `status`; "afterWork" does the work first (lost response). */
    failNext(n: number, status: number, when?: "beforeWork" | "afterWork"): void;
    /** Runs the R09110Z-like processor now. */
    runProcessor(): Promise<void>;
    /** The processor rejects this EDTN once (error 0099), leaving its rows at EDSP '0'. */
    rejectOnProcess(edtn: string): void;
    resetStats(): void;
  };
  ledger: LedgerView;
  /** P0911Z1-like list of staged documents the processor could not process. */
  stagingErrors(): StagingErrorEntry[];
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
    nowMs,
  };
  const host = options.host ?? "127.0.0.1";
  const context: ServerContext = {
    state,
    sessions: createSessionStore({ ttlMs: options.tokenTtlMs ?? 30 * 60_000, nowMs }),
    users: options.users ?? [DEFAULT_USER],
    orchestrations: options.orchestrations ?? [JOURNAL_ORCHESTRATION, CUSTOMER_ORCHESTRATION],
    processing: options.processing ?? "staged",
    latencyMs: options.latencyMs ?? 0,
    jasServer: "http://jas.sim.local:8080",
    defaultEnvironment: options.users?.[0]?.environment ?? "JPD920",
    defaultRole: "*ALL",
    toolsRelease: options.toolsRelease ?? "9.2.8.3",
    down: false,
    failures: [],
    stats: createStats(),
  };
  const app = buildJdeServer(context);
  await app.listen({ port: options.port ?? 0, host });
  const port = (app.server.address() as AddressInfo).port;
  const runProcessor = () => {
    if (!state.tables.F0911Z1.some((row) => row.VNEDSP === "0")) return;
    context.stats.processorRuns += 1;
    processStagedRows(state);
  };
  const timer =
    context.processing === "staged"
      ? setInterval(runProcessor, options.processorIntervalMs ?? 200)
      : undefined;
  timer?.unref();
  let refused = false;

  return {
    url: `http://${host}:${port}`,
    tables: state.tables,
    ledger: createLedgerView(state.tables),
    stats: () => structuredClone(context.stats),
    stagingErrors: () =>
      [...state.stagingErrors.entries()].map(([key, errors]) => {
        const [EDUS = "", EDBT = "", EDTN = ""] = key.split("|");
        return { EDUS, EDBT, EDTN, errors };
      }),
    control: {
      expireAllTokens: () => context.sessions.expireAll(),
      restart: async (restartOptions) => {
        context.sessions.clear();
        if (restartOptions?.toolsRelease) context.toolsRelease = restartOptions.toolsRelease;
      },
      setDown: async (down, mode = "503") => {
        if (mode === "503") {
          context.down = down;
          return;
        }
        if (down && !refused) {
          refused = true;
          await new Promise<void>((resolve) => {
            app.server.close(() => resolve());
            app.server.closeAllConnections();
          });
        } else if (!down && refused) {
          refused = false;
          await new Promise<void>((resolve) => app.server.listen(port, host, () => resolve()));
        }
      },
      failNext: (n, status, when = "beforeWork") => {
        if (n > 0) context.failures.push({ remaining: n, status, when });
      },
      runProcessor: async () => runProcessor(),
      rejectOnProcess: (edtn) => state.rejectOnProcess.add(edtn),
      resetStats: () => Object.assign(context.stats, createStats()),
    },
    close: async () => {
      if (timer) clearInterval(timer);
      if (refused) await new Promise<void>((resolve) => app.server.listen(port, host, () => resolve()));
      await app.close();
    },
  };
}
