import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type ShopifySimulator, startShopifySimulator } from "../../sim/shopify/index.js";
import type { Clock } from "../lib/clock.js";
import { createSilentLogger } from "../lib/logger.js";
import { createCostLimiter } from "./cost-limiter.js";
import { createShopifyGraphqlClient, type ShopifyGraphqlClient } from "./graphql-client.js";
import { createGraphqlOrderSource } from "./graphql-order-source.js";

const SHOP = "acme.myshopify.com";
const TOKEN = "shpat_test";

/** One fake time shared by the simulator's cost bucket and the connector, so waiting costs no real time. */
let nowMs = Date.UTC(2026, 10, 27, 12, 0, 0);
const sleeps: number[] = [];
const clock: Clock = {
  now: () => new Date(nowMs),
  sleep: async (ms) => {
    sleeps.push(ms);
    nowMs += ms;
  },
};

let sim: ShopifySimulator;
const clients: ShopifyGraphqlClient[] = [];

beforeAll(async () => {
  sim = await startShopifySimulator({
    port: 0,
    shops: [
      {
        domain: SHOP,
        accessToken: TOKEN,
        apiSecret: "secret",
        currency: "USD",
        timezone: "America/New_York",
        taxesIncluded: false,
      },
    ],
    seed: 1,
    now: () => nowMs,
  });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await sim.close();
});

function connect(accessToken = TOKEN) {
  const client = createShopifyGraphqlClient({
    adminUrl: sim.url,
    apiVersion: "2026-10",
    accessToken: () => accessToken,
    clock,
    log: createSilentLogger(),
    limiter: createCostLimiter({ clock }),
    timeoutMs: 5_000,
  });
  clients.push(client);
  return { client, source: createGraphqlOrderSource({ client }) };
}

const TOTALS = z.object({
  order: z.object({
    totalPriceSet: z.object({ shopMoney: z.object({ amount: z.string() }) }),
    currentTotalPriceSet: z.object({ shopMoney: z.object({ amount: z.string() }) }),
  }),
});
const TOTALS_QUERY = `query T($id: ID!) { order(id: $id) {
  totalPriceSet { shopMoney { amount } } currentTotalPriceSet { shopMoney { amount } } } }`;
const toMinor = (amount: string) => BigInt(Math.round(Number(amount) * 100));

describe("GraphqlOrderSource against the Shopify simulator", () => {
  it("reads generated orders whose sales add up to the order's totals", async () => {
    const { client, source } = connect();
    const orders = sim.orders.generate(SHOP, 5, { refundRate: 0.5 });
    for (const generated of orders) {
      const snapshot = await source.fetchOrder(generated.gid);
      expect(snapshot?.id).toBe(generated.gid);
      const { data } = await client.query(TOTALS_QUERY, { id: generated.gid }, TOTALS);
      const sum = (reasons: string[]) =>
        snapshot!.salesEvents
          .filter((event) => reasons.includes(event.reason))
          .flatMap((event) => event.sales)
          .reduce((total, sale) => total + sale.totalAmountMinor, 0n);
      expect(sum(["ORDER"])).toBe(toMinor(data.order.totalPriceSet.shopMoney.amount));
      expect(sum(["ORDER", "ORDER_EDIT", "REFUND", "RETURN", "OTHER"])).toBe(
        toMinor(data.order.currentTotalPriceSet.shopMoney.amount),
      );
      for (const payment of snapshot!.paymentEvents)
        expect(["SALE", "CAPTURE", "REFUND"]).toContain(payment.kind);
    }
  });

  it("answers null for an order that does not exist", async () => {
    const { source } = connect();
    await expect(source.fetchOrder("gid://shopify/Order/1")).resolves.toBeNull();
  });

  it("waits out a drained bucket (THROTTLED) and then succeeds", async () => {
    const { source } = connect();
    const [order] = sim.orders.generate(SHOP, 1);
    const throttledBefore = sim.stats().throttled;
    sleeps.length = 0;
    sim.throttle.drain(SHOP);
    const snapshot = await source.fetchOrder(order!.gid);
    expect(snapshot?.id).toBe(order!.gid);
    expect(sim.stats().throttled).toBe(throttledBefore + 1);
    expect(Math.max(...sleeps)).toBeGreaterThanOrEqual(8_000); // ceil(776 / 100) s of fake time
  });

  it("pages a 500-line order (line items and its 500+ sales)", async () => {
    const { source } = connect();
    const lineItems = Array.from({ length: 500 }, (_, index) => ({
      sku: `SKU-${index}`,
      title: `Item ${index}`,
      productType: "Widgets",
      priceMinor: 1_000 + index,
      quantity: 1,
    }));
    const order = sim.orders.add(SHOP, {
      lineItems,
      fulfilled: false,
      shipping: { title: "Ground", priceMinor: 500 },
    });
    const snapshot = await source.fetchOrder(order.gid);
    expect(snapshot?.lineItems).toHaveLength(500);
    expect(new Set(snapshot?.lineItems.map((line) => line.id)).size).toBe(500);
    const productSales = snapshot!.salesEvents
      .flatMap((event) => event.sales)
      .filter((sale) => sale.lineType === "PRODUCT");
    expect(productSales.length).toBeGreaterThanOrEqual(500);
    expect(snapshot?.lineItems.every((line) => line.productType === "Widgets")).toBe(true);
  });

  it("pages a fulfilled 500-line order's fulfillment line items through node(id:)", async () => {
    const { source } = connect();
    const [order] = sim.orders.generate(SHOP, 1, { lineItems: 500, refundRate: 0 });
    const snapshot = await source.fetchOrder(order!.gid);
    expect(snapshot?.lineItems.filter((line) => line.fulfillmentLocationName !== null)).toHaveLength(500);
  });

  it("reads an order shipped in two parts on different days as two fulfillment events", async () => {
    const { source } = connect();
    const order = sim.orders.add(SHOP, {
      lineItems: [
        { sku: "TEE", title: "Tee", priceMinor: 2_500, quantity: 3, location: "Reno DC" },
        { sku: "MUG", title: "Mug", priceMinor: 1_500, quantity: 1, location: "Main Warehouse" },
      ],
      fulfilled: false,
    });
    const [tee, mug] = order.lineItems.map((line) => `gid://shopify/LineItem/${line.id}`);
    expect((await source.fetchOrder(order.gid))?.fulfillmentEvents).toEqual([]);

    const [first] = sim.orders.fulfill(SHOP, order.gid, {
      lineItems: [{ lineItemGid: tee!, quantity: 2 }],
      at: new Date("2026-11-28T15:30:00Z"),
    });
    const [second] = sim.orders.fulfill(SHOP, order.gid, {
      lineItems: [
        { lineItemGid: tee!, quantity: 1 },
        { lineItemGid: mug!, quantity: 1 },
      ],
      location: "Main Warehouse",
      at: new Date("2026-12-01T09:00:00Z"),
    });
    const snapshot = await source.fetchOrder(order.gid);
    expect(snapshot?.fulfillmentEvents).toEqual([
      {
        id: `gid://shopify/Fulfillment/${first!.id}`,
        happenedAt: "2026-11-28T15:30:00Z",
        locationName: "Reno DC",
        lines: [{ lineItemId: tee, quantity: 2 }],
      },
      {
        id: `gid://shopify/Fulfillment/${second!.id}`,
        happenedAt: "2026-12-01T09:00:00Z",
        locationName: "Main Warehouse",
        lines: [
          { lineItemId: tee, quantity: 1 },
          { lineItemId: mug, quantity: 1 },
        ],
      },
    ]);
    expect(snapshot?.lineItems.map((line) => line.fulfillmentLocationName)).toEqual([
      "Reno DC",
      "Main Warehouse",
    ]);

    first!.status = "CANCELLED"; // a cancelled shipment no longer counts
    const after = await source.fetchOrder(order.gid);
    expect(after?.fulfillmentEvents.map((event) => event.id)).toEqual([
      `gid://shopify/Fulfillment/${second!.id}`,
    ]);
  });

  it("reads the events of an order with more fulfillments than the first read holds", async () => {
    const { source } = connect();
    const order = sim.orders.add(SHOP, {
      lineItems: [{ sku: "TEE", title: "Tee", priceMinor: 2_500, quantity: 7 }],
      fulfilled: false,
    });
    const tee = `gid://shopify/LineItem/${order.lineItems[0]!.id}`;
    for (let day = 7; day >= 1; day--) {
      const at = new Date(Date.UTC(2026, 11, day, 12));
      sim.orders.fulfill(SHOP, order.gid, { lineItems: [{ lineItemGid: tee, quantity: 1 }], at });
    }
    const events = (await source.fetchOrder(order.gid))?.fulfillmentEvents ?? [];
    expect(events.map((event) => event.happenedAt.slice(0, 10))).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((day) => `2026-12-0${day}`),
    );
    expect(events.every((event) => event.lines[0]?.quantity === 1)).toBe(true);
  });

  it("lists updated orders oldest first, page by page", async () => {
    const { source } = connect();
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await source.listUpdatedOrderIds({
        updatedAfter: new Date(0),
        pageSize: 3,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...page.orderIds.map((entry) => entry.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids.sort()).toEqual(
      sim.orders
        .list(SHOP)
        .map((order) => order.gid)
        .sort(),
    );
  });

  it("refuses a bad token with MLC_SHOPIFY_UNAUTHORIZED", async () => {
    const { source } = connect("shpat_wrong");
    await expect(source.listUpdatedOrderIds({ updatedAfter: new Date(0) })).rejects.toMatchObject({
      code: "MLC_SHOPIFY_UNAUTHORIZED",
      retryable: false,
    });
  });
});
