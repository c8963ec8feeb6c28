import { z } from "zod";
import type { ShopifyRestClient } from "./rest-client.js";

const ordersSchema = z.object({
  orders: z.array(z.object({ id: z.union([z.string(), z.number()]), updated_at: z.string() })),
});

/**
 * The sweep's listing through REST: `GET orders.json?status=any&updated_at_min=…` (REST defaults to
 * open orders only), ids and update times only, cursor pagination by `page_info` (which carries the
 * filters: with it only `limit` and `fields` may be sent). Pages are not sorted by update time.
 * @see https://shopify.dev/docs/api/admin-rest/2026-10/resources/order#get-orders?status=any
 */
export async function listUpdatedOrdersByRest(
  client: ShopifyRestClient,
  input: { updatedAfter: Date; pageInfo?: string; pageSize: number },
): Promise<{ orderIds: { id: string; updatedAt: string }[]; nextPageInfo: string | null }> {
  const limit = String(Math.min(250, Math.max(1, input.pageSize)));
  const query: Record<string, string> = input.pageInfo
    ? { limit, fields: "id,updated_at", page_info: input.pageInfo }
    : { limit, fields: "id,updated_at", status: "any", updated_at_min: input.updatedAfter.toISOString() };
  const page = await client.get("orders.json", query, ordersSchema);
  return {
    orderIds: page.data.orders.map((order) => ({
      id: `gid://shopify/Order/${order.id}`,
      updatedAt: new Date(order.updated_at).toISOString(),
    })),
    nextPageInfo: page.nextPageInfo,
  };
}
