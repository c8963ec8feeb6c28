import { createHash } from "node:crypto";
import type { Logger } from "../lib/logger.js";
import { extractCustomerId, extractOrderId } from "./extract-resource.js";
import { verifyShopifyHmac } from "./verify-shopify-hmac.js";

/** What the intake stores for one verified delivery. */
export interface VerifiedWebhook {
  tenantId: string;
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  dedupeKey: string; // X-Shopify-Event-Id, else X-Shopify-Webhook-Id (DESIGN.md §3)
  apiVersion: string | null;
  triggeredAt: string | null;
  orderId: string | null; // the order this signal is about, if any
  customerId: string | null; // the customer a customers/* or privacy webhook is about
  rawBody: Buffer;
  bodySha256: string;
}

export type WebhookOutcome =
  | { status: 200; result: "stored" | "duplicate" }
  | { status: 400; result: "malformed"; reason: string }
  | { status: 401; result: "bad-signature" }
  | { status: 404; result: "unknown-shop" };

export interface WebhookIntakeDeps {
  findTenantByShop(shop: string): { tenantId: string; secrets: readonly string[] } | undefined;
  /** Durably stores the delivery (and its "sync order" job); resolves after commit. */
  store(webhook: VerifiedWebhook): Promise<"stored" | "duplicate">;
  log: Logger;
}

/**
 * The webhook path of DESIGN.md §1: headers → tenant → HMAC over the raw bytes → one durable insert.
 * Answers 200 only after the commit; a store failure propagates so the HTTP layer answers 500 and
 * Shopify retries.
 */
export function createWebhookIntake(deps: WebhookIntakeDeps) {
  return { receive };

  async function receive(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer,
  ): Promise<WebhookOutcome> {
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const shop = header("x-shopify-shop-domain");
    const topic = header("x-shopify-topic");
    const webhookId = header("x-shopify-webhook-id");
    const hmac = header("x-shopify-hmac-sha256");
    if (!shop) return { status: 400, result: "malformed", reason: "missing X-Shopify-Shop-Domain" };
    const tenant = deps.findTenantByShop(shop.toLowerCase());
    if (!tenant) {
      deps.log.warn({ shop }, "webhook.unknown_shop");
      return { status: 404, result: "unknown-shop" };
    }
    if (!verifyShopifyHmac(rawBody, hmac, tenant.secrets)) {
      deps.log.warn({ shop, topic, webhookId }, "webhook.bad_signature");
      return { status: 401, result: "bad-signature" };
    }
    if (!topic || !webhookId)
      return { status: 400, result: "malformed", reason: "missing X-Shopify-Topic or X-Shopify-Webhook-Id" };
    const text = rawBody.toString("utf8");
    if (!isJsonObject(text)) return { status: 400, result: "malformed", reason: "body is not a JSON object" };
    const eventId = header("x-shopify-event-id") ?? null;
    const result = await deps.store({
      tenantId: tenant.tenantId,
      shop: shop.toLowerCase(),
      topic,
      webhookId,
      eventId,
      dedupeKey: eventId ?? webhookId,
      apiVersion: header("x-shopify-api-version") ?? null,
      triggeredAt: header("x-shopify-triggered-at") ?? null,
      orderId: extractOrderId(topic, text),
      customerId: extractCustomerId(topic, text),
      rawBody,
      bodySha256: createHash("sha256").update(rawBody).digest("hex"),
    });
    if (result === "duplicate") deps.log.info({ shop, topic, webhookId }, "webhook.duplicate");
    return { status: 200, result };
  }
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value);
  } catch {
    return false;
  }
}
