import { createHmac } from "node:crypto";
import type { SimShopConfig } from "./types.js";

/** An OAuth refusal: `{error, error_description}` with its HTTP status. */
export interface OauthAnswer {
  status: number;
  body: Record<string, unknown>;
}

export function oauthError(status: number, error: string, description: string): OauthAnswer {
  return { status, body: { error, error_description: description } };
}

/** The app's client id (API key) on this shop: configured, else `client-<name>` from the domain. */
export function clientIdOf(shop: SimShopConfig): string {
  return shop.clientId ?? `client-${shop.domain.replace(/\.myshopify\.com$/, "")}`;
}

export type ShopLookup =
  | { ok: true; shop: SimShopConfig }
  | { ok: false; status: number; answer: OauthAnswer };

/**
 * Which shop an OAuth request addresses: the Host header's domain when it names a configured shop (its
 * client id must then match), else the one shop whose client id matches.
 */
export function resolveOauthShop(
  shops: readonly SimShopConfig[],
  request: { host: string | undefined; clientId: string; failStatus: 400 | 401 },
): ShopLookup {
  const { host, clientId, failStatus } = request;
  const domain = (host ?? "").replace(/:\d+$/, "").toLowerCase();
  const byHost = shops.find((s) => s.domain === domain);
  if (byHost) {
    if (clientIdOf(byHost) === clientId) return { ok: true, shop: byHost };
    return refuse(`client_id ${clientId} is not an app installed on ${byHost.domain}`);
  }
  const matches = shops.filter((s) => clientIdOf(s) === clientId);
  if (matches.length === 1 && matches[0]) return { ok: true, shop: matches[0] };
  return refuse(
    matches.length === 0
      ? `client_id ${clientId} is unknown`
      : `client_id ${clientId} is used by several shops; send the request to the shop's host`,
  );

  function refuse(description: string): ShopLookup {
    const error = failStatus === 401 ? "invalid_client" : "invalid_request";
    return { ok: false, status: failStatus, answer: oauthError(failStatus, error, description) };
  }
}

/**
 * Shopify's hex HMAC-SHA256 over a redirect's query: every parameter but `hmac` and `signature`, sorted
 * by name, `name=value` joined by `&`, URL-encoded with spaces as %20 (reference §2.2).
 */
export function signOauthQuery(params: URLSearchParams, secret: string): string {
  const pairs = [...params.entries()].filter(([k]) => k !== "hmac" && k !== "signature");
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = new URLSearchParams(pairs).toString().replace(/\+/g, "%20");
  return createHmac("sha256", secret).update(canonical).digest("hex");
}

/** `1`, `"1"`, `true`, `"true"`: how apps send `expiring`. */
export function isFlagSet(value: unknown): boolean {
  return value === 1 || value === "1" || value === true || value === "true";
}
