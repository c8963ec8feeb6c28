import { createHmac } from "node:crypto";
import type { ShopifySimulator } from "./index.js";

// biome-ignore lint/suspicious/noExplicitAny: the tests walk untyped response JSON
type Json = any;

/** Follows `/admin/oauth/authorize` by hand: the 302 and its callback parameters. */
export async function authorize(
  sim: ShopifySimulator,
  shop: string,
  p: { scopes: string[]; state?: string; perUser?: boolean; redirectUri?: string },
): Promise<{ status: number; params: URLSearchParams; location: string }> {
  const url = sim.oauth.authorizeUrl(shop, {
    scopes: p.scopes,
    redirectUri: p.redirectUri ?? "https://app.example.com/auth/callback",
    state: p.state ?? "nonce-1",
    perUser: p.perUser,
  });
  const res = await fetch(url, { redirect: "manual" });
  const location = res.headers.get("location") ?? "";
  return {
    status: res.status,
    params: location ? new URL(location).searchParams : new URLSearchParams(),
    location,
  };
}

/**
 * The callback HMAC written out the way Shopify's docs describe it: drop `hmac`, sort by name, join
 * `name=value` with `&`, hex HMAC-SHA256 under the client secret.
 */
export function callbackHmacMatches(params: URLSearchParams, secret: string): boolean {
  const message = [...params.keys()]
    .filter((k) => k !== "hmac")
    .sort()
    .map((k) => `${k}=${params.get(k)}`)
    .join("&");
  return createHmac("sha256", secret).update(message).digest("hex") === params.get("hmac");
}

/** `POST /admin/oauth/access_token`, JSON unless `form`. */
export async function tokenRequest(
  sim: ShopifySimulator,
  body: Record<string, string>,
  options: { form?: boolean } = {},
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "content-type": options.form ? "application/x-www-form-urlencoded" : "application/json" },
    body: options.form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Authorize then exchange the code: a fresh installation's token response. */
export async function install(
  sim: ShopifySimulator,
  shop: { domain: string; apiSecret: string },
  p: { scopes: string[]; expiring?: boolean },
): Promise<Json> {
  const { params } = await authorize(sim, shop.domain, { scopes: p.scopes });
  const res = await tokenRequest(sim, {
    client_id: sim.oauth.clientId(shop.domain),
    client_secret: shop.apiSecret,
    code: params.get("code") ?? "",
    expiring: p.expiring ? "1" : "0",
  });
  if (res.status !== 200) throw new Error(`install failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function gql(
  sim: ShopifySimulator,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number; body: Json; text: string }> {
  const res = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

export async function rest(
  sim: ShopifySimulator,
  token: string,
  path: string,
): Promise<{ status: number; headers: Headers; body: Json; text: string }> {
  const url = path.startsWith("http") ? path : `${sim.url}${path}`;
  const res = await fetch(url, { headers: { "x-shopify-access-token": token } });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? parseKeepingBigIds(text) : undefined,
    text,
  };
}

/** JSON.parse, with integers beyond 2^53 (Shopify ids) kept as decimal strings. */
export function parseKeepingBigIds(text: string): Json {
  return JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

export const INVALID_TOKEN = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};
