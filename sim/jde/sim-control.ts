import type { FastifyInstance } from "fastify";
import { checkedRate, type FailureTiming } from "./fault-injection.js";
import type { LedgerControl } from "./ledger-control.js";
import type { ProcessorSchedule } from "./processor-schedule.js";
import { createStats, type ServerContext } from "./server-context.js";
import type { CustomerBatchRejection, CustomerRejection } from "./sim-state.js";

export type DownMode = "503" | "refuse";

/** Test and demo knobs of a running simulator (nothing here is part of the AIS wire format). */
export interface SimControl {
  /** Next call with any existing token → 444. */
  expireAllTokens(): void;
  /**
   * Drops all sessions (tokens → 444); optionally changes the Tools Release. Keep-alive connections
   * stay open (closing them races with clients reusing them; use setDown "refuse" for that).
   */
  restart(options?: { toolsRelease?: string }): Promise<void>;
  /** "503" (default): every request answers 503; "refuse": the port stops listening. */
  setDown(down: boolean, mode?: DownMode): Promise<void>;
  /** Down now, back up by itself after `ms` (resolves once down). */
  downFor(ms: number, mode?: DownMode): Promise<void>;
  /** The next `n` business calls answer `status`; "afterWork" does the work first (lost response). */
  failNext(n: number, status: number, when?: FailureTiming): void;
  /** Each business call fails with probability `rate` (seeded: `randomSeed`). Default 500, beforeWork. */
  setErrorRate(rate: number, options?: { status?: number; when?: FailureTiming }): void;
  /** With probability `rate` a business call does its work, then answers only after `ms`. */
  hangAfterWork(rate: number, ms: number): void;
  /** Delay added to each business call from now on. */
  setLatency(ms: number): void;
  /** Changes the reported Tools Release (and the routes it enables) without dropping sessions. */
  setToolsRelease(release: string): void;
  /** defaultconfig capabilityList names; undefined = every capability up to the Tools Release. */
  setCapabilities(names: string[] | undefined): void;
  /**
   * Runs a processor cycle now (also while paused), after any running cycle: the customer programs
   * (unless pauseCustomerProcessors), then R09110Z.
   */
  runProcessor(): Promise<void>;
  /** No cycle is scheduled until resumeProcessor: staged rows stay at EDSP '0' (customer rows blank). */
  pauseProcessor(): void;
  resumeProcessor(): void;
  /** Processor cycles run so far (also `stats().processorCycles`). */
  processorCycles(): number;
  /** The processor rejects this EDTN once (error 0099), leaving its rows at EDSP '0'. */
  rejectOnProcess(edtn: string): void;
  /**
   * Runs the customer programs now (R01010Z, R03010Z, the F01151Z1 upload over the database
   * stand-in), also while paused, after any running cycle.
   */
  runCustomerProcessors(): Promise<void>;
  /** Cycles skip the customer programs (rows stay at blank EDSP) until resumed; R09110Z still runs. */
  pauseCustomerProcessors(): void;
  resumeCustomerProcessors(): void;
  customers: CustomerControl;
  /** F0911/F0011 changed as someone in JDE would: lose, alter, duplicate, move, leave unposted, post. */
  ledger: LedgerControl;
  resetStats(): void;
}

/** Customer knobs: what the Address Book MBF refuses (orchestration rows and R01010Z rows alike). */
export interface CustomerControl {
  /**
   * Refuses every customer whose alpha name and/or cross-reference (ALKY) equal the given ones, with
   * this error, until cleared: the orchestration answers the row with `errors`, R01010Z sets EDSP 'N'.
   */
  rejectWhere(match: CustomerRejection["match"], error: CustomerRejection["error"]): void;
  /**
   * The processors refuse every row of this batch table for this AN8 (and action), with this error,
   * until cleared: EDSP 'N', nothing written — e.g. an F0101Z2 change, an F03012Z1 or F01151Z1 row.
   */
  rejectBatchRows(match: CustomerBatchRejection["match"], error: CustomerBatchRejection["error"]): void;
  /** Clears both kinds of rule. */
  clearRejections(): void;
}

/** The control API over a listening server; `shutdown` undoes what would keep close() waiting. */
export function createSimControl(deps: {
  app: FastifyInstance;
  context: ServerContext;
  schedule: ProcessorSchedule;
  /** One run of the customer programs (R01010Z, R03010Z, e-mail upload). */
  customerCycle: () => Promise<void>;
  ledger: LedgerControl;
  host: string;
  port: number;
}): { control: SimControl; shutdown(): Promise<void> } {
  const { app, context, schedule } = deps;
  let refused = false;
  let backUp: NodeJS.Timeout | undefined;

  const setDown = async (down: boolean, mode: DownMode = "503") => {
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
      await listenAgain();
    }
  };
  const listenAgain = () =>
    new Promise<void>((resolve) => app.server.listen(deps.port, deps.host, () => resolve()));

  const control: SimControl = {
    expireAllTokens: () => context.sessions.expireAll(),
    restart: async (options) => {
      context.sessions.clear();
      if (options?.toolsRelease) context.toolsRelease = options.toolsRelease;
    },
    setDown,
    downFor: async (ms, mode = "503") => {
      clearTimeout(backUp);
      await setDown(true, mode);
      // A failed re-listen shows up as refused connections in the test that asked for it.
      backUp = setTimeout(() => void setDown(false, mode).catch(() => undefined), ms);
      backUp.unref();
    },
    failNext: (n, status, when = "beforeWork") => {
      if (n > 0) context.failures.push({ remaining: n, status, when });
    },
    setErrorRate: (rate, options = {}) => {
      context.faults.errorRate = {
        rate: checkedRate(rate),
        status: options.status ?? 500,
        when: options.when ?? "beforeWork",
      };
    },
    hangAfterWork: (rate, ms) => {
      context.faults.hangAfterWork = { rate: checkedRate(rate), ms };
    },
    setLatency: (ms) => {
      context.latencyMs = ms;
    },
    setToolsRelease: (release) => {
      context.toolsRelease = release;
    },
    setCapabilities: (names) => {
      context.capabilities = names && [...names];
    },
    runProcessor: () => schedule.runNow(),
    pauseProcessor: () => schedule.pause(),
    resumeProcessor: () => schedule.resume(),
    processorCycles: () => context.stats.processorCycles,
    rejectOnProcess: (edtn) => context.state.rejectOnProcess.add(edtn),
    runCustomerProcessors: () => schedule.runNow(deps.customerCycle),
    pauseCustomerProcessors: () => {
      context.customerProcessorsPaused = true;
    },
    resumeCustomerProcessors: () => {
      context.customerProcessorsPaused = false;
    },
    customers: {
      rejectWhere: (match, error) => {
        if (match.alphaName === undefined && match.alky === undefined)
          throw new Error("rejectWhere needs alphaName or alky");
        context.state.customerRejections.push({ match: { ...match }, error: { ...error } });
      },
      rejectBatchRows: (match, error) => {
        context.state.customerBatchRejections.push({ match: { ...match }, error: { ...error } });
      },
      clearRejections: () => {
        context.state.customerRejections.length = 0;
        context.state.customerBatchRejections.length = 0;
      },
    },
    ledger: deps.ledger,
    resetStats: () => Object.assign(context.stats, createStats()),
  };

  return {
    control,
    shutdown: async () => {
      clearTimeout(backUp);
      for (const release of [...context.faults.heldResponses]) release();
      if (refused) await listenAgain();
      refused = false;
    },
  };
}
