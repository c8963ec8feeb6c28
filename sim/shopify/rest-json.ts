/**
 * JSON text the way Shopify's serializer writes it: numeric ids (which exceed 2^53) are written as
 * JSON numbers straight from their decimal strings, never through a JS number, and `&` as \u0026.
 */
const MARK = "\u0000id:";

/** Wrap a decimal-string id so `toShopifyJson` writes it as a bare JSON number. */
export function rawNumber(id: string | null): string | null {
  return id === null ? null : `${MARK}${id}`;
}

export function toShopifyJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/"\\u0000id:(-?\d+(?:\.\d+)?)"/g, "$1")
    .replace(/&/g, "\\u0026");
}
