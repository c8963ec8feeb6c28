import type { AccountingPolicy } from "../domain/accounting-policy.js";
import { formatAccount, type JournalLine } from "../domain/journal.js";
import type { OrderSnapshot } from "../domain/order.js";
import { collectFinancialEvents, type FinancialEvent } from "../mapping/collect-financial-events.js";
import { mapOrderToJournalDocuments } from "../mapping/map-order-to-journal-documents.js";
import type { FiscalPeriod } from "./fiscal-period.js";
import type { ExpectedOrder, ReconcileLine } from "./reconciliation.js";
import { checkTimeZone } from "./shop-day.js";

export interface ExpectedOrderInput {
  order: OrderSnapshot;
  policy: AccountingPolicy;
  period: Pick<FiscalPeriod, "firstDate" | "lastDate">;
  /** Event id → the GL date the connector posted the event on (posting store); absent = not posted. */
  postedGlDates: ReadonlyMap<string, string>;
}

/** What one financial event maps to today, on the GL date reconciliation expects it. */
interface EventOutcome {
  eventId: string;
  glDate: string;
  lines: ReconcileLine[];
  problems: string[];
}

/**
 * Side (a) of the reconciliation for one order: the lines its financial events map to today, per GL
 * date inside the period, or null when nothing of the order belongs to the period.
 *
 * Each event is mapped on its own (the mapping told that every other event is posted already), not
 * the order at once, because the mapping merges one GL date's events into one document and their
 * lines cannot be told apart afterwards; but a GL date is per event: the connector may have posted a
 * late payment on the first open date after the sale's day was closed. One mapping call per event
 * keeps every rule of the job (adoption, test orders, deferrals planned over the whole history) and
 * costs O(events²) per order, nothing next to the reads behind it.
 *
 * An event lands on the date the connector posted it, else on its own shop day. The closed-period roll
 * happens inside the mapping (`applyOpenPeriod`, from the policy's `openPeriod`), so it is switched off
 * here: today's JDE window says where an unposted event would post now, not which period it belongs
 * to, and an event after the window would refuse the whole order (PERIOD_NOT_OPEN).
 *
 * An event in the period that does not map makes the order report its problems and no lines, as the
 * job parks the whole order (never half-mapped). A failing event outside the period does not.
 * Summary mode (`summary: daily`) changes nothing here: the job maps the same way, without an AN8,
 * and merges the lines per day downstream; these lines carry no AN8 either.
 */
export function expectedOrder(input: ExpectedOrderInput): ExpectedOrder | null {
  const { order, period } = input;
  checkTimeZone(input.policy.timezone);
  const outcomes = mapEachEvent(input).filter(
    (outcome) => period.firstDate <= outcome.glDate && outcome.glDate <= period.lastDate,
  );
  const problems = [...new Set(outcomes.flatMap((outcome) => outcome.problems))];
  const documents = problems.length > 0 ? [] : documentsByDate(outcomes);
  if (documents.length === 0 && problems.length === 0) return null;
  return { orderId: order.id, orderName: order.name, documents, problems };
}

function mapEachEvent(input: ExpectedOrderInput): EventOutcome[] {
  const policy: AccountingPolicy = { ...input.policy, openPeriod: null };
  const deferring = policy.recognition === "fulfillment";
  // The mapping's own event list: under fulfillment recognition fulfillments are financial events too.
  const { events } = collectFinancialEvents(input.order, policy.timezone, deferring);
  return events.map((event) => mapOneEvent(event, events, { ...input, policy }));
}

function mapOneEvent(
  event: FinancialEvent,
  events: readonly FinancialEvent[],
  input: ExpectedOrderInput,
): EventOutcome {
  const alreadyPosted = new Set(events.filter((other) => other.id !== event.id).map((other) => other.id));
  const result = mapOrderToJournalDocuments({ order: input.order, policy: input.policy, alreadyPosted });
  const glDate = input.postedGlDates.get(event.id) ?? event.localDate;
  if (!result.ok) {
    return { eventId: event.id, glDate, lines: [], problems: result.problems.map((p) => p.message) };
  }
  // No document when the event is adopted, skipped (test order) or nets to zero: nothing expected.
  const lines = result.documents.flatMap((document) => document.lines.map(toReconcileLine));
  return { eventId: event.id, glDate, lines, problems: [] };
}

function toReconcileLine(line: JournalLine): ReconcileLine {
  return { account: line.account, amountMinor: line.amountMinor };
}

/**
 * One entry per GL date (ascending) with its events' lines summed per account. A date whose lines
 * all come to zero is left out, as the job posts no document for it and records none of its events.
 */
function documentsByDate(outcomes: readonly EventOutcome[]): ExpectedOrder["documents"] {
  const byDate = new Map<string, EventOutcome[]>();
  for (const outcome of outcomes.filter((candidate) => candidate.lines.length > 0)) {
    byDate.set(outcome.glDate, [...(byDate.get(outcome.glDate) ?? []), outcome]);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([glDate, group]) => ({
      glDate,
      eventIds: group.map((outcome) => outcome.eventId),
      lines: sumPerAccount(group.flatMap((outcome) => outcome.lines)),
    }))
    .filter((document) => document.lines.length > 0);
}

/** Lines summed per account (BU = cost center), in the order accounts first appear; zeros dropped. */
function sumPerAccount(lines: readonly ReconcileLine[]): ReconcileLine[] {
  const totals = new Map<string, ReconcileLine>();
  for (const line of lines) {
    const key = formatAccount(line.account);
    const total = totals.get(key);
    totals.set(key, { account: line.account, amountMinor: (total?.amountMinor ?? 0n) + line.amountMinor });
  }
  return [...totals.values()].filter((line) => line.amountMinor !== 0n);
}
