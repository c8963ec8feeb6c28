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

/** The customer a `customers/*` webhook or a privacy request is about, as a GID. */
export function extractCustomerId(topic: string, rawText: string): string | null {
  if (topic === "customers/create" || topic === "customers/update") {
    const gid = /"admin_graphql_api_id"\s*:\s*"(gid:\/\/shopify\/Customer\/\d+)"/.exec(rawText);
    if (gid) return gid[1]!;
    const id = /^\s*\{\s*"id"\s*:\s*(\d+)/.exec(rawText);
    return id ? `gid://shopify/Customer/${id[1]}` : null;
  }
  if (topic === "customers/redact" || topic === "customers/data_request") {
    const id = /"customer"\s*:\s*\{[^{}]*?"id"\s*:\s*(\d+)/.exec(rawText);
    return id ? `gid://shopify/Customer/${id[1]}` : null;
  }
  return null;
}

/** The orders a privacy request names (`orders_to_redact`, `orders_requested`), as GIDs. */
export function extractPrivacyOrderIds(rawText: string): string[] {
  const list = /"orders_(?:to_redact|requested)"\s*:\s*\[([\d\s,]*)\]/.exec(rawText);
  if (!list?.[1]) return [];
  return [...list[1].matchAll(/\d+/g)].map((m) => `gid://shopify/Order/${m[0]}`);
}
