import { z } from "zod";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { ShopifyGraphqlClient } from "./graphql-client.js";

/**
 * The topics the connector subscribes to per shop. The mandatory privacy topics are app configuration
 * only (`shopify.app.toml`, `compliance_topics`): Shopify refuses them here.
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/enums/WebhookSubscriptionTopic
 */
export const CORE_WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "orders/edited",
  "refunds/create",
  "order_transactions/create",
  "fulfillments/create",
  "fulfillments/update",
  "customers/create",
  "customers/update",
  "app/uninstalled",
] as const;

/** `orders/create` ↔ `ORDERS_CREATE` (Shopify's own rule: upper case, `/` and `.` to `_`). */
export function topicEnum(topic: string): string {
  return topic.toUpperCase().replace(/[/.]/g, "_");
}

export const WEBHOOK_SUBSCRIPTIONS_QUERY = `query WebhookSubscriptions($first: Int!, $after: String) {
  webhookSubscriptions(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id topic uri format }
  }
}`;

export const WEBHOOK_SUBSCRIPTION_CREATE = `mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic uri }
    userErrors { field message }
  }
}`;

const listSchema = z.object({
  webhookSubscriptions: z.object({
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
    nodes: z.array(
      z.object({ id: z.string(), topic: z.string(), uri: z.string(), format: z.string().nullable() }),
    ),
  }),
});

const createSchema = z.object({
  webhookSubscriptionCreate: z.object({
    webhookSubscription: z.object({ id: z.string(), topic: z.string(), uri: z.string() }).nullable(),
    userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() })),
  }),
});

export interface SubscriptionCheck {
  present: string[];
  created: string[];
  failed: { topic: string; message: string }[];
}

/**
 * Shop-specific subscriptions made through the Admin API are deleted by Shopify after a failed retry
 * cycle (8 retries over about 4 h): list what exists for our address and create what is missing.
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/webhookSubscriptionCreate
 */
export async function ensureWebhookSubscriptions(
  client: ShopifyGraphqlClient,
  input: { uri: string; topics: readonly string[]; create: boolean },
): Promise<SubscriptionCheck> {
  const existing = new Set<string>();
  let after: string | null = null;
  do {
    const page: z.infer<typeof listSchema> = (
      await client.query(WEBHOOK_SUBSCRIPTIONS_QUERY, { first: 100, after }, listSchema)
    ).data;
    const { nodes, pageInfo } = page.webhookSubscriptions;
    for (const node of nodes) if (node.uri === input.uri) existing.add(node.topic);
    after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
  } while (after);
  const check: SubscriptionCheck = { present: [], created: [], failed: [] };
  for (const topic of input.topics) {
    if (existing.has(topicEnum(topic))) {
      check.present.push(topic);
      continue;
    }
    if (!input.create) {
      check.failed.push({ topic, message: "missing" });
      continue;
    }
    const { data } = await client.query(
      WEBHOOK_SUBSCRIPTION_CREATE,
      { topic: topicEnum(topic), webhookSubscription: { uri: input.uri, format: "JSON" } },
      createSchema,
    );
    const errors = data.webhookSubscriptionCreate.userErrors;
    if (errors.length > 0) check.failed.push({ topic, message: errors.map((e) => e.message).join("; ") });
    else check.created.push(topic);
  }
  return check;
}

/** Refuses a callback address Shopify could not deliver to (it requires HTTPS). */
export function webhookUri(publicUrl: string): string {
  const uri = `${publicUrl.replace(/\/+$/, "")}/webhooks/shopify`;
  if (!/^https:\/\//.test(uri) && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(uri))
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `server.publicUrl must be https:// for Shopify webhooks (got ${publicUrl})`,
    );
  return uri;
}
