import type { GraphQLResolveInfo } from "graphql";
import { hasScope } from "./access-scopes.js";
import { bulkOperationResolvers } from "./bulk-operation-resolvers.js";
import { bulkOperationView } from "./bulk-operation-views.js";
import type { BulkOperations } from "./bulk-operations.js";
import { staticAccess, visibleStore } from "./graphql-access.js";
import type { GraphqlRequest } from "./graphql-endpoint.js";
import { parseGid } from "./id-allocator.js";
import type { OrderStore } from "./order-store.js";
import type { SchemaLoader } from "./schema-loader.js";
import type { SubscriptionRegistry } from "./subscription-registry.js";
import { webhookSubscriptionResolvers, webhookSubscriptionView } from "./webhook-subscription-resolvers.js";

type Resolver = (args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => unknown;

/**
 * Adds webhook subscriptions and bulk operations to one request's GraphQL root (after the access
 * rules, so bulk operations see the orders the token sees), including `node(s)` lookups of
 * WebhookSubscription and BulkOperation ids.
 */
export function createWebhookAndBulkApi(deps: {
  registry: SubscriptionRegistry;
  bulk: BulkOperations;
  schemas: SchemaLoader;
  store: OrderStore;
  defaultApiVersion: string;
  baseUrl: () => string;
  nowMs: () => number;
}) {
  return function extendRoot(root: Record<string, unknown>, req: GraphqlRequest): Record<string, unknown> {
    const shop = req.shop.domain;
    const access = req.access ?? staticAccess(req.shop, deps.nowMs());
    const webhooks = webhookSubscriptionResolvers({
      registry: deps.registry,
      shop,
      apiVersion: deps.defaultApiVersion,
    });
    const bulk = bulkOperationResolvers({
      bulk: deps.bulk,
      shop,
      schema: deps.schemas.load(req.version),
      store: visibleStore(deps.store, access),
      mayReadOrders: hasScope(access.scopes, "read_orders"),
      personalData: req.shop.protectedCustomerData !== false,
      baseUrl: deps.baseUrl(),
    });
    const own = (id: string): { found: boolean; value: unknown } => {
      const kind = parseGid(id)?.kind;
      if (kind === "WebhookSubscription") {
        const s = deps.registry.get(id);
        const visible = s && s.shop === shop && s.kind === "shop";
        return { found: true, value: visible ? webhookSubscriptionView(s, deps.defaultApiVersion) : null };
      }
      if (kind === "BulkOperation") {
        const op = deps.bulk.get(shop, id);
        return {
          found: true,
          value: op ? bulkOperationView(op, deps.bulk.statusOf(op), deps.baseUrl()) : null,
        };
      }
      return { found: false, value: null };
    };
    const node: Resolver = (args, context, info) => {
      const mine = own(String(args.id));
      return mine.found ? mine.value : (root.node as Resolver)(args, context, info);
    };
    const nodes: Resolver = (args, context, info) =>
      (args.ids as string[]).map((id) => node({ id }, context, info));
    return { ...root, ...webhooks, ...bulk, node, nodes };
  };
}
