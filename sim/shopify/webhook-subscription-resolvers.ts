import { connection, type PageArgs } from "./connection.js";
import type { Subscription, SubscriptionRegistry } from "./subscription-registry.js";
import { isoUtc } from "./time-format.js";
import { enumToTopic, topicToEnum } from "./webhook-topics.js";

interface SubscriptionInput {
  uri?: string | null;
  callbackUrl?: string | null;
  format?: string | null;
  includeFields?: string[] | null;
  filter?: string | null;
  name?: string | null;
}

interface ListArgs extends PageArgs {
  topics?: string[] | null;
  uri?: string | null;
  callbackUrl?: string | null;
  format?: string | null;
}

/**
 * Shop-specific webhook subscriptions through the Admin GraphQL API (reference §1.8):
 * `webhookSubscriptionCreate`, `webhookSubscriptionDelete`, `webhookSubscription(id:)` and the
 * `webhookSubscriptions` connection. Only API-created subscriptions are visible here; app-specific ones
 * (shopify.app.toml) are not returned, as Shopify documents for `webhookSubscriptions`.
 */
export function webhookSubscriptionResolvers(ctx: {
  registry: SubscriptionRegistry;
  shop: string;
  /** the app's webhook API version (what deliveries are serialized in) */
  apiVersion: string;
}) {
  const own = (id: string) => {
    const s = ctx.registry.get(id);
    return s && s.shop === ctx.shop && s.kind === "shop" ? s : undefined;
  };
  const view = (s: Subscription) => webhookSubscriptionView(s, ctx.apiVersion);

  return {
    webhookSubscriptionCreate(args: { topic: string; webhookSubscription: SubscriptionInput }) {
      const input = args.webhookSubscription;
      const result = ctx.registry.createShopSpecific({
        shop: ctx.shop,
        topic: enumToTopic(args.topic),
        uri: input.uri ?? input.callbackUrl,
        uriField: input.uri == null && input.callbackUrl != null ? "callbackUrl" : "uri",
        format: input.format ?? null,
        includeFields: input.includeFields ?? null,
        filter: input.filter ?? null,
        name: input.name ?? null,
      });
      return result.ok
        ? { webhookSubscription: view(result.subscription), userErrors: [] }
        : { webhookSubscription: null, userErrors: result.userErrors };
    },
    webhookSubscriptionDelete(args: { id: string }) {
      if (!own(args.id)) {
        const userErrors = [{ field: ["id"], message: "Webhook subscription does not exist" }];
        return { deletedWebhookSubscriptionId: null, userErrors };
      }
      ctx.registry.remove(args.id);
      return { deletedWebhookSubscriptionId: args.id, userErrors: [] };
    },
    webhookSubscription(args: { id: string }) {
      const s = own(args.id);
      return s ? view(s) : null;
    },
    webhookSubscriptions(args: ListArgs) {
      const topics = args.topics?.map(enumToTopic);
      const address = args.uri ?? args.callbackUrl;
      const matches = ctx.registry
        .list(ctx.shop, "shop")
        .filter((s) => !topics?.length || topics.includes(s.topics[0]!))
        .filter((s) => !address || s.uri === address)
        .filter((s) => !args.format || s.format === args.format);
      return connection(matches, args, (s) => s.id, view);
    },
  };
}

/** The GraphQL `WebhookSubscription` (HTTP endpoints only). */
export function webhookSubscriptionView(s: Subscription, apiVersion: string) {
  return {
    __typename: "WebhookSubscription",
    id: s.id,
    legacyResourceId: s.legacyResourceId,
    topic: topicToEnum(s.topics[0]!),
    uri: s.uri,
    callbackUrl: s.uri,
    endpoint: { __typename: "WebhookHttpEndpoint", callbackUrl: s.uri },
    format: s.format,
    includeFields: s.includeFields,
    filter: s.filter,
    name: s.name,
    metafieldNamespaces: [],
    metafields: [],
    apiVersion: {
      __typename: "ApiVersion",
      handle: s.apiVersion ?? apiVersion,
      displayName: s.apiVersion ?? apiVersion,
      supported: true,
    },
    createdAt: isoUtc(s.createdAtMs),
    updatedAt: isoUtc(s.updatedAtMs),
  };
}
