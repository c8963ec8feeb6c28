import { formatAccountKey } from "../../sim/jde/jde-formats.js";
import { expectedAccountSums, mismatchedAccounts } from "../../src/cli/demo/expected-ledger.js";
import { type E2E, jdeDocumentsByReference } from "./e2e-harness.js";

/** How many orders the resilience runs use: CI size by default; more with MLC_RESILIENCE_ORDERS. */
export const RESILIENCE_ORDERS = Number(process.env.MLC_RESILIENCE_ORDERS ?? 300);
/** How long a resilience run may take to settle. */
export const RESILIENCE_DEADLINE_MS = Math.max(120_000, RESILIENCE_ORDERS * 150);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Generates `count` orders in the Shopify simulator (signed webhooks follow) and returns their GIDs. */
export function generateOrders(e2e: E2E, count: number, seed: number): string[] {
  return e2e.shopify.orders.generate(e2e.shop, count, { seed }).map((order) => order.gid);
}

/** Resolves once at least `count` documents reached a final JDE state (mid-run fault injection point). */
export async function untilDocumentsDone(e2e: E2E, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const docs = await e2e.connector.store.posting.countDocuments();
    if (docs.accepted + docs.confirmed >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`fewer than ${count} documents posted within ${timeoutMs} ms`);
}

/**
 * Every order posted exactly once: JDE holds as many documents per order (by the VINV reference) as
 * the connector recorded, at least one each, and JDE's sums per account equal the Shopify simulator's
 * own totals. Returns the problems (empty when all is well) so a failure names the orders.
 */
export async function exactlyOnceProblems(e2e: E2E, orderGids: string[]): Promise<string[]> {
  const inJde = jdeDocumentsByReference(e2e.jde);
  const documents = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
  const perOrder = new Map<string, number>();
  for (const document of documents) perOrder.set(document.orderId, (perOrder.get(document.orderId) ?? 0) + 1);
  const ledger = ledgerSumsByReference(e2e);
  const problems: string[] = [];
  for (const gid of orderGids) {
    const order = e2e.shopify.orders.get(e2e.shop, gid);
    if (!order) throw new Error(`no order ${gid}`);
    const connector = perOrder.get(gid) ?? 0;
    const jde = inJde.get(order.name) ?? 0;
    if (connector === 0 || jde !== connector)
      problems.push(`${order.name}: connector ${connector}, JDE ${jde}`);
    const expected = expectedAccountSums(e2e.shopify.expected.orderTotals(e2e.shop, gid), order);
    for (const m of mismatchedAccounts(expected, ledger.get(order.name) ?? new Map()))
      problems.push(`${order.name} ${m.account}: expected ${m.expected}, JDE ${m.actual}`);
  }
  return problems;
}

/** F0911 AA sums per VINV and account in one pass (per-order scans are quadratic at soak size). */
function ledgerSumsByReference(e2e: E2E): Map<string, Map<string, bigint>> {
  const sums = new Map<string, Map<string, bigint>>();
  for (const line of e2e.jde.tables.F0911) {
    if (line.GLLT !== "AA") continue;
    const reference = line.GLVINV.trim();
    const perAccount = sums.get(reference) ?? new Map<string, bigint>();
    const key = formatAccountKey({ mcu: line.GLMCU, obj: line.GLOBJ, sub: line.GLSUB });
    perAccount.set(key, (perAccount.get(key) ?? 0n) + line.GLAA);
    sums.set(reference, perAccount);
  }
  return sums;
}
