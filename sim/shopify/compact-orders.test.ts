import { describe, expect, it } from "vitest";
import type { CompactOrder } from "./compact-orders.js";
import { computeExpectedTotals } from "./expected-totals.js";
import { parseOrderQuery, sortOrders } from "./order-search.js";
import { createOrderStore } from "./order-store.js";
import type { SimShopConfig } from "./types.js";

const SHOP: SimShopConfig = {
  domain: "bulk.myshopify.com",
  accessToken: "t",
  apiSecret: "s",
  currency: "EUR",
  timezone: "Europe/Paris",
  taxesIncluded: true,
};
const IDENTITY = [
  "id",
  "gid",
  "name",
  "number",
  "createdAtMs",
  "processedAtMs",
  "updatedAtMs",
  "cancelledAtMs",
  "test",
];

function compactStore(count: number) {
  const store = createOrderStore({ shops: [SHOP], seed: 9, nowMs: () => Date.parse("2026-12-01T00:00:00Z") });
  const orders = store.generate(SHOP.domain, count, { compact: true, seed: 3 }) as CompactOrder[];
  return { store, orders };
}

describe("compact generated orders", () => {
  it("hold the same identity and timestamps as the full order they build", () => {
    const { orders } = compactStore(40);
    for (const o of orders) {
      const full = o.detached();
      for (const key of IDENTITY)
        expect(full[key as keyof typeof full], key).toEqual(o[key as keyof CompactOrder]);
      expect(full.currency).toBe("EUR");
      expect(full.lineItems.length).toBeGreaterThan(0);
      expect(computeExpectedTotals(full).currency).toBe("EUR");
      expect(o.isMaterialized).toBe(false);
    }
    expect(new Set(orders.map((o) => o.id)).size).toBe(40);
    expect(orders.map((o) => o.number)).toEqual(orders.map((_, i) => 1001 + i));
  });

  it("build the same details every time, and keep them once read", () => {
    const { orders } = compactStore(5);
    const o = orders[2]!;
    expect(o.detached()).toEqual(o.detached());
    const lines = o.lineItems;
    expect(o.isMaterialized).toBe(true);
    expect(o.lineItems).toBe(lines);
    expect(o.detached().lineItems).toBe(lines);
  });

  it("are searched and sorted by timestamps and ids without being built", () => {
    const { store, orders } = compactStore(2000);
    const window = store
      .list(SHOP.domain)
      .filter(parseOrderQuery("updated_at:>='2026-11-03T00:00:00Z' AND updated_at:<'2026-11-05T00:00:00Z'"));
    expect(window.length).toBeGreaterThan(0);
    expect(sortOrders(window, "UPDATED_AT").map((o) => o.updatedAtMs)).toEqual(
      window.map((o) => o.updatedAtMs).sort((a, b) => a - b),
    );
    sortOrders(store.list(SHOP.domain), "ID");
    expect(orders.some((o) => o.isMaterialized)).toBe(false);
  });

  it("take payments and refunds like any order once built", () => {
    const { store, orders } = compactStore(3);
    const o = orders[0]!;
    const line = o.lineItems.find((l) => !l.isGiftCard && !l.isTip)!;
    store.refund(SHOP.domain, o.gid, {
      lineItems: [{ lineItemGid: `gid://shopify/LineItem/${line.id}`, quantity: 1 }],
    });
    expect(o.refunds).toHaveLength(1);
    expect(o.updatedAtMs).toBeGreaterThan(o.createdAtMs + 2000);
    expect(store.get(SHOP.domain, o.gid)).toBe(o);
  });
});
