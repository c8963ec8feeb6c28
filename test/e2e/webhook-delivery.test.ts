import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type E2E, jdeDocumentsByReference, startE2E } from "../support/e2e-harness.js";
import { connectorDocuments, ledgerMismatches, makeSimOrder } from "../support/e2e-orders.js";

describe("webhook delivery quirks (e2e)", () => {
  let e2e: E2E;
  beforeEach(async () => {
    e2e = await startE2E();
  });
  afterEach(async () => {
    await e2e.stop();
  });

  it("posts a twice-delivered orders/create once", async () => {
    const order = e2e.shopify.orders.add(e2e.shop, makeSimOrder(), { emit: false });
    e2e.shopify.webhooks.emit(e2e.shop, "orders/create", order.gid, { duplicate: true });
    await e2e.waitForPosting([order.gid]);

    const deliveries = e2e.shopify.webhooks.deliveries();
    expect(deliveries).toHaveLength(2);
    expect(deliveries.every((d) => d.status === "delivered")).toBe(true);
    expect(await e2e.connector.store.inbox.countDuplicates()).toBeGreaterThanOrEqual(1);
    expect(e2e.countRows("inbox_events")).toBe(1);
    expect(await connectorDocuments(e2e, order.gid)).toHaveLength(1);
    expect(jdeDocumentsByReference(e2e.jde).get(order.name)).toBe(1);
    expect(ledgerMismatches(e2e, order.gid)).toEqual([]);
  });

  it("posts one document when orders/updated arrives before orders/create", async () => {
    const order = e2e.shopify.orders.add(e2e.shop, makeSimOrder(), { emit: false });
    e2e.shopify.webhooks.emit(e2e.shop, "orders/updated", order.gid);
    e2e.shopify.webhooks.emit(e2e.shop, "orders/create", order.gid, { delayMs: 300 });
    await e2e.waitForPosting([order.gid]);

    const deliveries = e2e.shopify.webhooks.deliveries();
    expect(deliveries.map((d) => [d.topic, d.status])).toEqual([
      ["orders/updated", "delivered"],
      ["orders/create", "delivered"],
    ]);
    expect(e2e.countRows("inbox_events")).toBe(2);
    expect(await connectorDocuments(e2e, order.gid)).toHaveLength(1);
    expect(jdeDocumentsByReference(e2e.jde).get(order.name)).toBe(1);
    expect(ledgerMismatches(e2e, order.gid)).toEqual([]);
  });
});
