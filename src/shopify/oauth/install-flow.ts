import { randomBytes } from "node:crypto";
import { SHOPIFY_SCOPES } from "../../config/config-schema.js";
import type { Clock } from "../../lib/clock.js";
import { coerceError } from "../../lib/errors/connector-error.js";
import type { Logger } from "../../lib/logger.js";
import type { InstallationStore } from "../../pipeline/installation-store.js";
import type { ShopAccessToken } from "../shop-access-token.js";
import { missingScopes } from "./granted-scopes.js";
import { type OAuthQuery, verifyOAuthQuery } from "./oauth-query-hmac.js";
import type { TokenEndpoint } from "./token-endpoint.js";

/** A state nonce lives this long: the merchant has ten minutes to approve the install. */
const STATE_LIFETIME_MS = 600_000;

/** What the install flow needs of one tenant with the authorization-code grant. */
export interface InstallableTenant {
  tenantId: string;
  shopDomain: string;
  clientId: string;
  /** The client secret, and the previous one during a rotation. */
  clientSecrets: readonly string[];
  redirectUrl: string;
  /** Where the shop's admin answers: `https://{shop}`, or a simulator. */
  adminUrl: string;
  expiringTokens: boolean;
  endpoint: TokenEndpoint;
  token: ShopAccessToken;
}

export type InstallAnswer =
  | { kind: "redirect"; url: string }
  | { kind: "installed"; tenantId: string; shopDomain: string; scopes: string[]; missingScopes: string[] }
  | { kind: "refused"; status: 400 | 401 | 403 | 404 | 502; reason: string };

/**
 * Shopify's authorization-code grant, step by step: the install URL with the scopes and a one-time
 * state nonce (stored, so any instance can take the callback), the hex HMAC check of the redirects,
 * and the code exchange for an (expiring) offline token stored sealed.
 * @see https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
 */
export function createInstallFlow(deps: {
  tenantById(tenantId: string): InstallableTenant | undefined;
  tenantByShop(shopDomain: string): InstallableTenant | undefined;
  states: Pick<InstallationStore, "saveState" | "takeState">;
  clock: Clock;
  log: Logger;
}) {
  return { begin, appOpened, callback };

  /** A fresh install URL for the tenant (`shopify connect`, or the app URL Shopify opened). */
  async function begin(tenantId: string): Promise<string> {
    const tenant = deps.tenantById(tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} does not use the authorization-code grant`);
    const state = randomBytes(24).toString("hex");
    await deps.states.saveState({
      nonce: state,
      tenantId,
      shopDomain: tenant.shopDomain,
      expiresAt: new Date(deps.clock.now().getTime() + STATE_LIFETIME_MS),
    });
    const url = new URL(`${tenant.adminUrl.replace(/\/+$/, "")}/admin/oauth/authorize`);
    url.searchParams.set("client_id", tenant.clientId);
    url.searchParams.set("scope", SHOPIFY_SCOPES.join(","));
    url.searchParams.set("redirect_uri", tenant.redirectUrl);
    url.searchParams.set("state", state);
    return url.toString();
  }

  /** Shopify opens the app URL with `shop`, `timestamp`, `hmac`: verify, then send the merchant on. */
  async function appOpened(query: OAuthQuery): Promise<InstallAnswer> {
    const found = verified(query);
    if (found.kind === "refused") return found;
    return { kind: "redirect", url: await begin(found.tenant.tenantId) };
  }

  /** The merchant approved: check HMAC, shop and state, exchange the code, store the token. */
  async function callback(query: OAuthQuery): Promise<InstallAnswer> {
    const found = verified(query);
    if (found.kind === "refused") return found;
    const { tenant } = found;
    const state = typeof query.state === "string" ? query.state : "";
    const issued = state ? await deps.states.takeState(state, deps.clock.now()) : undefined;
    if (!issued || issued.tenantId !== tenant.tenantId || issued.shopDomain !== tenant.shopDomain)
      return refused(403, "unknown, used or expired state: start the install again");
    const code = typeof query.code === "string" ? query.code : "";
    if (!code)
      return refused(
        400,
        typeof query.error === "string" ? `the merchant did not approve (${query.error})` : "no code",
      );
    try {
      const grant = await tenant.endpoint.exchangeCode(code, { expiring: tenant.expiringTokens });
      const installation = await tenant.token.install(grant, "authorization-code");
      const missing = missingScopes(installation.scopes);
      deps.log.info(
        {
          tenant: tenant.tenantId,
          scopes: installation.scopes,
          missingScopes: missing,
          expiring: grant.expiresAt !== null,
        },
        "shopify.installed",
      );
      return {
        kind: "installed",
        tenantId: tenant.tenantId,
        shopDomain: tenant.shopDomain,
        scopes: installation.scopes,
        missingScopes: missing,
      };
    } catch (error) {
      const failure = coerceError(error);
      deps.log.error({ tenant: tenant.tenantId, err: failure }, "shopify.install_failed");
      return refused(502, `${failure.code}: ${failure.message}`);
    }
  }

  function verified(
    query: OAuthQuery,
  ): { kind: "ok"; tenant: InstallableTenant } | Extract<InstallAnswer, { kind: "refused" }> {
    const shop = typeof query.shop === "string" ? query.shop.toLowerCase() : "";
    const tenant = deps.tenantByShop(shop);
    if (!tenant)
      return refused(404, "no tenant is configured for this shop with the authorization-code grant");
    const check = verifyOAuthQuery(query, tenant.clientSecrets, deps.clock.now().getTime());
    if (!check.ok) {
      deps.log.warn({ shop, reason: check.reason }, "shopify.install_refused");
      return refused(401, check.reason);
    }
    return { kind: "ok", tenant };
  }
}

function refused(
  status: 400 | 401 | 403 | 404 | 502,
  reason: string,
): Extract<InstallAnswer, { kind: "refused" }> {
  return { kind: "refused", status, reason };
}
