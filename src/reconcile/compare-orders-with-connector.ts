import { accountList, describePeriod, differenceLines, isInPeriod } from "./ledger-lines.js";
import { indexBy } from "./match-documents.js";
import {
  countUnpostedEvents,
  documentsWithUnpostedEvents,
  earliestDate,
  postedEventIds,
  problemsSentence,
} from "./posted-events.js";
import type { ConnectorDocument, ExpectedOrder, ReconcilePeriod, Variance } from "./reconciliation.js";
import { countOf } from "./variance-parts.js";

export interface OrdersWithConnectorInput {
  period: ReconcilePeriod;
  expected: readonly ExpectedOrder[];
  connector: readonly ConnectorDocument[];
}

/**
 * Rule 4, per order (tenants posting a document per order): the period's expected lines against the
 * lines of the order's documents (orders and corrections) dated in the period, per account. Comparing
 * the whole period, not each day, lets a correction on a later day of the period make the order agree.
 * At most one variance per order: `not_posted_by_connector` when an event of the period is in no
 * document or the mapping cannot map the order today, else `mapping_differs`. An order with documents
 * in the period but no expected events there is compared too (against nothing), so every difference
 * between the cells' Shopify and connector columns is explained.
 */
export function compareOrdersWithConnector(input: OrdersWithConnectorInput): Variance[] {
  const posted = postedEventIds(input.connector);
  const byOrder = indexBy(
    input.connector.filter((doc) => doc.kind !== "summary" && isInPeriod(doc.glDate, input.period)),
    (doc) => doc.orderId,
  );
  const connectorOnly = ordersOnlyTheConnectorHas(byOrder, input.expected);
  return [...input.expected, ...connectorOnly].flatMap(
    (order) =>
      orderVariance({ order, docs: byOrder.get(order.orderId) ?? [], posted, period: input.period }) ?? [],
  );
}

/** Orders with documents in the period and no expected events there, to compare against nothing. */
function ordersOnlyTheConnectorHas(
  byOrder: ReadonlyMap<string, readonly ConnectorDocument[]>,
  expected: readonly ExpectedOrder[],
): ExpectedOrder[] {
  const expectedIds = new Set(expected.map((order) => order.orderId));
  return [...byOrder]
    .filter(([orderId]) => !expectedIds.has(orderId))
    .map(([orderId, docs]) => ({ orderId, orderName: docs[0]!.orderName, documents: [], problems: [] }));
}

interface OrderComparison {
  order: ExpectedOrder;
  /** The order's connector documents dated in the period, rejected ones included (named, not summed). */
  docs: readonly ConnectorDocument[];
  posted: ReadonlySet<string>;
  period: ReconcilePeriod;
}

function orderVariance(comparison: OrderComparison): Variance | null {
  const { order, docs, posted, period } = comparison;
  const expectedDocs = order.documents.filter((doc) => isInPeriod(doc.glDate, period));
  const postedDocs = docs.filter((doc) => doc.status !== "rejected");
  const lines = differenceLines(
    postedDocs.flatMap((doc) => doc.lines),
    expectedDocs.flatMap((doc) => doc.lines),
  );
  if (lines.length === 0 && order.problems.length === 0) return null;
  const unpostedDocs = documentsWithUnpostedEvents(expectedDocs, posted);
  const common = {
    lines,
    orders: [{ orderId: order.orderId, orderName: order.orderName }],
    connectorDocuments: docs.map((doc) => doc.key),
    jdeDocuments: docs.flatMap((doc) => (doc.documentNumber === null ? [] : [doc.documentNumber])),
  };
  const dates = reportDates(expectedDocs, postedDocs, unpostedDocs, period);
  if (unpostedDocs.length > 0 || order.problems.length > 0) {
    return {
      type: "not_posted_by_connector",
      glDate: dates.notPosted,
      ...common,
      explanation: notPostedExplanation(comparison, countUnpostedEvents(expectedDocs, posted)),
    };
  }
  return {
    type: "mapping_differs",
    glDate: dates.mappingDiffers,
    ...common,
    explanation: mappingDiffersExplanation(comparison, lines),
  };
}

/**
 * The day an order's variance is reported on: for what is missing, the first day something is; for an
 * unmappable order, the first day it has at all; for other lines, the first day the connector posted.
 */
function reportDates(
  expectedDocs: readonly { glDate: string }[],
  postedDocs: readonly { glDate: string }[],
  unpostedDocs: readonly { glDate: string }[],
  period: ReconcilePeriod,
): { notPosted: string; mappingDiffers: string } {
  const expectedDate = earliestDate(
    expectedDocs.map((doc) => doc.glDate),
    period.firstDate,
  );
  const postedDate = earliestDate(
    postedDocs.map((doc) => doc.glDate),
    expectedDate,
  );
  const firstDate = expectedDocs.length > 0 ? expectedDate : postedDate;
  return {
    notPosted: earliestDate(
      unpostedDocs.map((doc) => doc.glDate),
      firstDate,
    ),
    mappingDiffers: postedDate,
  };
}

function mappingDiffersExplanation(comparison: OrderComparison, lines: Variance["lines"]): string {
  const { order, docs, period } = comparison;
  const label = describePeriod(period);
  const corrections = docs.filter((doc) => doc.kind === "correction").map((doc) => doc.edtn);
  // A correction fixes the order's documents of every date, so one dated in a later period than the
  // events it fixes shows here; the period it fixes reports mapping_differs until then.
  const correctionNote =
    corrections.length > 0
      ? ` Its correction ${corrections.join(", ")} in ${label} may fix documents of an earlier period; if so, that period's report shows the other half.`
      : "";
  if (order.documents.every((doc) => !isInPeriod(doc.glDate, period))) {
    return `The connector posted lines for ${order.orderName} in ${label} (${accountList(lines)}), but none of its Shopify events maps to ${label} today.${correctionNote}`;
  }
  return `The connector posted other lines for ${order.orderName} in ${label} than its events map to today (${accountList(lines)}): a mapping changed after posting; post a correction (ml-connector correct --order ${order.orderName}).${correctionNote}`;
}

function notPostedExplanation(comparison: OrderComparison, unpostedEventCount: number): string {
  const { order, docs, period } = comparison;
  const rejected = docs.filter((doc) => doc.status === "rejected").map((doc) => doc.edtn);
  const rejectedPart = rejected.length > 0 ? `; JDE rejected its document ${rejected.join(", ")}` : "";
  if (order.problems.length > 0) {
    return `${problemsSentence(order)}: the difference is what the connector posted for it in ${describePeriod(period)}${rejectedPart}. Fix the mapping, then resync the order (or correct it, if it was posted).`;
  }
  return `${order.orderName} has ${countOf(unpostedEventCount, "event")} in ${describePeriod(period)} that the connector has not posted (parked, queued or never received)${rejectedPart}. Resolve the order's parked reason and resync it.`;
}
