import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { hasScope, shopScopes } from "./access-scopes.js";
import { connection, type PageArgs } from "./connection.js";
import { customerView } from "./graphql-order-view.js";
import { gid, parseGid } from "./id-allocator.js";
import { clientIdOf } from "./oauth-clients.js";
import type { OrderStore } from "./order-store.js";
import type { SimOrder, SimShopConfig } from "./types.js";

/** Without `read_all_orders` an app sees only the orders of the last 60 days (reference §2.6). */
export const RECENT_ORDER_WINDOW_MS = 60 * 86_400_000;

/** What the request's access token may see. */
export interface RequestAccess {
  scopes: readonly string[];
  /** the simulator's clock when the request arrived */
  nowMs: number;
}

/** An order is visible when the token may read all orders or the order is at most 60 days old. */
export function isOrderVisible(order: SimOrder, access: RequestAccess): boolean {
  return (
    hasScope(access.scopes, "read_all_orders") || order.createdAtMs >= access.nowMs - RECENT_ORDER_WINDOW_MS
  );
}

/** The store as the token sees it: older orders are simply absent without `read_all_orders`. */
export function visibleStore(store: OrderStore, access: RequestAccess): OrderStore {
  if (hasScope(access.scopes, "read_all_orders")) return store;
  const visible = (o: SimOrder | undefined) => (o && isOrderVisible(o, access) ? o : undefined);
  return {
    ...store,
    get: (shop, orderGid) => visible(store.get(shop, orderGid)),
    list: (shop) => store.list(shop).filter((o) => isOrderVisible(o, access)),
  };
}

/** Shopify's ACCESS_DENIED error for a field the token's scopes do not cover (reference §3.2). */
export function accessDenied(field: string, scope: string): GraphQLError {
  const requiredAccess = `\`${scope}\` access scope.`;
  return new GraphQLError(`Access denied for ${field} field. Required access: ${requiredAccess}`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess,
    },
  });
}

type Resolver = (args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => unknown;

const SCOPE_OF_KIND: Record<string, string> = { Order: "read_orders", Customer: "read_customers" };

/**
 * The query root with scope rules applied: `orders`/`order` need read_orders, `customer(s)` read_customers
 * (ACCESS_DENIED otherwise, as are node lookups of those kinds); adds `customers` and
 * `currentAppInstallation { accessScopes app }`.
 */
export function guardRoot(
  root: Record<string, unknown>,
  ctx: { shop: SimShopConfig; store: OrderStore; access: RequestAccess },
): Record<string, unknown> {
  const can = (scope: string) => hasScope(ctx.access.scopes, scope);
  const needs =
    (scope: string, resolve: unknown): Resolver =>
    (args, context, info) => {
      if (!can(scope)) throw accessDenied(info.fieldName, scope);
      return (resolve as Resolver)(args, context, info);
    };
  const byIds =
    (resolve: unknown, idsOf: (args: Record<string, unknown>) => unknown[]): Resolver =>
    (args, context, info) => {
      for (const id of idsOf(args)) {
        const scope = SCOPE_OF_KIND[parseGid(String(id))?.kind ?? ""];
        if (scope && !can(scope)) throw accessDenied(info.fieldName, scope);
      }
      return (resolve as Resolver)(args, context, info);
    };
  return {
    ...root,
    orders: needs("read_orders", root.orders),
    order: needs("read_orders", root.order),
    customer: needs("read_customers", root.customer),
    customers: needs("read_customers", (args: PageArgs) => customersConnection(ctx.shop, ctx.store, args)),
    node: byIds(root.node, (args) => [args.id]),
    nodes: byIds(root.nodes, (args) => (Array.isArray(args.ids) ? args.ids : [])),
    currentAppInstallation: appInstallation(ctx.shop, ctx.access),
  };
}

/** Full access for callers that resolve no token (the shop's configured scopes, now). */
export function staticAccess(shop: SimShopConfig, nowMs: number): RequestAccess {
  return { scopes: shopScopes(shop), nowMs };
}

function customersConnection(shop: SimShopConfig, store: OrderStore, args: PageArgs) {
  const view = { personalData: shop.protectedCustomerData !== false };
  return connection(
    store.customers.list(shop.domain),
    args,
    (c) => c.id,
    (c) => customerView(c, view),
  );
}

function appInstallation(shop: SimShopConfig, access: RequestAccess) {
  const clientId = clientIdOf(shop);
  return {
    __typename: "AppInstallation",
    id: gid("AppInstallation", "41234567890"),
    accessScopes: access.scopes.map((handle) => ({
      __typename: "AccessScope",
      handle,
      description: `Access scope ${handle}`,
    })),
    app: {
      __typename: "App",
      id: gid("App", "31234567890"),
      apiKey: clientId,
      handle: clientId,
      title: clientId,
    },
  };
}
