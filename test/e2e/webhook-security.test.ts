import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type E2E, signWebhook, startE2E } from "../support/e2e-harness.js";
import { makeSimOrder } from "../support/e2e-orders.js";

describe("webhook security (e2e)", () => {
  let e2e: E2E;
  beforeEach(async () => {
    e2e = await startE2E();
  });
  afterEach(async () => {
    await e2e.stop();
  });

  async function expectNothingStored() {
    const jobs = await e2e.connector.store.jobs.counts();
    const docs = await e2e.connector.store.posting.countDocuments();
    expect(Object.values(jobs).every((n) => n === 0)).toBe(true);
    expect(Object.values(docs).every((n) => n === 0)).toBe(true);
    expect(e2e.countRows("inbox_events")).toBe(0);
    expect(e2e.countRows("jobs")).toBe(0);
    expect(e2e.countRows("posting_documents")).toBe(0);
    expect(await e2e.connector.store.inbox.countDuplicates()).toBe(0);
  }

  it.each([
    ["a tampered body", { tamperBody: true }],
    ["a wrong secret", { wrongSecret: true }],
  ])("answers 401 to %s on every retry and stores nothing", async (_name, knobs) => {
    const order = e2e.shopify.orders.add(e2e.shop, makeSimOrder(), { emit: false });
    e2e.shopify.webhooks.emit(e2e.shop, "orders/create", order.gid, knobs);
    await e2e.shopify.webhooks.idle();

    const deliveries = e2e.shopify.webhooks.deliveries();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: "failed", lastStatusCode: 401, attempts: 4 });
    await expectNothingStored();
    expect(e2e.jde.ledger.documents()).toHaveLength(0);
  });

  function webhookRequest(body: string, headers: Record<string, string>) {
    return fetch(`${e2e.url}/webhooks/shopify`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
        ...headers,
      },
      body,
    });
  }

  it("answers 401 to a delivery without an HMAC header", async () => {
    const body = JSON.stringify({ id: 1001, admin_graphql_api_id: "gid://shopify/Order/1001" });
    const response = await webhookRequest(body, { "X-Shopify-Shop-Domain": e2e.shop });
    expect(response.status).toBe(401);
    await expectNothingStored();
  });

  it("answers 404 to a correctly signed delivery for a shop it does not serve", async () => {
    const body = JSON.stringify({ id: 1002, admin_graphql_api_id: "gid://shopify/Order/1002" });
    const response = await webhookRequest(body, {
      "X-Shopify-Shop-Domain": "someone-else.myshopify.com",
      "X-Shopify-Hmac-Sha256": signWebhook(body, e2e.secret),
    });
    expect(response.status).toBe(404);
    await expectNothingStored();
  });

  it("accepts the same request once correctly signed (the negative cases are not vacuous)", async () => {
    const order = e2e.shopify.orders.add(e2e.shop, makeSimOrder(), { emit: false });
    const body = JSON.stringify({ id: Number(order.id), admin_graphql_api_id: order.gid });
    const response = await webhookRequest(body, {
      "X-Shopify-Shop-Domain": e2e.shop,
      "X-Shopify-Hmac-Sha256": signWebhook(body, e2e.secret),
    });
    expect(response.status).toBe(200);
    await e2e.waitForPosting([order.gid]);
    expect(e2e.countRows("inbox_events")).toBe(1);
  });
});
