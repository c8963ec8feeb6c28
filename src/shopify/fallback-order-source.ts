import { coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import type { OrderSource } from "../pipeline/order-source.js";
import type { ShopifyRestClient } from "./rest-client.js";
import { listUpdatedOrdersByRest } from "./rest-order-listing.js";

const REST_CURSOR = "rest:";

/** GraphQL failures the REST API may not share: outages of the GraphQL endpoint, our query or its parsing. */
const FALLBACK_CODES = new Set([
  "MLC_SHOPIFY_HTTP",
  "MLC_SHOPIFY_QUERY_INVALID",
  "MLC_SHOPIFY_QUERY_TOO_COSTLY",
  "MLC_SHOPIFY_RESPONSE_INVALID",
]);

/**
 * GraphQL first; the REST API when GraphQL fails for a reason other than throttling, access or the
 * token. The fallback covers the sweep's listing (which orders changed), so missed webhooks are still
 * found while GraphQL is broken. Order *contents* come from GraphQL only: only it has Shopify's dated
 * sales agreements, whose ids the exactly-once ledger is keyed on; an order read while GraphQL is
 * down waits (its job retries) instead of being posted from data that could be posted twice.
 */
export function createFallbackOrderSource(deps: {
  graphql: OrderSource;
  rest: ShopifyRestClient;
  log: Logger;
}): OrderSource {
  return {
    fetchOrder: (orderId) => deps.graphql.fetchOrder(orderId),
    async listUpdatedOrderIds(input) {
      const pageSize = input.pageSize ?? 100;
      if (!input.cursor?.startsWith(REST_CURSOR)) {
        try {
          return await deps.graphql.listUpdatedOrderIds(input);
        } catch (error) {
          const failure = coerceError(error);
          if (!FALLBACK_CODES.has(failure.code)) throw error;
          deps.log.warn({ err: failure }, "shopify.rest_fallback");
        }
      }
      const pageInfo = input.cursor?.startsWith(REST_CURSOR)
        ? input.cursor.slice(REST_CURSOR.length)
        : undefined;
      const page = await listUpdatedOrdersByRest(deps.rest, {
        updatedAfter: input.updatedAfter,
        pageSize,
        ...(pageInfo ? { pageInfo } : {}),
      });
      return {
        orderIds: page.orderIds,
        nextCursor: page.nextPageInfo ? `${REST_CURSOR}${page.nextPageInfo}` : null,
        ordered: false,
      };
    },
  };
}
