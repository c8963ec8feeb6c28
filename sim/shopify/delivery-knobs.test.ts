import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DeliveryRecord, ORDER_1042, type ShopifySimulator, startShopifySimulator } from "./index.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.test-helper.js";

const SHOP = "acme.myshopify.com";
const SECRET = "hush";
const SHOP_CONFIG = {
  domain: SHOP,
  accessToken: "tok",
  apiSecret: SECRET,
  currency: "USD",
  timezone: "America/New_York",
  taxesIncluded: false,
};
let sim: ShopifySimulator;
let receiver: WebhookReceiver;
let nextOrderId = 5934123456789200000n;

const newOrder = (input: Partial<typeof ORDER_1042> = {}) =>
  sim.orders.add(SHOP, { ...ORDER_1042, ...input, id: String(nextOrderId++) }, { emit: false });

/** Emits `topic` for `n` new orders and returns the delivery records they produced. */
async function emitMany(n: number, topic = "orders/updated"): Promise<DeliveryRecord[]> {
  const before = sim.webhooks.deliveries().length;
  for (let i = 0; i < n; i++) sim.webhooks.emit(SHOP, topic, newOrder().gid);
  await sim.webhooks.idle();
  return sim.webhooks.deliveries().slice(before);
}

const headerCount = (name: string, value: string) =>
  receiver.received.filter((w) => w.headers[name] === value).length;

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  sim = await startShopifySimulator({ shops: [SHOP_CONFIG], webhookRetry: { attempts: 2, baseDelayMs: 5 } });
  sim.webhooks.subscribe({ shop: SHOP, topics: ["orders/create", "orders/updated"], uri: receiver.url() });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
beforeEach(() => {
  sim.delivery.setKnobs({});
  receiver.respond(null);
  receiver.clear();
});

describe("simulator-wide delivery knobs", () => {
  it("drops a seeded share of deliveries, the same ones for the same seed", async () => {
    sim.delivery.setKnobs({ seed: 7, dropPercent: 25 });
    const first = await emitMany(200);
    const dropped = first.filter((r) => r.dropped);
    expect(dropped.length).toBeGreaterThan(30);
    expect(dropped.length).toBeLessThan(70);
    expect(dropped.every((r) => r.status === "dropped" && r.attempts === 0)).toBe(true);
    expect(receiver.received).toHaveLength(200 - dropped.length);

    sim.delivery.setKnobs({ seed: 7, dropPercent: 25 });
    const second = await emitMany(200);
    expect(second.map((r) => r.dropped)).toEqual(first.map((r) => r.dropped));
  });

  it("keeps one knob's outcomes when another knob is turned on", async () => {
    sim.delivery.setKnobs({ seed: 12, dropPercent: 30 });
    const alone = (await emitMany(120)).map((r) => r.dropped);
    sim.delivery.setKnobs({ seed: 12, dropPercent: 30, duplicatePercent: 40, redeliverPercent: 20 });
    const mixed = await emitMany(120);
    const originals = mixed.filter((r) => !r.duplicate && r.redeliveryOf === null);
    expect(originals.map((r) => r.dropped)).toEqual(alone);
    expect(mixed.length).toBeGreaterThan(originals.length);
  });

  it("sends a seeded share twice with the same Webhook-Id and Event-Id", async () => {
    sim.delivery.setKnobs({ seed: 3, duplicatePercent: 20 });
    const records = await emitMany(100);
    const copies = records.filter((r) => r.duplicate);
    expect(copies.length).toBeGreaterThan(8);
    expect(copies.length).toBeLessThan(35);
    expect(receiver.received).toHaveLength(100 + copies.length);
    for (const copy of copies) {
      expect(headerCount("x-shopify-webhook-id", copy.webhookId)).toBe(2);
      expect(headerCount("x-shopify-event-id", copy.eventId)).toBe(2);
    }
  });

  it("redelivers a seeded share under a new Webhook-Id with the same Event-Id", async () => {
    sim.delivery.setKnobs({ seed: 4, redeliverPercent: 20 });
    const records = await emitMany(100);
    const again = records.filter((r) => r.redeliveryOf !== null);
    expect(again.length).toBeGreaterThan(8);
    expect(receiver.received).toHaveLength(100 + again.length);
    for (const r of again) {
      const original = records.find((x) => x.webhookId === r.redeliveryOf)!;
      expect(r.webhookId).not.toBe(original.webhookId);
      expect(r.eventId).toBe(original.eventId);
      expect(r.triggeredAt).toBe(original.triggeredAt);
      expect(headerCount("x-shopify-event-id", r.eventId)).toBe(2);
    }
  });

  it("delays every delivery by a fixed time, or by a seeded random time up to a bound", async () => {
    sim.delivery.setKnobs({ delayMs: 80 });
    const start = Date.now();
    const fixed = await emitMany(3);
    expect(fixed.map((r) => r.delayedMs)).toEqual([80, 80, 80]);
    expect(Math.min(...receiver.received.map((w) => w.atMs)) - start).toBeGreaterThanOrEqual(75);

    sim.delivery.setKnobs({ seed: 5, randomDelayMaxMs: 100 });
    const random = (await emitMany(40)).map((r) => r.delayedMs);
    expect(Math.min(...random)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...random)).toBeLessThanOrEqual(100);
    expect(new Set(random).size).toBeGreaterThan(10);
    sim.delivery.setKnobs({ seed: 5, randomDelayMaxMs: 100 });
    expect((await emitMany(40)).map((r) => r.delayedMs)).toEqual(random);
  });

  it("holds a window of deliveries and releases them in seeded random order (updated before create)", async () => {
    sim.delivery.setKnobs({ seed: 11, reorderWindow: { size: 20, maxWaitMs: 5000 } });
    const orders = Array.from({ length: 10 }, () => newOrder());
    const before = sim.webhooks.deliveries().length;
    for (const o of orders) {
      sim.webhooks.emit(SHOP, "orders/create", o.gid);
      sim.webhooks.emit(SHOP, "orders/updated", o.gid);
    }
    await sim.webhooks.idle();
    const records = sim.webhooks.deliveries().slice(before);
    expect(records.filter((r) => r.reordered).length).toBeGreaterThan(10);
    const arrival = receiver.received.map((w) => w.headers["x-shopify-webhook-id"]);
    const bySequence = [...records].sort((a, b) => a.sendSequence! - b.sendSequence!).map((r) => r.webhookId);
    expect(arrival).toEqual(bySequence);
    const updatedFirst = orders.filter((o) => {
      const topicsInArrival = receiver.received
        .filter((w) => receiver.json(w).admin_graphql_api_id === o.gid)
        .map((w) => w.headers["x-shopify-topic"]);
      return topicsInArrival[0] === "orders/updated";
    });
    expect(updatedFirst.length).toBeGreaterThan(0);
  });

  it("releases a partly filled window after its wait", async () => {
    sim.delivery.setKnobs({ reorderWindow: { size: 100, maxWaitMs: 60 } });
    const start = Date.now();
    const records = await emitMany(3);
    expect(records.every((r) => r.status === "delivered")).toBe(true);
    expect(Math.min(...receiver.received.map((w) => w.atMs)) - start).toBeGreaterThanOrEqual(55);
  });

  it("signs a seeded share wrongly once: the connector answers 401 and the retry is signed right", async () => {
    sim.delivery.setKnobs({ seed: 2, wrongSignaturePercent: 30 });
    const records = await emitMany(100);
    const wrong = records.filter((r) => r.wrongSignatureAttempts > 0);
    expect(wrong.length).toBeGreaterThan(15);
    expect(wrong.length).toBeLessThan(45);
    expect(
      wrong.every((r) => r.wrongSignatureAttempts === 1 && r.attempts === 2 && r.status === "delivered"),
    ).toBe(true);
    expect(receiver.received.filter((w) => w.status === 401)).toHaveLength(wrong.length);
    expect(receiver.received.filter((w) => w.status === 200)).toHaveLength(100);
  });

  it("keeps a wrong signature on every retry when told to", async () => {
    sim.delivery.setKnobs({ wrongSignaturePercent: 100, wrongSignatureAlways: true });
    const records = await emitMany(3);
    expect(records.map((r) => [r.status, r.attempts, r.wrongSignatureAttempts])).toEqual([
      ["failed", 3, 3],
      ["failed", 3, 3],
      ["failed", 3, 3],
    ]);
  });

  it("retries with the original payload even when the order changed meanwhile", async () => {
    const order = newOrder({ payments: [{ gateway: "manual" }], financialStatus: "pending" });
    let first = true;
    receiver.respond(() => {
      if (!first) return 200;
      first = false;
      sim.orders.markPaid(SHOP, order.gid, new Date("2026-03-20T10:00:00Z"), { emit: false });
      return 500;
    });
    sim.webhooks.emit(SHOP, "orders/updated", order.gid);
    await sim.webhooks.idle();
    expect(receiver.received.map((w) => w.status)).toEqual([500, 200]);
    expect(receiver.received.map((w) => receiver.json(w).financial_status)).toEqual(["pending", "pending"]);
    expect(receiver.received[0]!.raw.equals(receiver.received[1]!.raw)).toBe(true);
    expect(sim.orders.get(SHOP, order.gid)!.transactions.at(-1)!.kind).toBe("SALE");
  });

  it("sends a seeded share of order payloads with a stale updated_at", async () => {
    sim.delivery.setKnobs({ seed: 9, staleUpdatedAtPercent: 50 });
    const order = newOrder();
    for (let i = 0; i < 40; i++) sim.webhooks.emit(SHOP, "orders/updated", order.gid);
    await sim.webhooks.idle();
    const stale = receiver.received.filter(
      (w) => Date.parse(receiver.json(w).updated_at) < order.updatedAtMs,
    );
    expect(stale.length).toBeGreaterThan(8);
    expect(stale.length).toBeLessThan(32);
  });

  it("lets a per-emit knob override the simulator-wide roll", async () => {
    sim.delivery.setKnobs({ dropPercent: 100 });
    const order = newOrder();
    sim.webhooks.emit(SHOP, "orders/updated", order.gid, { drop: false, redeliver: true });
    await sim.webhooks.idle();
    expect(receiver.received).toHaveLength(2);
  });

  it("takes knobs from the simulator options and from the /_sim control route", async () => {
    const other = await startShopifySimulator({
      shops: [SHOP_CONFIG],
      webhookDelivery: { dropPercent: 100 },
    });
    try {
      other.webhooks.subscribe({ shop: SHOP, topics: ["orders/create"], uri: receiver.url() });
      other.orders.add(SHOP, ORDER_1042);
      await other.webhooks.idle();
      expect(other.webhooks.deliveries().map((r) => r.status)).toEqual(["dropped"]);
      const set = await fetch(`${other.url}/_sim/webhooks/knobs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ seed: 1, duplicatePercent: 100 }),
      });
      expect(await set.json()).toEqual({ seed: 1, duplicatePercent: 100 });
      expect(other.delivery.knobs()).toEqual({ seed: 1, duplicatePercent: 100 });
    } finally {
      await other.close();
    }
  });
});
