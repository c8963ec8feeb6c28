import type { NewInboxEvent } from "../inbox/inbox-store.js";
import type { VerifiedWebhook } from "./webhook-intake.js";

/** The inbox row of a verified delivery; an unparsable `X-Shopify-Triggered-At` is kept as null. */
export function toInboxEvent(webhook: VerifiedWebhook, receivedAt: Date): NewInboxEvent {
  const triggeredAt = webhook.triggeredAt ? new Date(webhook.triggeredAt) : null;
  return {
    tenantId: webhook.tenantId,
    shopDomain: webhook.shop,
    topic: webhook.topic,
    webhookId: webhook.webhookId,
    eventId: webhook.eventId,
    apiVersion: webhook.apiVersion,
    triggeredAt: triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : null,
    receivedAt,
    body: webhook.rawBody,
    bodySha256: webhook.bodySha256,
    resourceGid: webhook.orderId ?? webhook.customerId,
  };
}
