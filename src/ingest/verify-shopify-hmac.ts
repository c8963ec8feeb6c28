import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Shopify signs the exact body bytes: base64(HMAC-SHA256(body, app secret)). Compared in constant time
 * against every active secret (two during a rotation). reference/shopify.md §1.3.
 */
export function verifyShopifyHmac(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  if (!header) return false;
  const received = Buffer.from(header, "base64");
  if (received.length !== 32) return false;
  let valid = false;
  for (const secret of secrets) {
    const expected = createHmac("sha256", secret).update(rawBody).digest();
    // No early exit: every secret is checked so timing does not reveal which one matched.
    if (timingSafeEqual(expected, received)) valid = true;
  }
  return valid;
}
