import { createHmac, timingSafeEqual } from "node:crypto";

/** Shopify's OAuth redirects carry a timestamp; older than this (or this far ahead) is refused. */
export const OAUTH_TIMESTAMP_TOLERANCE_MS = 90_000;

/** `{name}.myshopify.com`, the only host an OAuth `shop` parameter may name. */
export const SHOP_DOMAIN = /^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.com$/;

export type OAuthQuery = Record<string, string | string[] | undefined>;

/**
 * The hex HMAC-SHA256 Shopify puts on install and callback redirects: every parameter except `hmac` and
 * `signature`, sorted by name, joined as `name=value&…` (URL-encoded, spaces as %20).
 * @see https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-1-verify-the-installation-request
 */
export function signOAuthQuery(query: OAuthQuery, secret: string): string {
  return createHmac("sha256", secret).update(canonicalQuery(query)).digest("hex");
}

export type OAuthQueryCheck = { ok: true; shop: string } | { ok: false; reason: string };

/** Checks a redirect's `hmac` against each secret (two during a rotation), its shop and its timestamp. */
export function verifyOAuthQuery(
  query: OAuthQuery,
  secrets: readonly string[],
  nowMs: number,
): OAuthQueryCheck {
  const hmac = single(query.hmac);
  const shop = single(query.shop);
  const timestamp = Number(single(query.timestamp));
  if (!hmac || !/^[0-9a-f]{64}$/i.test(hmac)) return { ok: false, reason: "missing or malformed hmac" };
  if (!shop || !SHOP_DOMAIN.test(shop)) return { ok: false, reason: "shop is not a myshopify.com domain" };
  const got = Buffer.from(hmac, "hex");
  const matches = secrets.some((secret) => {
    const want = Buffer.from(signOAuthQuery(query, secret), "hex");
    return want.length === got.length && timingSafeEqual(want, got);
  });
  if (!matches) return { ok: false, reason: "hmac does not match" };
  if (!Number.isFinite(timestamp) || Math.abs(nowMs - timestamp * 1000) > OAUTH_TIMESTAMP_TOLERANCE_MS)
    return { ok: false, reason: "timestamp is too old or in the future" };
  return { ok: true, shop: shop.toLowerCase() };
}

function canonicalQuery(query: OAuthQuery): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(query)) {
    if (name === "hmac" || name === "signature" || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, one]);
  }
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(pairs).toString().replace(/\+/g, "%20");
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
