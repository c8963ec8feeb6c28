import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookIntake, type VerifiedWebhook } from "../ingest/webhook-intake.js";
import { createSilentLogger } from "../lib/logger.js";
import { buildApp } from "./build-app.js";

const SECRET = "app-secret";
const OLD_SECRET = "old-secret";
// Shopify's serializer escapes `&` and `/`; re-serialising the parsed body would change these bytes.
const BODY =
  '{"id":5934123456789012345,"admin_graphql_api_id":"gid:\\/\\/shopify\\/Order\\/5934123456789012345","note":"a \\u0026 b"}';

function sign(body: string, secret = SECRET): string {
  return createHmac("sha256", secret).update(Buffer.from(body)).digest("base64");
}

function headers(body: string, overrides: Record<string, string> = {}) {
  return {
    "content-type": "application/json",
    "x-shopify-topic": "orders/create",
    "x-shopify-hmac-sha256": sign(body),
    "x-shopify-shop-domain": "acme.myshopify.com",
    "x-shopify-api-version": "2026-10",
    "x-shopify-webhook-id": "wh-1",
    "x-shopify-event-id": "ev-1",
    "x-shopify-triggered-at": "2026-11-27T10:00:00Z",
    ...overrides,
  };
}

function makeApp() {
  const stored: VerifiedWebhook[] = [];
  const keys = new Set<string>();
  const intake = createWebhookIntake({
    log: createSilentLogger(),
    findTenantByShop: (shop) =>
      shop === "acme.myshopify.com" ? { tenantId: "acme", secrets: [SECRET, OLD_SECRET] } : undefined,
    store: async (webhook) => {
      const key = `${webhook.tenantId}|${webhook.topic}|${webhook.dedupeKey}`;
      if (keys.has(key)) return "duplicate";
      keys.add(key);
      stored.push(webhook);
      return "stored";
    },
  });
  const app = buildApp({
    log: createSilentLogger(),
    bodyLimitBytes: 4096,
    webhooks: intake,
    health: async () => ({ ok: true, detail: {} }),
  });
  return { app, stored };
}

describe("POST /webhooks/shopify", () => {
  let current: ReturnType<typeof makeApp> | undefined;
  afterEach(async () => current?.app.close());

  it("stores a signed delivery with its exact bytes and the order it is about, then answers 200", async () => {
    current = makeApp();
    const response = await current.app.inject({
      method: "POST",
      url: "/webhooks/shopify",
      headers: headers(BODY),
      payload: BODY,
    });
    expect(response.statusCode).toBe(200);
    expect(current.stored).toHaveLength(1);
    expect(current.stored[0]!.rawBody.toString()).toBe(BODY);
    expect(current.stored[0]!.orderId).toBe("gid://shopify/Order/5934123456789012345");
    expect(current.stored[0]!.dedupeKey).toBe("ev-1");
  });

  it("accepts the previous secret during a rotation", async () => {
    current = makeApp();
    const response = await current.app.inject({
      method: "POST",
      url: "/webhooks/shopify",
      headers: headers(BODY, { "x-shopify-hmac-sha256": sign(BODY, OLD_SECRET) }),
      payload: BODY,
    });
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ["a tampered body", { payload: BODY.replace("a \\u0026 b", "a & b") }],
    ["a wrong secret", { headers: { "x-shopify-hmac-sha256": sign(BODY, "wrong") } }],
    ["a missing signature", { headers: { "x-shopify-hmac-sha256": "" } }],
    ["a signature of the wrong length", { headers: { "x-shopify-hmac-sha256": "c2hvcnQ=" } }],
  ])(
    "answers 401 and stores nothing for %s",
    async (_name, change: { payload?: string; headers?: Record<string, string> }) => {
      current = makeApp();
      const response = await current.app.inject({
        method: "POST",
        url: "/webhooks/shopify",
        headers: headers(BODY, change.headers),
        payload: change.payload ?? BODY,
      });
      expect(response.statusCode).toBe(401);
      expect(current.stored).toHaveLength(0);
    },
  );

  it("answers 404 for a shop no tenant is configured for", async () => {
    current = makeApp();
    const response = await current.app.inject({
      method: "POST",
      url: "/webhooks/shopify",
      headers: headers(BODY, { "x-shopify-shop-domain": "other.myshopify.com" }),
      payload: BODY,
    });
    expect(response.statusCode).toBe(404);
    expect(current.stored).toHaveLength(0);
  });

  it("answers 400 for a signed body that is not a JSON object", async () => {
    current = makeApp();
    const body = "[1,2";
    const response = await current.app.inject({
      method: "POST",
      url: "/webhooks/shopify",
      headers: headers(body),
      payload: body,
    });
    expect(response.statusCode).toBe(400);
    expect(current.stored).toHaveLength(0);
  });

  it("answers 413 above the body limit", async () => {
    current = makeApp();
    const body = JSON.stringify({ padding: "x".repeat(5000) });
    const response = await current.app.inject({
      method: "POST",
      url: "/webhooks/shopify",
      headers: headers(body),
      payload: body,
    });
    expect(response.statusCode).toBe(413);
    expect(current.stored).toHaveLength(0);
  });

  it("answers 200 to a duplicate delivery without storing it again", async () => {
    current = makeApp();
    for (const webhookId of ["wh-1", "wh-2"]) {
      const response = await current.app.inject({
        method: "POST",
        url: "/webhooks/shopify",
        headers: headers(BODY, { "x-shopify-webhook-id": webhookId }),
        payload: BODY,
      });
      expect(response.statusCode).toBe(200);
    }
    expect(current.stored).toHaveLength(1);
  });
});
