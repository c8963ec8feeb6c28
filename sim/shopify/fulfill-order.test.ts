import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayFulfillmentStatus, fulfillableQuantity } from "./fulfill-order.js";
import { orderView } from "./graphql-order-view.js";
import { type ShopifySimulator, startShopifySimulator } from "./index.js";
import { createOrderStore } from "./order-store.js";
import { restOrder } from "./rest-order-payload.js";
import type { SimShopConfig } from "./types.js";

const SHOP = "acme.myshopify.com";
const CONFIG: SimShopConfig = {
  domain: SHOP,
  accessToken: "tok",
  apiSecret: "secret",
  currency: "USD",
  timezone: "America/New_York",
  taxesIncluded: false,
};
const DAY1 = new Date("2026-11-03T15:00:00Z");
const DAY2 = new Date("2026-11-06T09:00:00Z");
const lineGid = (id: string) => `gid://shopify/LineItem/${id}`;

function unfulfilledOrder() {
  const store = createOrderStore({ shops: [CONFIG], seed: 1, nowMs: () => DAY1.getTime() });
  const order = store.add(SHOP, {
    lineItems: [
      { sku: "TEE", title: "Tee", priceMinor: 2500, quantity: 3, location: "Reno DC" },
      { sku: "MUG", title: "Mug", priceMinor: 1500, quantity: 1 },
    ],
    fulfilled: false,
  });
  return { store, order, tee: order.lineItems[0]!, mug: order.lineItems[1]! };
}

describe("orders.fulfill (store)", () => {
  it("ships part of an order, then the rest, keeping the fulfillment status honest", () => {
    const { store, order, tee, mug } = unfulfilledOrder();
    expect(displayFulfillmentStatus(order)).toBe("UNFULFILLED");
    expect(restOrder(order, CONFIG.timezone).fulfillment_status).toBeNull();

    const [first] = store.fulfill(SHOP, order.gid, {
      lineItems: [{ lineItemGid: lineGid(tee.id), quantity: 2 }],
      at: DAY1,
    });
    expect(first).toMatchObject({ status: "SUCCESS", location: "Reno DC", createdAtMs: DAY1.getTime() });
    expect(first!.lineItems).toMatchObject([{ lineItemId: tee.id, quantity: 2 }]);
    expect(displayFulfillmentStatus(order)).toBe("PARTIALLY_FULFILLED");
    expect(orderView(order, { personalData: true }).displayFulfillmentStatus).toBe("PARTIALLY_FULFILLED");
    expect(restOrder(order, CONFIG.timezone).fulfillment_status).toBe("partial");
    expect(fulfillableQuantity(order, tee)).toBe(1);

    const rest = store.fulfill(SHOP, order.gid, { at: DAY2 });
    expect(rest.map((f) => [f.location, f.lineItems.map((x) => [x.lineItemId, x.quantity])])).toEqual([
      ["Reno DC", [[tee.id, 1]]],
      ["Main Warehouse", [[mug.id, 1]]],
    ]);
    expect(displayFulfillmentStatus(order)).toBe("FULFILLED");
    expect(restOrder(order, CONFIG.timezone).fulfillment_status).toBe("fulfilled");
    expect(order.updatedAtMs).toBeGreaterThanOrEqual(DAY2.getTime());
  });

  it("ships named lines from one location when asked", () => {
    const { store, order, tee, mug } = unfulfilledOrder();
    const created = store.fulfill(SHOP, order.gid, {
      lineItems: [
        { lineItemGid: lineGid(tee.id), quantity: 3 },
        { lineItemGid: lineGid(mug.id), quantity: 1 },
      ],
      location: "SF Store",
    });
    expect(created).toHaveLength(1);
    expect(created[0]!.createdAtMs).toBe(DAY1.getTime());
    expect(displayFulfillmentStatus(order)).toBe("FULFILLED");
  });

  it("does not count a cancelled fulfillment as shipped", () => {
    const { store, order, tee } = unfulfilledOrder();
    const [f] = store.fulfill(SHOP, order.gid, {
      lineItems: [{ lineItemGid: lineGid(tee.id), quantity: 3 }],
    });
    f!.status = "CANCELLED";
    expect(displayFulfillmentStatus(order)).toBe("UNFULFILLED");
    expect(fulfillableQuantity(order, tee)).toBe(3);
  });

  it.each([
    ["more units than are left", [{ id: "tee", quantity: 4 }], /left to fulfill/],
    ["a zero quantity", [{ id: "tee", quantity: 0 }], /positive integer/],
    ["an unknown line", [{ id: "nope", quantity: 1 }], /has no line/],
    [
      "the same line twice",
      [
        { id: "tee", quantity: 1 },
        { id: "tee", quantity: 1 },
      ],
      /twice/,
    ],
  ])("refuses %s", (_label, lines, message) => {
    const { store, order, tee } = unfulfilledOrder();
    const lineItems = lines.map((x) => ({
      lineItemGid: lineGid(x.id === "tee" ? tee.id : x.id),
      quantity: x.quantity,
    }));
    expect(() => store.fulfill(SHOP, order.gid, { lineItems })).toThrow(message);
  });

  it("refuses to fulfill an already fulfilled order", () => {
    const { store, order } = unfulfilledOrder();
    store.fulfill(SHOP, order.gid, {});
    expect(() => store.fulfill(SHOP, order.gid, {})).toThrow(/nothing left/);
  });
});

describe("generate({ fulfillAtCreation })", () => {
  const storeFor = () => createOrderStore({ shops: [CONFIG], seed: 1, nowMs: () => 0 });

  it("fulfills web orders at creation by default, and leaves them for later when false", () => {
    const shipped = storeFor().generate(SHOP, 40, { seed: 4 });
    const later = storeFor().generate(SHOP, 40, { seed: 4, fulfillAtCreation: false });
    // The same orders (same ids and lines), only not shipped yet.
    const shape = (o: (typeof later)[number]) => [o.gid, o.processedAtMs, o.lineItems.map((l) => l.id)];
    expect(later.map(shape)).toEqual(shipped.map(shape));
    const web = (o: (typeof later)[number]) =>
      o.sourceName === "web" && o.lineItems.some((l) => l.requiresShipping);
    expect(shipped.filter(web).every((o) => o.fulfillments.length > 0)).toBe(true);
    expect(later.filter(web).every((o) => o.fulfillments.length === 0)).toBe(true);
    expect(later.filter(web).every((o) => displayFulfillmentStatus(o) === "UNFULFILLED")).toBe(true);
    const pos = later.filter((o) => o.sourceName === "pos");
    expect(pos.length).toBeGreaterThan(0);
    expect(pos.every((o) => o.fulfillments.length > 0)).toBe(true);
  });
});

describe("orders.fulfill (simulator API, webhooks)", () => {
  let sim: ShopifySimulator;
  let server: Server;
  const received: { topic: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          topic: String(req.headers["x-shopify-topic"]),
          body: Buffer.concat(chunks).toString(),
        });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
    sim = await startShopifySimulator({ shops: [CONFIG], seed: 2 });
    sim.webhooks.subscribe({
      shop: SHOP,
      topics: ["fulfillments/create", "orders/updated", "orders/partially_fulfilled", "orders/fulfilled"],
      uri,
    });
  });
  afterAll(async () => {
    await sim.close();
    await new Promise((r) => server.close(r));
  });

  it("announces each shipment with a REST Fulfillment carrying order_id, then the order", async () => {
    const order = sim.orders.add(SHOP, {
      lineItems: [{ sku: "TEE", title: "Tee", priceMinor: 2500, quantity: 3 }],
      fulfilled: false,
    });
    const tee = order.lineItems[0]!;
    received.length = 0;
    const [f] = sim.orders.fulfill(SHOP, order.gid, {
      lineItems: [{ lineItemGid: lineGid(tee.id), quantity: 2 }],
      at: DAY1,
    });
    await sim.webhooks.idle();
    expect(received.map((r) => r.topic)).toEqual([
      "fulfillments/create",
      "orders/updated",
      "orders/partially_fulfilled",
    ]);
    const body = received[0]!.body;
    expect(body).toContain(`"id":${f!.id},`);
    expect(body).toContain(`"order_id":${order.id},`);
    expect(body).toContain('"status":"success"');
    expect(body).toContain('"created_at":"2026-11-03T10:00:00-05:00"');
    expect(body).toMatch(new RegExp(`"line_items":\\[\\{"id":${tee.id},[^}]*"quantity":2,`));
    expect(received[1]!.body).toContain('"fulfillment_status":"partial"');

    received.length = 0;
    sim.orders.fulfill(SHOP, order.gid, { at: DAY2 });
    await sim.webhooks.idle();
    expect(received.map((r) => r.topic)).toEqual([
      "fulfillments/create",
      "orders/updated",
      "orders/fulfilled",
    ]);
  });

  it("stays silent with emit: false", async () => {
    const order = sim.orders.add(SHOP, {
      lineItems: [{ sku: "MUG", title: "Mug", priceMinor: 1500, quantity: 1 }],
      fulfilled: false,
    });
    received.length = 0;
    sim.orders.fulfill(SHOP, order.gid, {}, { emit: false });
    await sim.webhooks.idle();
    expect(received).toEqual([]);
  });
});
