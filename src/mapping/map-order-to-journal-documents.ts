import type { AccountingPolicy } from "../domain/accounting-policy.js";
import { isValidTimeZone } from "../domain/jde-date.js";
import type { JournalDocument } from "../domain/journal.js";
import type { OrderSnapshot } from "../domain/order.js";
import { balanceWithReceivable } from "./balance-with-receivable.js";
import { buildJournalDocuments, type MappedEvent } from "./build-journal-documents.js";
import { collectFinancialEvents, type FinancialEvent, isTestOrder } from "./collect-financial-events.js";
import { mapPayment } from "./map-payment.js";
import { mapSalesEvent } from "./map-sales-event.js";
import { type MappedLines, type MappingProblem, mappingProblem } from "./mapping-problem.js";
import { checkRevenueRules } from "./resolve-revenue-account.js";

export interface MappingInput {
  order: OrderSnapshot;
  policy: AccountingPolicy;
  alreadyPosted: ReadonlySet<string>; // event ids recorded as posted (or adopted) by the store
  customerAddressNumber?: string | null; // JDE AN8 put on receivable lines, when the customer is linked
}

export type SkippedEvent = { eventId: string; reason: string };

export type MappingResult =
  | { ok: true; documents: JournalDocument[]; adoptedEventIds: string[]; skipped: SkippedEvent[] }
  | { ok: false; problems: MappingProblem[] };

/**
 * Maps the order's financial events that are not yet posted to balanced journal documents, one per
 * GL date. Events before `accountingStartDate` are adopted (booked by the old process, never sent).
 * Any problem refuses the whole order with every problem listed: an order is never half-mapped.
 */
export function mapOrderToJournalDocuments(input: MappingInput): MappingResult {
  const { order, policy } = input;
  const policyProblems = checkOrderAgainstPolicy(order, policy);
  if (policyProblems.length > 0) return { ok: false, problems: policyProblems };
  if (isTestOrder(order) && !policy.includeTestOrders) return skipTestOrder(order);

  const collected = collectFinancialEvents(order, policy.timezone);
  const plan = planEvents(collected.events, input);
  const mapped = plan.pending.map((event) => ({ event, result: mapEvent(event, input) }));
  const problems = [...collected.problems, ...mapped.flatMap(({ result }) => result.problems)];
  if (problems.length > 0) return { ok: false, problems: distinctProblems(problems) };

  const built = buildJournalDocuments(
    order,
    policy,
    mapped.map(({ event, result }): MappedEvent => ({ event, lines: result.lines })),
  );
  if (built.problems.length > 0) return { ok: false, problems: built.problems };
  return {
    ok: true,
    documents: built.documents,
    adoptedEventIds: plan.adoptedEventIds,
    skipped: [...plan.skipped, ...built.skipped],
  };
}

function checkOrderAgainstPolicy(order: OrderSnapshot, policy: AccountingPolicy): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (order.currency.toUpperCase() !== policy.currency.toUpperCase()) {
    const message = `order ${order.name} is in ${order.currency} but the JDE company currency is ${policy.currency}`;
    problems.push(mappingProblem("CURRENCY_MISMATCH", message));
  }
  if (!isValidTimeZone(policy.timezone)) {
    problems.push(mappingProblem("INVALID_POLICY", `timezone '${policy.timezone}' is not a known IANA zone`));
  }
  if (policy.recognition !== "order") {
    const message = `recognition '${policy.recognition}' is not supported yet; only 'order' is`;
    problems.push(mappingProblem("UNSUPPORTED_POLICY", message));
  }
  return [...problems, ...checkRevenueRules(policy)];
}

/** One tax title missing on three sales of an event is one problem for the operator, not three. */
function distinctProblems(problems: readonly MappingProblem[]): MappingProblem[] {
  const seen = new Map(
    problems.map((problem) => [`${problem.code}|${problem.eventId ?? ""}|${problem.message}`, problem]),
  );
  return [...seen.values()];
}

function skipTestOrder(order: OrderSnapshot): MappingResult {
  const eventIds = [...order.salesEvents.map((event) => event.id), ...order.paymentEvents.map((p) => p.id)];
  const reason = "test order; excluded (includeTestOrders is off)";
  return {
    ok: true,
    documents: [],
    adoptedEventIds: [],
    skipped: eventIds.map((eventId) => ({ eventId, reason })),
  };
}

interface EventPlan {
  pending: FinancialEvent[];
  adoptedEventIds: string[];
  skipped: SkippedEvent[];
}

function planEvents(events: readonly FinancialEvent[], input: MappingInput): EventPlan {
  const plan: EventPlan = { pending: [], adoptedEventIds: [], skipped: [] };
  const startDate = input.policy.accountingStartDate;
  for (const event of events) {
    if (input.alreadyPosted.has(event.id)) {
      plan.skipped.push({ eventId: event.id, reason: "already posted" });
    } else if (startDate !== null && event.glDate < startDate) {
      plan.adoptedEventIds.push(event.id);
    } else {
      plan.pending.push(event);
    }
  }
  return plan;
}

function mapEvent(event: FinancialEvent, input: MappingInput): MappedLines {
  const addressNumber = input.customerAddressNumber ?? null;
  if (event.type === "sales") {
    return mapSalesEvent({ ...input, event: event.sales, glDate: event.glDate, addressNumber });
  }
  const money = mapPayment(event.payment, input.policy);
  if (money.problems.length > 0) return money;
  return { lines: balanceWithReceivable(money.lines, input.policy, addressNumber), problems: [] };
}
