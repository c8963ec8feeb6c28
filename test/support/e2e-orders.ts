import type { SimOrderInput } from "../../sim/shopify/index.js";
import { expectedAccountSums, mismatchedAccounts } from "../../src/cli/demo/expected-ledger.js";
import type { E2E } from "./e2e-harness.js";

/** A plain web order: one 25.00 tee, 5.00 shipping, 8 % state tax, paid by Shopify Payments. */
export function makeSimOrder(overrides: Partial<SimOrderInput> = {}): SimOrderInput {
  return {
    lineItems: [{ sku: "TEE-BLK-M", title: "Tee", productType: "Apparel", priceMinor: 2500, quantity: 1 }],
    shipping: { title: "Standard", priceMinor: 500 },
    taxes: [{ title: "State Tax", rate: 0.08 }],
    ...overrides,
  };
}

/**
 * Accounts where JDE's F0911 sums for the order differ from the totals the Shopify simulator computes
 * from its own records (the demo's independent witness). Empty when the order landed exactly once.
 */
export function ledgerMismatches(e2e: E2E, orderGid: string) {
  const order = e2e.shopify.orders.get(e2e.shop, orderGid);
  if (!order) throw new Error(`no order ${orderGid}`);
  const expected = expectedAccountSums(e2e.shopify.expected.orderTotals(e2e.shop, orderGid), order);
  return mismatchedAccounts(expected, e2e.jde.ledger.sumsByReference(order.name)).map((m) => ({
    order: order.name,
    account: m.account,
    expected: m.expected.toString(),
    actual: m.actual.toString(),
  }));
}

/** Connector documents for one order. */
export async function connectorDocuments(e2e: E2E, orderGid: string) {
  return e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId, orderId: orderGid });
}
