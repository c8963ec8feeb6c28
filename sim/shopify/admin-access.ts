import type { IncomingHttpHeaders } from "node:http";
import { shopScopes } from "./access-scopes.js";
import type { RequestAccess } from "./graphql-access.js";
import { createGraphqlFaults, type GraphqlFaultSpec } from "./graphql-faults.js";
import { createAuthorizeHandler, type MerchantDecision } from "./oauth-authorize.js";
import { clientIdOf } from "./oauth-clients.js";
import { createTokenGrants, emptyTokenRequestStats } from "./oauth-token-grants.js";
import { createRestRequestBucket, type RestRequestBucket } from "./rest-request-bucket.js";
import { signSessionToken } from "./session-token.js";
import { type AccessToken, createTokenRegistry, type TokenLifetimes } from "./token-registry.js";
import type { RestPlan, SimShopConfig } from "./types.js";

/** A request whose access token is valid now, and the shop it addresses. */
export interface AuthenticatedRequest {
  shop: SimShopConfig;
  token: AccessToken;
  access: RequestAccess;
}

export interface AccessStats {
  tokenRequests: Record<
    "authorization_code" | "refresh_token" | "client_credentials" | "token_exchange",
    number
  >;
  tokenRefusals: number;
  /** Admin API requests answered 401 (unknown, expired or revoked token) */
  unauthorized: number;
  restRequests: number;
  restThrottled: number;
  graphqlFaultsInjected: number;
}

/** Test and CLI knobs for tokens: `sim.oauth`. */
export interface OauthKnobs {
  clientId(shop: string): string;
  /** `{sim}/admin/oauth/authorize?client_id&scope&redirect_uri&state[&grant_options[]=per-user]` */
  authorizeUrl(
    shop: string,
    p: { scopes: string[]; redirectUri: string; state?: string; perUser?: boolean },
  ): string;
  /** how the merchant answers later authorize requests: grant (default), decline, or grant a subset */
  setDecision(shop: string, decision: MerchantDecision): void;
  /** every expiring access token of the shop expires now ("a token expiring mid-run"); returns how many */
  expireAccessTokens(shop: string): number;
  /** The merchant changes what the shop's static (admin-created) token may read. */
  setStaticTokenScopes(shop: string, scopes: string[]): void;
  /** uninstall: every token of the shop, the static one included, stops working */
  revokeAll(shop: string): { accessTokens: number; refreshTokens: number };
  /** the shop's access tokens, for assertions */
  tokens(shop: string): AccessToken[];
  /** every refresh token issued for the shop */
  refreshTokens(shop: string): string[];
  /** an App Bridge session token (HS256, client secret) for the id_token exchange; `claims` override */
  sessionToken(shop: string, claims?: Record<string, unknown>): string;
}

/** `sim.faults`: GraphQL failures for non-throttle reasons. */
export interface FaultKnobs {
  /** the next `count` GraphQL requests of the shop (default: all until cleared) answer `status` (default 503; 200 = INTERNAL_SERVER_ERROR body) */
  graphqlFailures(shop: string, spec?: GraphqlFaultSpec): void;
  clearGraphqlFailures(shop: string): void;
}

/**
 * Who may call the Admin API: the token registry (static tokens from the config plus everything OAuth
 * issues), the OAuth handlers, REST call buckets and GraphQL fault injection, on the simulator's clock.
 */
export function createAdminAccess(deps: {
  shops: SimShopConfig[];
  nowMs: () => number;
  lifetimes?: Partial<TokenLifetimes>;
  /** an OAuth install of the app on the shop (a reinstall after `app.uninstall`) */
  onInstalled?: (shop: string) => void;
}) {
  const { shops, nowMs } = deps;
  const tokens = createTokenRegistry({ nowMs, lifetimes: deps.lifetimes });
  for (const s of shops) tokens.addStatic(s.domain, s.accessToken, shopScopes(s));
  const tokenStats = emptyTokenRequestStats();
  const counts = { unauthorized: 0, restRequests: 0, restThrottled: 0 };
  const authorizer = createAuthorizeHandler({ shops, tokens, nowMs });
  const grants = createTokenGrants({
    shops,
    tokens,
    nowMs,
    stats: tokenStats,
    ...(deps.onInstalled ? { onInstalled: deps.onInstalled } : {}),
  });
  const faults = createGraphqlFaults();
  const restBuckets = new Map<string, RestRequestBucket>();

  return {
    shops,
    tokens,
    counts,
    faults,
    authenticate,
    authorize: authorizer.authorize,
    setDecision: authorizer.setDecision,
    exchange: grants.exchange,
    restBucket,
    stats,
    oauthKnobs,
    faultKnobs,
  };

  /**
   * The token from `X-Shopify-Access-Token` if it is valid now and belongs to the shop the Host header
   * names (when it names a configured one); else undefined, counted as a 401.
   */
  function authenticate(req: { headers: IncomingHttpHeaders }): AuthenticatedRequest | undefined {
    const raw = req.headers["x-shopify-access-token"];
    const token = Array.isArray(raw) ? raw[0] : raw;
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    const byHost = shops.find((s) => s.domain === host);
    const known = token ? tokens.peek(token) : undefined;
    const used =
      token && known && (!byHost || known.shop === byHost.domain) ? tokens.authenticate(token) : undefined;
    const shop = used && shops.find((s) => s.domain === used.shop);
    if (!used || !shop) {
      counts.unauthorized++;
      return undefined;
    }
    return { shop, token: used, access: { scopes: used.scopes, nowMs: nowMs() } };
  }

  function restBucket(shop: SimShopConfig): RestRequestBucket {
    let bucket = restBuckets.get(shop.domain);
    if (!bucket) {
      const plan: RestPlan = shop.restPlan ?? (shop.plan === "plus" ? "plus" : "standard");
      bucket = createRestRequestBucket(plan, nowMs);
      restBuckets.set(shop.domain, bucket);
    }
    return bucket;
  }

  function stats(): AccessStats {
    return { ...tokenStats, tokenRequests: { ...tokenStats.tokenRequests }, ...counts, ...faults.counts };
  }

  function shopConfig(shop: string): SimShopConfig {
    const config = shops.find((s) => s.domain === shop);
    if (!config) throw new Error(`simulator: unknown shop ${shop}`);
    return config;
  }

  function oauthKnobs(baseUrl: string): OauthKnobs {
    return {
      clientId: (shop) => clientIdOf(shopConfig(shop)),
      authorizeUrl(shop, p) {
        const url = new URL("/admin/oauth/authorize", baseUrl);
        url.searchParams.set("client_id", clientIdOf(shopConfig(shop)));
        url.searchParams.set("scope", p.scopes.join(","));
        url.searchParams.set("redirect_uri", p.redirectUri);
        if (p.state !== undefined) url.searchParams.set("state", p.state);
        if (p.perUser) url.searchParams.append("grant_options[]", "per-user");
        return url.toString();
      },
      setDecision: (shop, decision) => authorizer.setDecision(shopConfig(shop).domain, decision),
      expireAccessTokens: (shop) => tokens.expireAccessTokens(shopConfig(shop).domain),
      setStaticTokenScopes: (shop, scopes) => {
        shopConfig(shop).scopes = [...scopes];
        tokens.rescopeStatic(shopConfig(shop).domain, scopes);
      },
      revokeAll: (shop) => tokens.revokeAll(shopConfig(shop).domain),
      tokens: (shop) => tokens.list(shopConfig(shop).domain),
      refreshTokens: (shop) => tokens.listRefreshTokens(shopConfig(shop).domain).map((r) => r.token),
      sessionToken(shop, claims = {}) {
        const config = shopConfig(shop);
        const nowSeconds = Math.floor(nowMs() / 1000);
        const standard = {
          iss: `https://${config.domain}/admin`,
          dest: `https://${config.domain}`,
          aud: clientIdOf(config),
          sub: "902541635",
          exp: nowSeconds + 60,
          nbf: nowSeconds,
          iat: nowSeconds,
          jti: `${nowSeconds}-${Math.random().toString(16).slice(2)}`,
          sid: "simulated-session",
        };
        return signSessionToken({ ...standard, ...claims }, config.apiSecret);
      },
    };
  }

  function faultKnobs(): FaultKnobs {
    return {
      graphqlFailures: (shop, spec) => faults.set(shopConfig(shop).domain, spec),
      clearGraphqlFailures: (shop) => faults.clear(shopConfig(shop).domain),
    };
  }
}

export type AdminAccess = ReturnType<typeof createAdminAccess>;
