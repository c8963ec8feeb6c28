import type { SimShopConfig } from "./types.js";

/** What a shop grants when its config names no scopes: everything an order→GL connector reads. */
export const DEFAULT_SCOPES: readonly string[] = [
  "read_orders",
  "read_all_orders",
  "read_customers",
  "read_products",
  "read_locations",
  "read_shopify_payments_payouts",
];

const READ_WRITE = [
  "orders",
  "customers",
  "products",
  "locations",
  "inventory",
  "fulfillments",
  "assigned_fulfillment_orders",
  "merchant_managed_fulfillment_orders",
  "third_party_fulfillment_orders",
  "draft_orders",
  "returns",
  "shipping",
  "reports",
  "price_rules",
  "discounts",
  "gift_cards",
  "files",
  "metaobjects",
  "markets",
];

/**
 * Access scope handles the simulator recognises; `/admin/oauth/authorize` refuses any other, as Shopify
 * does. https://shopify.dev/docs/api/usage/access-scopes
 */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  ...READ_WRITE.flatMap((s) => [`read_${s}`, `write_${s}`]),
  "read_all_orders",
  "read_shopify_payments_payouts",
  "read_shopify_payments_disputes",
  "read_shopify_payments_accounts",
]);

/** The scopes a shop's static (admin-created) token and its client-credentials tokens carry. */
export function shopScopes(shop: SimShopConfig): string[] {
  return [...(shop.scopes ?? DEFAULT_SCOPES)];
}

/** `write_x` implies `read_x`; `read_all_orders` does not imply `read_orders`. */
export function hasScope(granted: readonly string[], needed: string): boolean {
  if (granted.includes(needed)) return true;
  return needed.startsWith("read_") && granted.includes(`write_${needed.slice("read_".length)}`);
}

/** `read_orders, read_customers` (comma and/or space separated, as apps send it) → handles. */
export function parseScopeList(value: string): string[] {
  return [...new Set(value.split(/[\s,]+/).filter((s) => s !== ""))];
}

/** `read_orders` → "[API] This action requires merchant approval for read_orders scope." (REST 403). */
export function restScopeError(scope: string): { errors: string } {
  return { errors: `[API] This action requires merchant approval for ${scope} scope.` };
}
