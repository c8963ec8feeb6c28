import type { JdeSimulator } from "../../../sim/jde/index.js";
import type { ShopifySimulator } from "../../../sim/shopify/index.js";
import type { Connector } from "../../main.js";
import { expectedAccountSums, mismatchedAccounts } from "./expected-ledger.js";

export interface DemoSummary {
  orders: number;
  documentsPosted: number;
  unbalanced: number;
  failed: number;
  accountsMismatched: number;
  reconciled: boolean;
  mismatches?: { order: string; account: string; expected: string; actual: string }[];
}

/**
 * Compares, per order and per account, the JDE simulator's F0911 sums with totals the Shopify
 * simulator computes from its own sales records — never with the connector's mapper output.
 */
export async function reconcileDemo(input: {
  connector: Connector;
  shopify: ShopifySimulator;
  jde: JdeSimulator;
  shop: string;
  orderIds: string[];
}): Promise<DemoSummary> {
  const docs = await input.connector.store.posting.countDocuments();
  const jobs = await input.connector.store.jobs.counts();
  const unbalanced = input.jde.ledger
    .documents()
    .filter((d) => d.lines.reduce((sum, l) => sum + l.amountMinor, 0n) !== 0n).length;
  const mismatches: NonNullable<DemoSummary["mismatches"]> = [];
  for (const gid of input.orderIds) {
    const order = input.shopify.orders.get(input.shop, gid);
    if (!order) continue;
    const expected = expectedAccountSums(input.shopify.expected.orderTotals(input.shop, gid), order);
    const actual = input.jde.ledger.sumsByReference(order.name);
    for (const m of mismatchedAccounts(expected, actual)) {
      mismatches.push({
        order: order.name,
        account: m.account,
        expected: m.expected.toString(),
        actual: m.actual.toString(),
      });
    }
  }
  const failed = docs.rejected + jobs.parked;
  const documentsPosted = docs.confirmed + docs.accepted;
  return {
    orders: input.orderIds.length,
    documentsPosted,
    unbalanced,
    failed,
    accountsMismatched: mismatches.length,
    reconciled:
      mismatches.length === 0 && unbalanced === 0 && failed === 0 && documentsPosted >= input.orderIds.length,
    ...(mismatches.length > 0 ? { mismatches: mismatches.slice(0, 20) } : {}),
  };
}
