import type { FastifyRequest } from "fastify";
import type { FailurePlan, FaultSettings } from "./fault-injection.js";
import type { SessionStore, SimUser } from "./session-store.js";
import type { SimState } from "./sim-state.js";

export interface SimStats {
  tokenRequests: number;
  validateRequests: number;
  logoutRequests: number;
  /** Stateless (Basic or username/password) business calls, each a temporary AIS session. */
  statelessLogins: number;
  /** Requests per endpoint label, e.g. `v3/orchestrator/MLC_JournalEntryBatch`, `v2/dataservice`. */
  calls: Record<string, number>;
  /** Orchestration and data-service calls (what AIS call budgets count). */
  businessCalls: number;
  http403: number;
  http444: number;
  http5xx: number;
  injectedFailures: number;
  /** Calls whose response was held after the work (hangAfterWork). */
  hungResponses: number;
  /** Processor (R09110Z) cycles run, with or without work. */
  processorCycles: number;
  /** Cycles that had rows to process. */
  processorRuns: number;
  /** Cycles that failed (e.g. the stand-in database was unreachable); retried next cycle. */
  processorErrors: number;
  /** Timer ticks skipped while the processor was paused. */
  processorPausedTicks: number;
  documentsStaged: number;
  documentsAccepted: number;
  documentsRejected: number;
  /** Customer rows of `MLC_CustomerUpsert` by outcome (AIS calls per customer: calls ÷ created + updated). */
  customersCreated: number;
  customersUpdated: number;
  customersRejected: number;
  /** Data-service requests per targetName (e.g. the F0101 and F01151 customer look-ups). */
  dataServiceByTable: Record<string, number>;
  /** Rows the customer batch processors set to `Y` / `N`, per Z table (F0101Z2, F03012Z1, F01151Z1). */
  customerBatchRows: Record<string, { processed: number; refused: number }>;
  /** Cycles in which a customer batch processor had rows; ticks they skipped while paused. */
  customerProcessorRuns: number;
  customerProcessorPausedTicks: number;
}

export function createStats(): SimStats {
  return {
    tokenRequests: 0,
    validateRequests: 0,
    logoutRequests: 0,
    statelessLogins: 0,
    calls: {},
    businessCalls: 0,
    http403: 0,
    http444: 0,
    http5xx: 0,
    injectedFailures: 0,
    hungResponses: 0,
    processorCycles: 0,
    processorRuns: 0,
    processorErrors: 0,
    processorPausedTicks: 0,
    documentsStaged: 0,
    documentsAccepted: 0,
    documentsRejected: 0,
    customersCreated: 0,
    customersUpdated: 0,
    customersRejected: 0,
    dataServiceByTable: {},
    customerBatchRows: {},
    customerProcessorRuns: 0,
    customerProcessorPausedTicks: 0,
  };
}

/** Everything the routes need; mutable fields are changed by the control API. */
export interface ServerContext {
  state: SimState;
  sessions: SessionStore;
  users: SimUser[];
  orchestrations: string[];
  processing: "staged" | "sync";
  latencyMs: number;
  jasServer: string;
  defaultEnvironment: string;
  defaultRole: string;
  toolsRelease: string;
  /** v3 routes answer 404 whatever the Tools Release (a proxy or AIS setup exposing only v1/v2). */
  v3Hidden: boolean;
  /** defaultconfig capabilityList names; undefined = every capability up to the Tools Release. */
  capabilities: string[] | undefined;
  down: boolean;
  /** `control.pauseCustomerProcessors`: cycles skip R01010Z, R03010Z and the e-mail upload. */
  customerProcessorsPaused: boolean;
  failures: FailurePlan[];
  faults: FaultSettings;
  stats: SimStats;
}

export function countCall(context: ServerContext, label: string): void {
  context.stats.calls[label] = (context.stats.calls[label] ?? 0) + 1;
}

/** Header value as a single string. */
export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function bodyRecord(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
