import type { Logger } from "../lib/logger.js";
import type { OrderSource } from "../pipeline/order-source.js";
import type { ShopifyRestClient } from "./rest-client.js";
import { withRestFallback } from "./rest-fallback-rule.js";
import { listUpdatedOrdersByRest } from "./rest-order-listing.js";

const REST_CURSOR = "rest:";

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
      const byRest = async () => {
        const pageInfo = input.cursor?.startsWith(REST_CURSOR)
          ? input.cursor.slice(REST_CURSOR.length)
          : undefined;
        const page = await listUpdatedOrdersByRest(deps.rest, {
          updatedAfter: input.updatedAfter,
          pageSize: input.pageSize ?? 100,
          ...(pageInfo ? { pageInfo } : {}),
        });
        return {
          orderIds: page.orderIds,
          nextCursor: page.nextPageInfo ? `${REST_CURSOR}${page.nextPageInfo}` : null,
          ordered: false,
        };
      };
      // A listing that fell back to REST stays on REST (its cursor is a REST page_info).
      if (input.cursor?.startsWith(REST_CURSOR)) return byRest();
      return withRestFallback(deps.log, () => deps.graphql.listUpdatedOrderIds(input), byRest);
    },
  };
}
