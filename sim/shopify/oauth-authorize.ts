import { KNOWN_SCOPES, parseScopeList } from "./access-scopes.js";
import { type OauthAnswer, oauthError, resolveOauthShop, signOauthQuery } from "./oauth-clients.js";
import type { TokenRegistry } from "./token-registry.js";
import type { SimShopConfig } from "./types.js";

/** What the merchant does on the consent screen: approve, decline, or approve only some scopes. */
export type MerchantDecision = "grant" | "decline" | { grant: string[] };

export type AuthorizeQuery = Record<string, string | string[] | undefined>;
export type AuthorizeAnswer = { status: 302; location: string } | OauthAnswer;

/**
 * `GET /admin/oauth/authorize`: the merchant approves at once (or as `setDecision` says) and the browser
 * is sent to `redirect_uri` with `code, hmac, host, shop, state, timestamp` (reference §2.2).
 */
export function createAuthorizeHandler(deps: {
  shops: readonly SimShopConfig[];
  tokens: TokenRegistry;
  nowMs: () => number;
}) {
  const decisions = new Map<string, MerchantDecision>();
  return { authorize, setDecision };

  function setDecision(shop: string, decision: MerchantDecision): void {
    decisions.set(shop, decision);
  }

  function authorize(query: AuthorizeQuery, host: string | undefined): AuthorizeAnswer {
    const clientId = single(query.client_id);
    if (!clientId) return oauthError(400, "invalid_request", "client_id is required");
    const lookup = resolveOauthShop(deps.shops, { host, clientId, failStatus: 400 });
    if (!lookup.ok) return lookup.answer;
    const shop = lookup.shop;
    const redirect = parseRedirect(single(query.redirect_uri));
    if (!redirect) return oauthError(400, "invalid_request", "redirect_uri must be an absolute http(s) URL");
    const requested = parseScopeList(single(query.scope) ?? "");
    const unknown = requested.filter((s) => !KNOWN_SCOPES.has(s));
    if (unknown.length > 0)
      return oauthError(400, "invalid_scope", `The access scope is invalid: ${unknown.join(", ")}`);
    const state = single(query.state);
    const decision = decisions.get(shop.domain) ?? "grant";
    if (decision === "decline") {
      redirect.searchParams.set("error", "access_denied");
      redirect.searchParams.set("error_description", "The merchant declined the installation.");
      if (state !== undefined) redirect.searchParams.set("state", state);
      return { status: 302, location: redirect.toString() };
    }
    const granted = decision === "grant" ? requested : requested.filter((s) => decision.grant.includes(s));
    const perUser = list(query["grant_options[]"]).includes("per-user");
    const params = redirect.searchParams;
    params.set("code", deps.tokens.issueCode(shop.domain, granted, perUser));
    params.set("host", Buffer.from(`${shop.domain}/admin`, "utf8").toString("base64url"));
    params.set("shop", shop.domain);
    if (state !== undefined) params.set("state", state);
    params.set("timestamp", String(Math.floor(deps.nowMs() / 1000)));
    params.set("hmac", signOauthQuery(params, shop.apiSecret));
    return { status: 302, location: redirect.toString() };
  }
}

function parseRedirect(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
