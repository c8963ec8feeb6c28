import { SHOPIFY_SCOPES } from "../../config/config-schema.js";

/** The scopes the connector asks for that Shopify did not grant (`write_x` implies `read_x`). */
export function missingScopes(granted: readonly string[]): string[] {
  const have = new Set(granted.map((scope) => scope.replace(/^write_/, "read_")));
  for (const scope of granted) have.add(scope);
  return SHOPIFY_SCOPES.filter((scope) => !have.has(scope));
}

/** What each missing scope costs the merchant, for `connect` output and the connect test. */
export function scopeConsequence(scope: string): string {
  switch (scope) {
    case "read_orders":
      return "no order can be read: nothing will be posted";
    case "read_all_orders":
      return "only the last 60 days of orders are visible (backfills beyond that miss orders)";
    case "read_customers":
      return "orders are posted without customer detail";
    case "read_shopify_payments_payouts":
      return "payouts cannot be reconciled";
    default:
      return "location and product detail may be missing from rules";
  }
}
