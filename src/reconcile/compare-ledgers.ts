import { formatAccount } from "../domain/journal.js";
import { buildCells } from "./build-cells.js";
import { classifySurplusJdeDocuments } from "./classify-surplus-jde-documents.js";
import { compareConnectorWithJde } from "./compare-connector-with-jde.js";
import { compareOrdersWithConnector } from "./compare-orders-with-connector.js";
import { compareSummaryDays } from "./compare-summary-days.js";
import { compareText } from "./ledger-lines.js";
import { matchDocuments, uniqueJdeDocuments } from "./match-documents.js";
import type {
  ConnectorDocument,
  ExpectedOrder,
  JdeDocument,
  ReconcileCell,
  ReconcilePeriod,
  Variance,
  VarianceType,
} from "./reconciliation.js";
import { orderOf, type VarianceOrder } from "./variance-parts.js";

export interface ReconciliationInput {
  period: ReconcilePeriod;
  /**
   * The tenant's `summary` setting: "daily" compares Shopify with the connector per day (summary
   * documents carry no order), "none" per order. Explicit, because the documents cannot tell: a summary
   * tenant whose days are not closed yet has no summary document at all.
   */
  summary: "none" | "daily";
  /** (a) Shopify orders with financial events in the period, mapped to lines today. */
  expected: readonly ExpectedOrder[];
  /** (b) Every connector document dated in the period, plus every document of the `expected` orders. */
  connector: readonly ConnectorDocument[];
  /**
   * (c) F0911 documents of the tenant's company and document type (DOC numbers are unique only there)
   * dated in the period, plus those found by the DOC numbers of (b); repeats allowed.
   */
  jde: readonly JdeDocument[];
}

/** One side's column of the cells: debits and credits (as positive amounts) of the cells' net amounts. */
export interface SideTotals {
  debitMinor: bigint;
  creditMinor: bigint;
}

export interface ReconciliationResult {
  cells: ReconcileCell[];
  variances: Variance[];
  /** Every side balances, so each side's debits equal its credits; the sides agree when the columns do. */
  totals: { shopify: SideTotals; connector: SideTotals; jde: SideTotals; jdeUnposted: SideTotals };
  /** Variances per type; every type present, zero when none. */
  summary: Record<VarianceType, number>;
  /** JE documents of the period that name no order the connector knows: the company's own entries. */
  otherJdeDocuments: number;
}

/**
 * Month-end reconciliation (issue 7): Shopify's events as mapped today, the connector's documents and
 * JDE's F0911 documents, compared per day and account (cells) and explained document by document
 * (variances). Pure: the caller reads the three sides and renders the result.
 */
export function compareLedgers(input: ReconciliationInput): ReconciliationResult {
  const jde = uniqueJdeDocuments(input.jde);
  const { jdeOf, unmatchedJde } = matchDocuments(input.connector, jde);
  const matched = input.connector.flatMap((doc) => {
    const held = jdeOf.get(doc.key);
    return held ? [{ connector: doc, jde: held }] : [];
  });
  const surplus = classifySurplusJdeDocuments({
    period: input.period,
    unmatchedJde,
    matched,
    ordersByName: ordersByName(input.expected, input.connector),
  });
  const shopifySide =
    input.summary === "daily" ? compareSummaryDays(input) : compareOrdersWithConnector(input);
  const variances = [
    ...shopifySide,
    ...compareConnectorWithJde({ period: input.period, connector: input.connector, jdeOf }),
    ...surplus.variances,
  ].sort(compareVariances);
  const cells = buildCells({
    period: input.period,
    expected: input.expected,
    connector: input.connector,
    jde: [...jdeOf.values(), ...surplus.attributed],
  });
  return {
    cells,
    variances,
    totals: totalsOf(cells),
    summary: countByType(variances),
    otherJdeDocuments: surplus.otherDocumentCount,
  };
}

/** Names a JDE reference may carry to be the connector's: every order and summary reference known. */
function ordersByName(
  expected: readonly ExpectedOrder[],
  connector: readonly ConnectorDocument[],
): Map<string, VarianceOrder> {
  const orders = new Map<string, VarianceOrder>();
  for (const doc of connector) orders.set(doc.orderName, orderOf(doc));
  for (const order of expected)
    orders.set(order.orderName, { orderId: order.orderId, orderName: order.orderName });
  return orders;
}

/**
 * Each side's debits and credits over the period, per account: a correction posted on a later day than
 * the order it corrects moves amounts between days of one account, which the period's totals net off.
 */
function totalsOf(cells: readonly ReconcileCell[]): ReconciliationResult["totals"] {
  const perAccount = new Map<string, ReconcileCell>();
  for (const cell of cells) {
    const key = formatAccount(cell.account);
    const sum = perAccount.get(key);
    if (!sum) {
      perAccount.set(key, { ...cell });
      continue;
    }
    sum.shopifyMinor += cell.shopifyMinor;
    sum.connectorMinor += cell.connectorMinor;
    sum.jdeMinor += cell.jdeMinor;
    sum.jdeUnpostedMinor += cell.jdeUnpostedMinor;
  }
  const column = (amountOf: (cell: ReconcileCell) => bigint): SideTotals => {
    const totals: SideTotals = { debitMinor: 0n, creditMinor: 0n };
    for (const cell of perAccount.values()) {
      const amount = amountOf(cell);
      if (amount > 0n) totals.debitMinor += amount;
      else totals.creditMinor -= amount;
    }
    return totals;
  };
  return {
    shopify: column((cell) => cell.shopifyMinor),
    connector: column((cell) => cell.connectorMinor),
    jde: column((cell) => cell.jdeMinor),
    jdeUnposted: column((cell) => cell.jdeUnpostedMinor),
  };
}

/** Every type, in the order a report lists them: along the chain Shopify → connector → JDE. */
function emptyCounts(): Record<VarianceType, number> {
  return {
    not_posted_by_connector: 0,
    mapping_differs: 0,
    awaiting_jde: 0,
    rejected_by_jde: 0,
    missing_in_jde: 0,
    amount_mismatch: 0,
    posted_in_another_period: 0,
    posted_on_another_date: 0,
    unposted_batch: 0,
    posted_twice: 0,
    unknown_to_connector: 0,
  };
}

function countByType(variances: readonly Variance[]): Record<VarianceType, number> {
  const counts = emptyCounts();
  for (const variance of variances) counts[variance.type] += 1;
  return counts;
}

const TYPE_RANK = new Map(Object.keys(emptyCounts()).map((type, rank) => [type, rank]));

/** By date, type (in report order), first order name, then the documents, so equal inputs sort equally. */
function compareVariances(a: Variance, b: Variance): number {
  return (
    compareText(a.glDate, b.glDate) ||
    TYPE_RANK.get(a.type)! - TYPE_RANK.get(b.type)! ||
    compareText(a.orders[0]?.orderName ?? "", b.orders[0]?.orderName ?? "") ||
    compareText(a.connectorDocuments.join(" "), b.connectorDocuments.join(" ")) ||
    compareText(a.jdeDocuments.join(" "), b.jdeDocuments.join(" ")) ||
    compareText(a.explanation, b.explanation)
  );
}
