import type { OrderSnapshot } from "../domain/order.js";
import type { OrderSource } from "../pipeline/order-source.js";
import { fetchOrderGraph } from "./fetch-order-graph.js";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { UPDATED_ORDERS_QUERY } from "./order-query.js";
import { updatedOrdersDataSchema } from "./order-schemas.js";
import { toOrderSnapshot } from "./to-order-snapshot.js";

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 250;

/**
 * `OrderSource` over the GraphQL Admin API. The REST fallback (issue to come) will be a second
 * implementation of the same port — `RestOrderSource` in `rest-order-source.ts` — chosen in `main.ts`;
 * nothing here pretends to fall back.
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/queries/order
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/queries/orders
 */
export function createGraphqlOrderSource(deps: { client: ShopifyGraphqlClient }): OrderSource {
  return { fetchOrder, listUpdatedOrderIds };

  /** The order as it is now, every page read; `null` when Shopify answers `order: null`. */
  async function fetchOrder(orderId: string): Promise<OrderSnapshot | null> {
    const graph = await fetchOrderGraph(deps.client, toOrderGid(orderId));
    return graph ? toOrderSnapshot(graph) : null;
  }

  /** One page of the sweep: `updated_at:>='…'`, sorted by UPDATED_AT ascending. */
  async function listUpdatedOrderIds(input: { updatedAfter: Date; cursor?: string; pageSize?: number }) {
    const first = Math.min(Math.max(1, input.pageSize ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
    const variables = { first, after: input.cursor ?? null, query: updatedSinceQuery(input.updatedAfter) };
    const { data } = await deps.client.query(UPDATED_ORDERS_QUERY, variables, updatedOrdersDataSchema);
    const { nodes, pageInfo } = data.orders;
    return {
      orderIds: nodes.map((node) => ({ id: node.id, updatedAt: node.updatedAt })),
      nextCursor: pageInfo.hasNextPage ? pageInfo.endCursor : null,
    };
  }
}

/**
 * Shopify search syntax for "updated at or after": whole seconds, rounded down (inclusive, so the
 * rounding only widens the window).
 * @see https://shopify.dev/docs/api/usage/search-syntax
 */
export function updatedSinceQuery(updatedAfter: Date): string {
  const seconds = Math.floor(updatedAfter.getTime() / 1000) * 1000;
  return `updated_at:>='${new Date(seconds).toISOString().replace(".000Z", "Z")}'`;
}

/** Accepts a GID or a numeric legacy id (webhook bodies carry the latter). */
export function toOrderGid(orderId: string): string {
  return /^\d+$/.test(orderId) ? `gid://shopify/Order/${orderId}` : orderId;
}
