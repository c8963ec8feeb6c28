import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_1042, type ShopifySimulator, startShopifySimulator } from "./index.js";

const SHOP = "acme.myshopify.com";
const SECRET = "hush";
interface Received {
  headers: IncomingMessage["headers"];
  raw: Buffer;
}

let sim: ShopifySimulator;
let server: Server;
let uri: string;
const received: Received[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(500).end();
      } else res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/shopify`;
  sim = await startShopifySimulator({
    shops: [
      {
        domain: SHOP,
        accessToken: "tok",
        apiSecret: SECRET,
        currency: "USD",
        timezone: "America/New_York",
        taxesIncluded: false,
      },
    ],
    webhookRetry: { attempts: 3, baseDelayMs: 5 },
  });
  sim.webhooks.subscribe({
    shop: SHOP,
    topics: ["orders/create", "orders/updated", "orders/paid", "refunds/create"],
    uri,
    apiVersion: "2026-07",
  });
});
afterAll(async () => {
  await sim.close();
  await new Promise((r) => server.close(r));
});

const verify = (r: Received, secret = SECRET) =>
  createHmac("sha256", secret).update(r.raw).digest("base64") === r.headers["x-shopify-hmac-sha256"];

describe("webhook sender", () => {
  it("signs the exact bytes and keeps ids above 2^53 exact in the JSON text", async () => {
    received.length = 0;
    const [order] = sim.orders.generate(SHOP, 1, { seed: 11 });
    await sim.webhooks.idle();
    const r = received[0]!;
    expect(verify(r)).toBe(true);
    expect(r.headers).toMatchObject({
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-07",
      "content-type": "application/json",
      "user-agent": "Shopify-Captain-Hook",
    });
    expect(r.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers["x-shopify-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.raw.toString()).toContain(`{"id":${order!.id},"admin_graphql_api_id":"${order!.gid}"`);
  });

  it("retries after a 500 with the same payload and webhook id, then succeeds", async () => {
    received.length = 0;
    failuresLeft = 2;
    const order = sim.orders.add(SHOP, { ...ORDER_1042, id: "5934123456789012345" }, { emit: false });
    sim.webhooks.emit(SHOP, "orders/updated", order.gid);
    await sim.webhooks.idle();
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.raw.toString())).size).toBe(1);
    expect(new Set(received.map((r) => r.headers["x-shopify-webhook-id"])).size).toBe(1);
    const record = sim.webhooks.deliveries().at(-1)!;
    expect(record).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200 });
  });

  it("gives up after the configured retries", async () => {
    received.length = 0;
    failuresLeft = 99;
    const order = sim.orders.add(SHOP, { ...ORDER_1042, id: "5934123456789012346" }, { emit: false });
    sim.webhooks.emit(SHOP, "orders/updated", order.gid);
    await sim.webhooks.idle();
    failuresLeft = 0;
    expect(received).toHaveLength(4);
    expect(sim.webhooks.deliveries().at(-1)).toMatchObject({ status: "failed", attempts: 4 });
  });

  it("applies the knobs: duplicate, wrong secret, tampered body, drop, stale updated_at", async () => {
    const order = sim.orders.add(SHOP, { ...ORDER_1042, id: "5934123456789012347" }, { emit: false });
    received.length = 0;
    sim.webhooks.emit(SHOP, "orders/updated", order.gid, { duplicate: true });
    await sim.webhooks.idle();
    expect(received).toHaveLength(2);
    expect(received[0]!.headers["x-shopify-event-id"]).toBe(received[1]!.headers["x-shopify-event-id"]);
    received.length = 0;
    sim.webhooks.emit(SHOP, "orders/updated", order.gid, { wrongSecret: true });
    sim.webhooks.emit(SHOP, "orders/updated", order.gid, { tamperBody: true, staleUpdatedAt: true });
    sim.webhooks.emit(SHOP, "orders/updated", order.gid, { drop: true });
    await sim.webhooks.idle();
    expect(received).toHaveLength(2);
    expect(received.map((r) => verify(r))).toEqual([false, false]);
    const stale = JSON.parse(received.find((r) => r.raw.toString().endsWith(" "))!.raw.toString());
    expect(Date.parse(stale.updated_at)).toBeLessThan(order.updatedAtMs);
    expect(sim.webhooks.deliveries().at(-1)!.status).toBe("dropped");
  });

  it("announces payment and refund with one event id per action", async () => {
    const order = sim.orders.add(SHOP, {
      ...ORDER_1042,
      id: "5934123456789012348",
      payments: [{ gateway: "manual" }],
      financialStatus: "pending",
    });
    await sim.webhooks.idle();
    received.length = 0;
    sim.orders.markPaid(SHOP, order.gid, new Date("2026-03-20T10:00:00Z"));
    sim.orders.refund(SHOP, order.gid, {
      lineItems: [{ lineItemGid: "gid://shopify/LineItem/14022222222222", quantity: 1 }],
      shipping: true,
    });
    await sim.webhooks.idle();
    expect(received.map((r) => r.headers["x-shopify-topic"]).sort()).toEqual([
      "orders/paid",
      "orders/updated",
      "orders/updated",
      "refunds/create",
    ]);
    const paid = received.find((r) => r.headers["x-shopify-topic"] === "orders/paid")!;
    const sameAction = received.filter(
      (r) => r.headers["x-shopify-event-id"] === paid.headers["x-shopify-event-id"],
    );
    expect(sameAction.map((r) => r.headers["x-shopify-topic"]).sort()).toEqual([
      "orders/paid",
      "orders/updated",
    ]);
    expect(JSON.parse(paid.raw.toString()).financial_status).toBe("paid");
    const refund = received.find((r) => r.headers["x-shopify-topic"] === "refunds/create")!.raw.toString();
    expect(refund).toContain('"subtotal":27.00');
    expect(sim.expected.orderTotals(SHOP, order.gid)).toMatchObject({
      refundsByGateway: { manual: 2916 + 1080 },
      outstanding: 0,
    });
  });
});
