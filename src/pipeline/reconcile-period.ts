import pMap from "p-map";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { OrderSnapshot } from "../domain/order.js";
import type { PostingDocument, PostingStore } from "../posting/posting-store.js";
import { compareLedgers, type ReconciliationResult } from "../reconcile/compare-ledgers.js";
import { expectedOrder } from "../reconcile/expected-order.js";
import type { FiscalPeriod } from "../reconcile/fiscal-period.js";
import type { ConnectorDocument, ExpectedOrder, JdeDocument } from "../reconcile/reconciliation.js";
import { shopDayBounds } from "../reconcile/shop-day.js";
import { type ShopifyFigures, shopifyFigures } from "../reconcile/shopify-figures.js";
import type { OrderSource } from "./order-source.js";

/** JDE's side, read by the caller's adapter (F0911 through the data service). */
export interface LedgerSource {
  /** Documents of the tenant's company and document type dated in the period. */
  documentsInPeriod(firstDate: string, lastDate: string): Promise<JdeDocument[]>;
  /** Documents with these DOC numbers on any date: where a connector document went if not in the period. */
  documentsByNumber(documentNumbers: string[]): Promise<JdeDocument[]>;
}

export interface ReconcilePeriodRequest {
  tenantId: string;
  /** The fiscal period and its operator label (`2026/11`). */
  period: FiscalPeriod & { label: string };
  /** The tenant's mapping policy as the job maps with it (shop time zone, JDE currency and decimals). */
  policy: AccountingPolicy;
  summary: "none" | "daily";
}

export interface ReconcilePeriodDeps {
  orders: Pick<OrderSource, "fetchOrder" | "listUpdatedOrderIds">;
  posting: Pick<
    PostingStore,
    "documentsInGlDateRange" | "documentsOfOrders" | "documentsByNumber" | "recordedEventsOf" | "getDocument"
  >;
  ledger: LedgerSource;
  /** Shopify order reads in flight at once; the GraphQL cost limiter paces them further. */
  fetchConcurrency?: number;
  /** Told after each order read, for a progress line on long periods. */
  onOrderRead?: (read: number, total: number) => void;
}

export interface PeriodReconciliation extends ReconciliationResult {
  tenantId: string;
  period: { label: string; firstDate: string; lastDate: string };
  currency: string;
  decimals: number;
  timeZone: string;
  /** Shopify's own figures per shop day of the period, independent of the mapping. */
  figures: ShopifyFigures;
  /** What was read: Shopify orders with events in the period, connector and JDE documents compared. */
  counts: { shopifyOrders: number; connectorDocuments: number; jdeDocuments: number };
  /** True when no variance was found: the three sides agree to the minor unit. */
  reconciled: boolean;
}

const LISTING_PAGE = 250;

/**
 * Month-end reconciliation of one tenant (issue 7): reads the three sides and compares them.
 *
 * Shopify: every order updated since the period's first shop day began (an event in the period updates
 * its order, so none is missed), plus every order the connector posted on a date of the period (a late
 * event may have been posted into it from an earlier day). Connector: every document dated in the
 * period and every document of those orders (an order's other documents tell which date each event was
 * posted on). JDE: the period's documents and those the connector's DOC numbers name elsewhere.
 * Reads only; the comparison itself is pure (reconcile/compare-ledgers.ts).
 */
export async function reconcilePeriod(
  request: ReconcilePeriodRequest,
  deps: ReconcilePeriodDeps,
): Promise<PeriodReconciliation> {
  const { period, policy, tenantId } = request;
  const inPeriodDocuments = await deps.posting.documentsInGlDateRange(
    tenantId,
    period.firstDate,
    period.lastDate,
  );
  // JDE's period first: a document someone moved into it, or a summary from an earlier period, names
  // connector documents by DOC that neither Shopify's listing nor the period's own documents lead to.
  const inPeriodJde = await deps.ledger.documentsInPeriod(period.firstDate, period.lastDate);
  const namedByJde = sameReference(
    await deps.posting.documentsByNumber(tenantId, [...new Set(inPeriodJde.map((d) => d.documentNumber))]),
    inPeriodJde,
  );

  const updatedAfter = new Date(shopDayBounds(period.firstDate, policy.timezone).start);
  const orderIds = new Set(await listOrderIdsUpdatedSince(deps.orders, updatedAfter));
  for (const document of [...inPeriodDocuments, ...namedByJde])
    if (document.kind !== "summary") orderIds.add(document.orderId);
  // A summary document names no order: its events do (one rolled in from a closed day included).
  const summaries = [...inPeriodDocuments, ...namedByJde].filter((d) => d.kind === "summary");
  if (summaries.length > 0) {
    const held = await deps.posting.recordedEventsOf(tenantId, {
      eventIds: summaries.flatMap((d) => d.eventIds),
    });
    for (const event of held) orderIds.add(event.orderId);
  }

  const ids = [...orderIds];
  let read = 0;
  const snapshots = await pMap(
    ids,
    async (orderId) => {
      const order = await deps.orders.fetchOrder(orderId);
      deps.onOrderRead?.(++read, ids.length);
      return order;
    },
    { concurrency: deps.fetchConcurrency ?? 4 },
  );
  const orders = snapshots.filter((order): order is OrderSnapshot => order !== null);

  const documents = uniqueByKey([
    ...inPeriodDocuments,
    ...namedByJde,
    ...(await deps.posting.documentsOfOrders(
      tenantId,
      orders.map((o) => o.id),
    )),
  ]);
  const postedGlDates = new Map<string, string>();
  for (const document of documents) {
    for (const eventId of document.eventIds) postedGlDates.set(eventId, document.glDate);
  }
  if (request.summary === "daily") await addSummarizedDates(postedGlDates, tenantId, orders, deps.posting);
  const expected = orders
    .map((order) => expectedOrder({ order, policy, period, postedGlDates }))
    .filter((order): order is ExpectedOrder => order !== null);

  // Where JDE holds the connector's documents the period read did not find. DOC numbers may restart
  // each fiscal year: only a document carrying the connector document's reference is its.
  const heldNumbers = new Set(inPeriodJde.map((d) => d.documentNumber));
  const elsewhere = [
    ...new Set(documents.flatMap((d) => (d.documentNumber ? [d.documentNumber] : []))),
  ].filter((n) => !heldNumbers.has(n));
  const foundElsewhere =
    elsewhere.length > 0 ? sameReference(await deps.ledger.documentsByNumber(elsewhere), documents) : [];
  const jde = [...inPeriodJde, ...foundElsewhere];

  const result = compareLedgers({
    period,
    summary: request.summary,
    expected,
    connector: documents.map(toConnectorDocument),
    jde,
  });
  return {
    tenantId,
    period: { label: period.label, firstDate: period.firstDate, lastDate: period.lastDate },
    currency: policy.currency,
    decimals: policy.decimals,
    timeZone: policy.timezone,
    figures: shopifyFigures(orders, {
      firstDate: period.firstDate,
      lastDate: period.lastDate,
      timeZone: policy.timezone,
      includeTestOrders: policy.includeTestOrders,
      accountingStartDate: policy.accountingStartDate,
    }),
    counts: {
      shopifyOrders: expected.length,
      connectorDocuments: documents.length,
      jdeDocuments: jde.length,
    },
    reconciled: result.variances.length === 0,
    ...result,
  };
}

/**
 * Summary tenants: where each event of the read orders was summarized, so an event rolled from a closed
 * day into a later day's summary is expected on that day (documentsOfOrders cannot find summaries).
 */
async function addSummarizedDates(
  postedGlDates: Map<string, string>,
  tenantId: string,
  orders: readonly OrderSnapshot[],
  posting: ReconcilePeriodDeps["posting"],
): Promise<void> {
  const events = await posting.recordedEventsOf(tenantId, { orderIds: orders.map((o) => o.id) });
  const glDates = new Map<string, string | undefined>();
  for (const event of events) {
    if (event.status !== "summarized" || event.documentKey === null || postedGlDates.has(event.eventId))
      continue;
    if (!glDates.has(event.documentKey))
      glDates.set(event.documentKey, (await posting.getDocument(event.documentKey))?.glDate);
    const glDate = glDates.get(event.documentKey);
    if (glDate) postedGlDates.set(event.eventId, glDate);
  }
}

/** Every order id Shopify lists as updated at or after `updatedAfter`, all pages. */
async function listOrderIdsUpdatedSince(
  orders: Pick<OrderSource, "listUpdatedOrderIds">,
  updatedAfter: Date,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await orders.listUpdatedOrderIds({
      updatedAfter,
      pageSize: LISTING_PAGE,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...page.orderIds.map((o) => o.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/**
 * The items of `wanted` whose DOC and reference/order name agree with one of `by`: a connector document
 * and a JDE document are the same only when JDE's reference (VINV) names the connector's order.
 */
function sameReference<T extends PostingDocument | JdeDocument>(
  wanted: readonly T[],
  by: readonly (PostingDocument | JdeDocument)[],
): T[] {
  const names = new Map<string, Set<string>>();
  for (const item of by) {
    const number = documentNumberOf(item);
    if (!number) continue;
    const set = names.get(number) ?? new Set<string>();
    set.add(nameOf(item));
    names.set(number, set);
  }
  return wanted.filter((item) => {
    const number = documentNumberOf(item);
    return number !== null && (names.get(number)?.has(nameOf(item)) ?? false);
  });
}

function isJdeDocument(item: PostingDocument | JdeDocument): item is JdeDocument {
  return "reference" in item;
}

function documentNumberOf(item: PostingDocument | JdeDocument): string | null {
  return item.documentNumber;
}

/** JDE's reference, trimmed (CHAR columns are blank-padded), or the connector document's order name. */
function nameOf(item: PostingDocument | JdeDocument): string {
  return isJdeDocument(item) ? item.reference.trim() : item.orderName;
}

function uniqueByKey(documents: readonly PostingDocument[]): PostingDocument[] {
  return [...new Map(documents.map((d) => [d.key, d])).values()];
}

function toConnectorDocument(document: PostingDocument): ConnectorDocument {
  return {
    key: document.key,
    orderId: document.orderId,
    orderName: document.orderName,
    kind: document.kind,
    edtn: document.edtn,
    glDate: document.glDate,
    status: document.status,
    documentNumber: document.documentNumber,
    batchNumber: document.batchNumber,
    eventIds: document.eventIds,
    lines: document.lines.map((line) => ({ account: line.account, amountMinor: line.amountMinor })),
  };
}
