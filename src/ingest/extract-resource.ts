/**
 * Which order a webhook is a signal about. Read from the raw text, because Shopify's numeric ids
 * exceed 2^53 and JSON.parse would round them. reference/shopify.md §1.7, §1.9.
 */
export function extractOrderId(topic: string, rawText: string): string | null {
  if (topic.startsWith("orders/") && topic !== "orders/edited" && topic !== "orders/delete") {
    const gid = /"admin_graphql_api_id"\s*:\s*"(gid:\/\/shopify\/Order\/\d+)"/.exec(rawText);
    if (gid) return gid[1]!;
    const id = /^\s*\{\s*"id"\s*:\s*(\d+)/.exec(rawText);
    return id ? `gid://shopify/Order/${id[1]}` : null;
  }
  if (topic === "orders/edited") {
    const id = /"order_id"\s*:\s*(\d+)/.exec(rawText);
    return id ? `gid://shopify/Order/${id[1]}` : null;
  }
  if (
    topic === "refunds/create" ||
    topic === "order_transactions/create" ||
    topic.startsWith("fulfillments/")
  ) {
    const id = /"order_id"\s*:\s*(\d+)/.exec(rawText);
    return id ? `gid://shopify/Order/${id[1]}` : null;
  }
  return null;
}
