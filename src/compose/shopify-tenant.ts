import type { ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import type { CustomerSource } from "../customers/customer-source.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import type { SecretVault } from "../lib/secret-vault.js";
import type { InstallationStore } from "../pipeline/installation-store.js";
import type { OrderSource } from "../pipeline/order-source.js";
import { createCostLimiter } from "../shopify/cost-limiter.js";
import { createCustomerSource } from "../shopify/customer-reads.js";
import { createFallbackOrderSource } from "../shopify/fallback-order-source.js";
import { createShopifyGraphqlClient, type ShopifyGraphqlClient } from "../shopify/graphql-client.js";
import { createGraphqlOrderSource } from "../shopify/graphql-order-source.js";
import type { InstallableTenant } from "../shopify/oauth/install-flow.js";
import { createTokenEndpoint, type TokenEndpoint } from "../shopify/oauth/token-endpoint.js";
import { createShopifyRestClient, type ShopifyRestClient } from "../shopify/rest-client.js";
import { createShopAccessToken, type ShopAccessToken } from "../shopify/shop-access-token.js";
import type { ShopTokenStore } from "../shopify/shop-token-store.js";

export const ACCESS_TOKEN_SECRET = "shopify.accessToken";
export const REFRESH_TOKEN_SECRET = "shopify.refreshToken";

/** One tenant's Shopify side: its token, GraphQL and REST clients, and the order source over both. */
export interface ShopifyTenant {
  adminUrl: string;
  token: ShopAccessToken;
  /** Absent for the static grant. */
  endpoint: TokenEndpoint | undefined;
  client: ShopifyGraphqlClient;
  rest: ShopifyRestClient;
  orders: OrderSource;
  /** Customer reads, GraphQL first and REST when GraphQL fails (the customer sync's source). */
  customers: CustomerSource;
  /** Deletes the stored tokens and forgets the held one (uninstall, shop redact). */
  forgetAccess(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds a tenant's Shopify adapters (a composition root beside main.ts): the token provider of its
 * grant over the sealed-secret vault, one GraphQL and one REST client sharing it, each with its own
 * limiter (the two APIs have separate buckets).
 */
export function connectShopifyTenant(
  tenant: ResolvedTenantConfig,
  deps: { installations: InstallationStore; secrets: SecretVault; clock: Clock; log: Logger },
): ShopifyTenant {
  const { clock, log } = deps;
  const adminUrl = tenant.shopify.adminUrl ?? `https://${tenant.shopify.shop}`;
  const auth = tenant.shopify.auth;
  const endpoint =
    auth.grant === "static" || !auth.clientId
      ? undefined
      : createTokenEndpoint({
          adminUrl,
          clientId: auth.clientId,
          clientSecret: tenant.shopify.apiSecret,
          now: () => clock.now(),
        });
  const token = createShopAccessToken({
    tenantId: tenant.id,
    shopDomain: tenant.shopify.shop.toLowerCase(),
    grantType: auth.grant,
    configuredToken: tenant.shopify.accessToken,
    store: vaultTokenStore(tenant.id, deps),
    endpoint,
    refreshBeforeMs: auth.refreshBeforeExpirySeconds * 1000,
    clock,
    log,
  });
  const access = {
    accessToken: () => token.current(),
    replaceRejectedToken: (rejected: string) => token.replaceRejected(rejected),
  };
  const client = createShopifyGraphqlClient({
    adminUrl,
    apiVersion: tenant.shopify.apiVersion,
    ...access,
    clock,
    log,
    limiter: createCostLimiter({ clock }),
  });
  const rest = createShopifyRestClient({
    adminUrl,
    apiVersion: tenant.shopify.apiVersion,
    ...access,
    clock,
    log,
    // Until Shopify reports the bucket, assume the smallest plan's: 40 calls, 2 per second.
    limiter: createCostLimiter({
      clock,
      initialStatus: { maximumAvailable: 40, currentlyAvailable: 40, restoreRate: 2 },
    }),
  });
  return {
    adminUrl,
    token,
    endpoint,
    client,
    rest,
    orders: createFallbackOrderSource({ graphql: createGraphqlOrderSource({ client }), rest, log }),
    customers: createCustomerSource({ graphql: client, rest, log }),
    async forgetAccess() {
      // One statement: the pair goes together, never an orphaned refresh token.
      await deps.secrets.deleteNames(tenant.id, [ACCESS_TOKEN_SECRET, REFRESH_TOKEN_SECRET]);
      token.forget();
    },
    async close() {
      await client.close();
      await rest.close();
    },
  };
}

/**
 * The installation row plus its two tokens, sealed by the vault under the tenant's scope and saved
 * with the row in one transaction of the installation store.
 */
function vaultTokenStore(
  tenantId: string,
  deps: { installations: InstallationStore; secrets: SecretVault },
): ShopTokenStore {
  return {
    async load() {
      const installation = await deps.installations.get(tenantId);
      if (!installation) return undefined;
      if (installation.status === "uninstalled")
        return { installation, tokens: { accessToken: "", refreshToken: null } };
      const accessToken = await deps.secrets.get(tenantId, ACCESS_TOKEN_SECRET);
      if (!accessToken) return undefined;
      const refreshToken = (await deps.secrets.get(tenantId, REFRESH_TOKEN_SECRET)) ?? null;
      return { installation, tokens: { accessToken, refreshToken } };
    },
    async save(installation, tokens) {
      // One transaction: a crash part way must not leave a new access token with the old expiry, nor
      // lose a rotated refresh token once Shopify retired the old one.
      const put = [deps.secrets.seal(tenantId, ACCESS_TOKEN_SECRET, tokens.accessToken)];
      if (tokens.refreshToken)
        put.push(deps.secrets.seal(tenantId, REFRESH_TOKEN_SECRET, tokens.refreshToken));
      await deps.installations.saveWithSecrets(installation, {
        put,
        delete: tokens.refreshToken ? [] : [REFRESH_TOKEN_SECRET],
      });
    },
  };
}

/** The app's client secret, and the previous one during a rotation (webhook and OAuth HMACs). */
export function appSecretsOf(tenant: ResolvedTenantConfig): string[] {
  const { apiSecret, previousApiSecret } = tenant.shopify;
  return previousApiSecret ? [apiSecret, previousApiSecret] : [apiSecret];
}

/**
 * The install flow's view of a tenant: only with the authorization-code grant and a callback URL
 * (`shopify.auth.redirectUrl`, else `{publicUrl}/shopify/callback`); undefined otherwise.
 */
export function installableTenant(
  tenant: ResolvedTenantConfig,
  shopify: ShopifyTenant,
  publicUrl: string | undefined,
): InstallableTenant | undefined {
  const auth = tenant.shopify.auth;
  const redirectUrl =
    auth.redirectUrl ?? (publicUrl ? `${publicUrl.replace(/\/+$/, "")}/shopify/callback` : undefined);
  if (auth.grant !== "authorization-code" || !auth.clientId || !redirectUrl || !shopify.endpoint)
    return undefined;
  return {
    tenantId: tenant.id,
    shopDomain: tenant.shopify.shop.toLowerCase(),
    clientId: auth.clientId,
    clientSecrets: appSecretsOf(tenant),
    redirectUrl,
    adminUrl: shopify.adminUrl,
    expiringTokens: auth.expiringTokens,
    endpoint: shopify.endpoint,
    token: shopify.token,
  };
}
