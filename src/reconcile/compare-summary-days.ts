import {
  type AccountAmounts,
  accountList,
  addLines,
  isInPeriod,
  nonZeroLines,
  sumByAccount,
} from "./ledger-lines.js";
import {
  documentsWithUnpostedEvents,
  earliestDate,
  postedEventIds,
  problemsSentence,
} from "./posted-events.js";
import type { ConnectorDocument, ExpectedOrder, ReconcilePeriod, Variance } from "./reconciliation.js";
import { countOf, type VarianceOrder } from "./variance-parts.js";

export interface SummaryDaysInput {
  period: ReconcilePeriod;
  expected: readonly ExpectedOrder[];
  connector: readonly ConnectorDocument[];
}

interface ShopDay {
  expected: AccountAmounts;
  posted: AccountAmounts;
  /** Orders with an event of the day that no connector document holds. */
  unpostedOrders: Map<string, VarianceOrder>;
  connectorKeys: string[];
  documentNumbers: string[];
}

/**
 * Rule 4 for summary tenants (`summary: daily`): a summary document carries no order, so each day's
 * expected lines of all orders are compared with the lines of the day's connector documents (summaries,
 * supplements, and any per-order document or correction, should the tenant have switched mode). Orders
 * the mapping cannot map today are reported one by one, as in order mode.
 */
export function compareSummaryDays(input: SummaryDaysInput): Variance[] {
  const days = collectDays(input);
  const dayVariances = [...days].flatMap(([glDate, day]) => dayVariance(glDate, day) ?? []);
  return [...dayVariances, ...input.expected.flatMap((order) => unmappableOrder(order, input.period) ?? [])];
}

function collectDays(input: SummaryDaysInput): Map<string, ShopDay> {
  const days = new Map<string, ShopDay>();
  const dayOf = (glDate: string): ShopDay => {
    let day = days.get(glDate);
    if (!day) {
      day = {
        expected: new Map(),
        posted: new Map(),
        unpostedOrders: new Map(),
        connectorKeys: [],
        documentNumbers: [],
      };
      days.set(glDate, day);
    }
    return day;
  };
  const posted = postedEventIds(input.connector);
  for (const order of input.expected) {
    const inPeriod = order.documents.filter((doc) => isInPeriod(doc.glDate, input.period));
    for (const doc of inPeriod) addLines(dayOf(doc.glDate).expected, doc.lines);
    for (const doc of documentsWithUnpostedEvents(inPeriod, posted)) {
      dayOf(doc.glDate).unpostedOrders.set(order.orderId, {
        orderId: order.orderId,
        orderName: order.orderName,
      });
    }
  }
  for (const doc of input.connector) {
    if (doc.status === "rejected" || !isInPeriod(doc.glDate, input.period)) continue;
    const day = dayOf(doc.glDate);
    addLines(day.posted, doc.lines);
    day.connectorKeys.push(doc.key);
    if (doc.documentNumber !== null) day.documentNumbers.push(doc.documentNumber);
  }
  return days;
}

function dayVariance(glDate: string, day: ShopDay): Variance | null {
  const lines = nonZeroLines(
    addLines(sumByAccount([...day.posted.values()]), [...day.expected.values()], -1n),
  );
  if (lines.length === 0) return null;
  const common = { glDate, lines, connectorDocuments: day.connectorKeys, jdeDocuments: day.documentNumbers };
  if (day.unpostedOrders.size > 0) {
    const orders = [...day.unpostedOrders.values()];
    return {
      type: "not_posted_by_connector",
      orders,
      ...common,
      explanation: `${countOf(orders.length, "order")} of ${glDate} (${orders[0]!.orderName}${orders.length > 1 ? ", …" : ""}) ${orders.length > 1 ? "have" : "has"} events no summary document holds: the day is not closed yet, or the orders are parked; close the day or resolve the parked orders.`,
    };
  }
  return {
    type: "mapping_differs",
    orders: [],
    ...common,
    explanation: `The summary documents of ${glDate} hold other lines than the day's orders map to today (${accountList(lines)}): a mapping changed after the day closed. Summarized orders have no documents of their own to correct: post the difference as a manual journal entry in JDE, or restore the rule the day was summarized with.`,
  };
}

/** An order the mapping fails on today: its expected lines are incomplete, whatever the day's totals say. */
function unmappableOrder(order: ExpectedOrder, period: ReconcilePeriod): Variance | null {
  if (order.problems.length === 0) return null;
  const dates = order.documents.map((doc) => doc.glDate).filter((date) => isInPeriod(date, period));
  return {
    type: "not_posted_by_connector",
    glDate: earliestDate(dates, period.firstDate),
    lines: [],
    orders: [{ orderId: order.orderId, orderName: order.orderName }],
    connectorDocuments: [],
    jdeDocuments: [],
    explanation: `${problemsSentence(order)}, and the summaries of its days cannot be checked for it. Fix the mapping, then resync the order.`,
  };
}
