import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type E2E, jdeDocumentsByReference, startE2E } from "../support/e2e-harness.js";
import { ledgerMismatches } from "../support/e2e-orders.js";

describe("large orders (e2e)", () => {
  let e2e: E2E;
  beforeEach(async () => {
    e2e = await startE2E();
  });
  afterEach(async () => {
    await e2e.stop();
  });

  it("posts a 500-line order and it reconciles", async () => {
    const [order] = e2e.shopify.orders.generate(e2e.shop, 1, { seed: 5, lineItems: 500, refundRate: 0 });
    if (!order) throw new Error("no order generated");
    expect(order.lineItems.filter((l) => !l.isTip)).toHaveLength(500);
    await e2e.waitForPosting([order.gid], 9_000);

    const docs = await e2e.connector.store.posting.countDocuments();
    expect(docs.rejected).toBe(0);
    expect(docs.confirmed + docs.accepted).toBeGreaterThanOrEqual(1);
    expect(jdeDocumentsByReference(e2e.jde).get(order.name)).toBe(docs.confirmed + docs.accepted);
    const unbalanced = e2e.jde.ledger
      .documents()
      .filter((d) => d.lines.reduce((sum, l) => sum + l.amountMinor, 0n) !== 0n);
    expect(unbalanced).toEqual([]);
    expect(ledgerMismatches(e2e, order.gid)).toEqual([]);
  });
});
