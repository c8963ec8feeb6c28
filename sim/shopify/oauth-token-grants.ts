import { shopScopes } from "./access-scopes.js";
import { clientIdOf, isFlagSet, type OauthAnswer, oauthError, resolveOauthShop } from "./oauth-clients.js";
import { sessionTokenProblem } from "./session-token.js";
import type { IssuedGrant, TokenRegistry } from "./token-registry.js";
import type { SimShopConfig } from "./types.js";

export type GrantName = "authorization_code" | "refresh_token" | "client_credentials" | "token_exchange";

export interface TokenRequestStats {
  tokenRequests: Record<GrantName, number>;
  tokenRefusals: number;
}

export function emptyTokenRequestStats(): TokenRequestStats {
  return {
    tokenRequests: { authorization_code: 0, refresh_token: 0, client_credentials: 0, token_exchange: 0 },
    tokenRefusals: 0,
  };
}

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";

type Body = Record<string, unknown>;

/**
 * `POST /admin/oauth/access_token` for every grant (reference §2.2–2.5): authorization code (no
 * grant_type), refresh_token (rotating), client_credentials (only where the shop allows it) and token
 * exchange (an App Bridge session token, or a non-expiring offline token migrated to an expiring one).
 */
export function createTokenGrants(deps: {
  shops: readonly SimShopConfig[];
  tokens: TokenRegistry;
  nowMs: () => number;
  stats: TokenRequestStats;
  /** the merchant installed the app (authorization code redeemed, or a session token exchanged) */
  onInstalled?: (shop: string) => void;
}) {
  return { exchange };

  function exchange(body: Body, host: string | undefined): OauthAnswer {
    const answer = dispatch(body, host);
    if (answer.status !== 200) deps.stats.tokenRefusals++;
    return answer;
  }

  function dispatch(body: Body, host: string | undefined): OauthAnswer {
    const clientId = text(body.client_id);
    const secret = text(body.client_secret);
    if (!clientId || !secret)
      return oauthError(400, "invalid_request", "client_id and client_secret are required");
    const lookup = resolveOauthShop(deps.shops, { host, clientId, failStatus: 401 });
    if (!lookup.ok) return lookup.answer;
    const shop = lookup.shop;
    if (secret !== shop.apiSecret) return oauthError(401, "invalid_client", "Client authentication failed.");
    const grantType = text(body.grant_type) ?? (body.code !== undefined ? "authorization_code" : undefined);
    switch (grantType) {
      case "authorization_code":
        deps.stats.tokenRequests.authorization_code++;
        return authorizationCode(shop, body);
      case "refresh_token":
        deps.stats.tokenRequests.refresh_token++;
        return refreshToken(shop, body);
      case "client_credentials":
        deps.stats.tokenRequests.client_credentials++;
        return clientCredentials(shop);
      case TOKEN_EXCHANGE:
        deps.stats.tokenRequests.token_exchange++;
        return tokenExchange(shop, body);
      case undefined:
        return oauthError(400, "invalid_request", "grant_type or code is required");
      default:
        return oauthError(400, "unsupported_grant_type", `grant_type ${grantType} is not supported`);
    }
  }

  function authorizationCode(shop: SimShopConfig, body: Body): OauthAnswer {
    const code = text(body.code);
    if (!code) return oauthError(400, "invalid_request", "code is required");
    const redeemed = deps.tokens.redeemCode(shop.domain, code);
    if (!redeemed.ok) return oauthError(400, "invalid_grant", redeemed.reason);
    deps.onInstalled?.(shop.domain);
    if (redeemed.perUser)
      return ok(onlineBody(deps.tokens.issue(shop.domain, "online", redeemed.scopes), shop));
    const kind = isFlagSet(body.expiring) ? "offline-expiring" : "offline";
    return ok(grantBody(deps.tokens.issue(shop.domain, kind, redeemed.scopes)));
  }

  function refreshToken(shop: SimShopConfig, body: Body): OauthAnswer {
    const token = text(body.refresh_token);
    if (!token) return oauthError(400, "invalid_request", "refresh_token is required");
    const outcome = deps.tokens.refresh(shop.domain, token);
    return outcome.ok ? ok(grantBody(outcome.grant)) : oauthError(400, "invalid_grant", outcome.reason);
  }

  function clientCredentials(shop: SimShopConfig): OauthAnswer {
    if (!shop.clientCredentials)
      return oauthError(400, "shop_not_permitted", "Client credentials cannot be performed on this shop.");
    return ok(grantBody(deps.tokens.issue(shop.domain, "client-credentials", shopScopes(shop))));
  }

  function tokenExchange(shop: SimShopConfig, body: Body): OauthAnswer {
    const subject = text(body.subject_token);
    const subjectType = text(body.subject_token_type);
    if (!subject || !subjectType)
      return oauthError(400, "invalid_request", "subject_token and subject_token_type are required");
    if (subjectType === OFFLINE_TOKEN_TYPE) return migrateToExpiring(shop, subject, body);
    if (subjectType !== ID_TOKEN_TYPE)
      return oauthError(400, "invalid_request", `subject_token_type ${subjectType} is not supported`);
    const problem = sessionTokenProblem(subject, {
      clientId: clientIdOf(shop),
      secret: shop.apiSecret,
      shop: shop.domain,
      nowMs: deps.nowMs(),
    });
    if (problem) return oauthError(400, "invalid_subject_token", problem);
    deps.onInstalled?.(shop.domain);
    const requested = text(body.requested_token_type) ?? OFFLINE_TOKEN_TYPE;
    if (requested === ONLINE_TOKEN_TYPE)
      return ok(onlineBody(deps.tokens.issue(shop.domain, "online", shopScopes(shop)), shop));
    if (requested !== OFFLINE_TOKEN_TYPE)
      return oauthError(400, "invalid_request", `requested_token_type ${requested} is not supported`);
    const kind = isFlagSet(body.expiring) ? "offline-expiring" : "offline";
    return ok(grantBody(deps.tokens.issue(shop.domain, kind, shopScopes(shop))));
  }

  /** A non-expiring offline (or static) token becomes an expiring one; the old token stops working. */
  function migrateToExpiring(shop: SimShopConfig, subject: string, body: Body): OauthAnswer {
    if (!isFlagSet(body.expiring))
      return oauthError(400, "invalid_request", "migrating an offline token requires expiring=1");
    const old = deps.tokens.peek(subject);
    if (!old || old.shop !== shop.domain)
      return oauthError(400, "invalid_subject_token", "subject token is unknown, expired or revoked");
    if (old.kind !== "offline" && old.kind !== "static")
      return oauthError(400, "invalid_subject_token", "subject token is not a non-expiring offline token");
    const grant = deps.tokens.issue(shop.domain, "offline-expiring", old.scopes);
    deps.tokens.revoke(subject);
    return ok(grantBody(grant));
  }

  /** `{access_token, scope[, expires_in][, refresh_token, refresh_token_expires_in]}`. */
  function grantBody(grant: IssuedGrant): Body {
    const { access, refresh } = grant;
    const body: Body = { access_token: access.token, scope: access.scopes.join(",") };
    if (access.expiresAtMs !== null) body.expires_in = seconds(access.expiresAtMs - access.issuedAtMs);
    if (refresh) {
      body.refresh_token = refresh.token;
      body.refresh_token_expires_in = seconds(refresh.expiresAtMs - deps.nowMs());
    }
    return body;
  }

  function onlineBody(grant: IssuedGrant, shop: SimShopConfig): Body {
    const scope = grant.access.scopes.join(",");
    return {
      ...grantBody(grant),
      associated_user_scope: scope,
      associated_user: {
        id: 902541635,
        first_name: "Sam",
        last_name: "Owner",
        email: `owner@${shop.domain}`,
        email_verified: true,
        account_owner: true,
        locale: "en",
        collaborator: false,
      },
    };
  }
}

function ok(body: Body): OauthAnswer {
  return { status: 200, body };
}

function text(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
