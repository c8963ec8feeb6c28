import { parseShopifyJson } from "./parse-shopify-json.js";
import { toShopifyJson } from "./rest-json.js";

/**
 * The payload trimmed to a subscription's `includeFields` (reference §1.8): top-level names, or dotted
 * paths into nested objects and arrays (`line_items.sku`). Ids and decimals keep their exact text.
 */
export function trimToIncludeFields(json: string, includeFields: string[]): string {
  if (includeFields.length === 0) return json;
  return toShopifyJson(
    pick(
      parseShopifyJson(json),
      includeFields.map((f) => f.split(".")),
    ),
  );
}

function pick(value: unknown, paths: string[][]): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, paths));
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(source)) {
    const matching = paths.filter((p) => p[0] === key);
    if (matching.length === 0) continue;
    const rest = matching.map((p) => p.slice(1));
    out[key] = rest.some((p) => p.length === 0) ? v : pick(v, rest);
  }
  return out;
}
