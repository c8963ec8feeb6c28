import { aisTimestamp, compareRelease, serviceError } from "./ais-responses.js";
import { parseCustomerInput } from "./customer-input.js";
import { type CustomerRowOutcome, runCustomerBatch } from "./customer-orchestration.js";
import { parseGenericInput, parseStandardInput } from "./journal-input.js";
import { type DocumentOutcome, runJournalBatch } from "./journal-orchestration.js";
import type { ServerContext } from "./server-context.js";

export const JOURNAL_ORCHESTRATION = "MLC_JournalEntryBatch";
export const CUSTOMER_ORCHESTRATION = "MLC_CustomerUpsert";

/** `jde__status` and friends exist from Tools 9.2.5.4 (reference/jde-ais.md §3.3). */
const STATUS_OUTPUT_RELEASE = "9.2.5.4";

interface OrchestrationCall {
  version: "v1" | "v2" | "v3";
  name: string;
  body: unknown;
  username: string;
}

/**
 * Runs one deployed orchestration. v3 answers typed JSON; v1/v2 answer strings only. Either input
 * format (Generic or JDE Standard `detailInputs`) is accepted on every version.
 */
export function runOrchestration(
  context: ServerContext,
  call: OrchestrationCall,
): { status: number; body: unknown } {
  const started = new Date(context.state.nowMs());
  if (!context.orchestrations.includes(call.name)) {
    return { status: 404, body: serviceError(`Orchestration ${call.name} not found`) };
  }
  if (call.name === JOURNAL_ORCHESTRATION) return journal(context, call, started);
  if (call.name === CUSTOMER_ORCHESTRATION) return customer(context, call, started);
  return { status: 200, body: { ...statusFields(context, started, "SUCCESS", "No steps", call.version) } };
}

function journal(context: ServerContext, call: OrchestrationCall, started: Date) {
  const body = call.body as Record<string, unknown> | undefined;
  const parsed = body && "detailInputs" in body ? parseStandardInput(body) : parseGenericInput(body);
  if (!parsed.ok)
    return { status: 500, body: serviceError(parsed.message, { userDefinedErrorText: parsed.message }) };
  const outcomes = runJournalBatch(context.state, parsed.rows, {
    processing: context.processing,
    user: call.username,
  });
  const rejected = outcomes.filter((o) => o.status === "rejected").length;
  const stats = context.stats;
  stats.documentsRejected += rejected;
  stats.documentsStaged += outcomes.filter((o) => o.status === "staged").length;
  stats.documentsAccepted += outcomes.filter((o) => o.status === "accepted").length;
  const message =
    rejected > 0
      ? `${rejected} of ${outcomes.length} documents rejected`
      : `${outcomes.length} documents ${context.processing === "sync" ? "accepted" : "staged"}`;
  const status = rejected > 0 ? "ERROR" : "SUCCESS";
  const documents = call.version === "v3" ? outcomes : outcomes.map(stringifyOutcome);
  return {
    status: 200,
    body: { Documents: documents, ...statusFields(context, started, status, message, call.version) },
  };
}

function customer(context: ServerContext, call: OrchestrationCall, started: Date) {
  const parsed = parseCustomerInput(call.body);
  if (!parsed.ok)
    return { status: 500, body: serviceError(parsed.message, { userDefinedErrorText: parsed.message }) };
  const outcomes = runCustomerBatch(context.state, parsed.rows);
  const rejected = outcomes.filter((o) => o.errors).length;
  const stats = context.stats;
  stats.customersRejected += rejected;
  stats.customersCreated += outcomes.filter((o) => o.action === "created").length;
  stats.customersUpdated += outcomes.filter((o) => o.action === "updated").length;
  const message =
    rejected > 0
      ? `${rejected} of ${outcomes.length} customers rejected`
      : `${outcomes.length} customers stored`;
  const customers = call.version === "v3" ? outcomes : outcomes.map(stringifyCustomer);
  return {
    status: 200,
    body: {
      Customers: customers,
      ...statusFields(context, started, rejected > 0 ? "ERROR" : "SUCCESS", message, call.version),
    },
  };
}

function statusFields(
  context: ServerContext,
  started: Date,
  status: "SUCCESS" | "ERROR",
  message: string,
  version: OrchestrationCall["version"],
): Record<string, unknown> {
  if (compareRelease(context.toolsRelease, STATUS_OUTPUT_RELEASE) < 0) return {};
  const ended = new Date(context.state.nowMs());
  const seconds = Math.max(0, (ended.getTime() - started.getTime()) / 1000);
  return {
    jde__status: status,
    jde__simpleMessage: message,
    jde__startTimestamp: aisTimestamp(started),
    jde__endTimestamp: aisTimestamp(ended),
    jde__serverExecutionSeconds: version === "v3" ? seconds : String(seconds),
  };
}

function stringifyOutcome(outcome: DocumentOutcome): Record<string, unknown> {
  return {
    EDTN: outcome.EDTN,
    status: outcome.status,
    ...(outcome.DOC === undefined ? {} : { DOC: String(outcome.DOC) }),
    ...(outcome.ICU === undefined ? {} : { ICU: String(outcome.ICU) }),
    ...(outcome.errors ? { errors: outcome.errors } : {}),
  };
}

function stringifyCustomer(outcome: CustomerRowOutcome): Record<string, unknown> {
  return { ...outcome, AN8: String(outcome.AN8) };
}
