import type { AccountingPolicy } from "../domain/accounting-policy.js";
import { isValidTimeZone } from "../domain/jde-date.js";
import type { JournalDocument } from "../domain/journal.js";
import type { OrderSnapshot } from "../domain/order.js";
import { applyOpenPeriod, checkOpenPeriod } from "./apply-open-period.js";
import { balanceWithReceivable } from "./balance-with-receivable.js";
import { buildJournalDocuments, type MappedEvent } from "./build-journal-documents.js";
import { collectFinancialEvents, type FinancialEvent, isTestOrder } from "./collect-financial-events.js";
import { type DeferralPlan, planDeferrals } from "./deferred-revenue-ledger.js";
import { mapFulfillment } from "./map-fulfillment.js";
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
 * GL date. Events before `accountingStartDate` are adopted (booked by the old process, never sent);
 * that is decided on the event's own date, before a closed period rolls it forward. Any problem
 * refuses the whole order with every problem listed: an order is never half-mapped.
 */
export function mapOrderToJournalDocuments(input: MappingInput): MappingResult {
  const { order, policy } = input;
  const policyProblems = checkOrderAgainstPolicy(order, policy);
  if (policyProblems.length > 0) return { ok: false, problems: policyProblems };
  if (isTestOrder(order) && !policy.includeTestOrders) return skipTestOrder(order);

  const deferring = policy.recognition === "fulfillment";
  const collected = collectFinancialEvents(order, policy.timezone, deferring);
  // The whole history, posted events included, so every event maps the same way on every re-read.
  const deferrals = deferring ? planDeferrals(order, collected.events) : undefined;
  const plan = planEvents(collected.events, input);
  const dated = applyOpenPeriod(plan.pending, policy.openPeriod);
  const mapped = dated.events.map((event) => ({ event, result: mapEvent(event, input, deferrals) }));
  const problems = [
    ...collected.problems,
    ...dated.problems,
    ...mapped.flatMap(({ result }) => result.problems),
  ];
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
  if (policy.recognition !== "order" && policy.recognition !== "fulfillment") {
    const message = `recognition '${policy.recognition}' is not supported; use 'order' or 'fulfillment'`;
    problems.push(mappingProblem("UNSUPPORTED_POLICY", message));
  }
  const windowProblem = policy.openPeriod ? checkOpenPeriod(policy.openPeriod) : null;
  if (windowProblem) problems.push(windowProblem);
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
  // Fulfillments are not listed: they are financial events only under fulfillment recognition.
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
    } else if (startDate !== null && event.localDate < startDate) {
      plan.adoptedEventIds.push(event.id);
    } else {
      plan.pending.push(event);
    }
  }
  return plan;
}

function mapEvent(event: FinancialEvent, input: MappingInput, deferrals?: DeferralPlan): MappedLines {
  const addressNumber = input.customerAddressNumber ?? null;
  const ruleDate = event.localDate;
  if (event.type === "sales") {
    return mapSalesEvent({
      ...input,
      event: event.sales,
      ruleDate,
      addressNumber,
      ...(deferrals ? { deferrals } : {}),
    });
  }
  if (event.type === "fulfillment") {
    const moved = deferrals?.fulfillments.get(event.id) ?? [];
    return mapFulfillment({ ...input, fulfillment: event.fulfillment, ruleDate, moved });
  }
  const money = mapPayment(event.payment, input.policy);
  if (money.problems.length > 0) return money;
  return { lines: balanceWithReceivable(money.lines, input.policy, addressNumber), problems: [] };
}
