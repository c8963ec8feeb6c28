import type { Config } from "../config/config-schema.js";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import type { ShopGrantType } from "../pipeline/installation-store.js";
import { fetchGrantedScopes } from "../shopify/granted-scopes-query.js";
import { missingScopes, scopeConsequence } from "../shopify/oauth/granted-scopes.js";
import { createInstallFlow } from "../shopify/oauth/install-flow.js";
import type { GrantedToken } from "../shopify/oauth/token-endpoint.js";
import { fetchShopFacts } from "../shopify/shop-facts.js";
import { connectShopifyTenant, installableTenant } from "./shopify-tenant.js";
import { openStoreWithSecrets } from "./store-with-secrets.js";

export interface ShopConnection {
  tenant: string;
  shop: string;
  grant: ShopGrantType;
  scopes: string[];
  /** Scopes asked for but not granted, each with what its absence costs. */
  missingScopes: { scope: string; consequence: string }[];
  /** When the access token expires (null: it does not). */
  accessExpiresAt: string | null;
  currency: string;
}

/**
 * `ml-connector shopify connect`: obtains and stores (sealed) the tenant's Admin API token by its
 * configured grant, then proves it with a read of the shop and of the granted scopes.
 * - static: an existing token of an older custom app, from stdin (or the configuration);
 * - client-credentials: requested now (the running service renews it before it expires);
 * - authorization-code: prints the install URL and waits until the merchant approved it and the
 *   running service took Shopify's callback (`/shopify/callback` behind `server.publicUrl`);
 *   `migrateToExpiring` swaps a non-expiring offline token for an expiring one instead.
 */
export async function connectShop(deps: {
  config: Readonly<Config>;
  tenantId: string;
  clock: Clock;
  log: Logger;
  staticToken?: string | undefined;
  migrateToExpiring?: boolean;
  onInstallUrl?: (url: string) => void;
  waitTimeoutMs?: number;
}): Promise<ShopConnection> {
  const configured = deps.config.tenants.find((t) => t.id === deps.tenantId);
  if (!configured)
    throw new ConnectorError("MLC_CONFIG_INVALID", `tenant ${deps.tenantId} is not configured`);
  // A static token given on stdin is what the configuration may leave out.
  const withToken = deps.staticToken
    ? { ...configured, shopify: { ...configured.shopify, accessToken: deps.staticToken } }
    : configured;
  const opened = await openStoreWithSecrets({ ...deps.config, tenants: [withToken] }, deps.clock);
  const { store, secrets } = opened;
  const tenant = opened.config.tenants[0]!;
  const shopify = connectShopifyTenant(tenant, {
    installations: store.installations,
    secrets,
    clock: deps.clock,
    log: deps.log,
  });
  try {
    const grant = tenant.shopify.auth.grant;
    const startedAt = deps.clock.now();
    if (grant === "static") {
      const token = deps.staticToken ?? tenant.shopify.accessToken;
      if (!token)
        throw new ConnectorError(
          "MLC_CONFIG_INVALID",
          "static grant: pipe the Admin API token to stdin (--token-stdin)",
        );
      await shopify.token.install(noExpiry(token), "static");
    } else if (grant === "client-credentials") {
      await shopify.token.install(await shopify.endpoint!.clientCredentials(), "client-credentials");
    } else if (deps.migrateToExpiring) {
      const current = await shopify.token.current();
      await shopify.token.install(await shopify.endpoint!.migrateToExpiring(current), "authorization-code");
    } else {
      const installable = installableTenant(tenant, shopify, deps.config.server.publicUrl);
      if (!installable)
        throw new ConnectorError(
          "MLC_CONFIG_INVALID",
          "authorization-code grant needs shopify.auth.clientId and server.publicUrl or shopify.auth.redirectUrl",
        );
      const flow = createInstallFlow({
        tenantById: () => installable,
        tenantByShop: () => undefined,
        states: store.installations,
        clock: deps.clock,
        log: deps.log,
      });
      deps.onInstallUrl?.(await flow.begin(tenant.id));
      await waitForInstall(tenant.id, startedAt);
    }
    shopify.token.forget();
    const facts = await fetchShopFacts(shopify.client);
    const scopes = await fetchGrantedScopes(shopify.client);
    const installation = await store.installations.get(tenant.id);
    if (installation) await store.installations.save({ ...installation, scopes });
    return {
      tenant: tenant.id,
      shop: facts.domain,
      grant,
      scopes,
      missingScopes: missingScopes(scopes).map((scope) => ({ scope, consequence: scopeConsequence(scope) })),
      accessExpiresAt: installation?.accessExpiresAt?.toISOString() ?? null,
      currency: facts.currency,
    };
  } finally {
    await shopify.close();
    await store.close();
  }

  async function waitForInstall(tenantId: string, since: Date): Promise<void> {
    const deadline = deps.clock.now().getTime() + (deps.waitTimeoutMs ?? 600_000);
    while (deps.clock.now().getTime() < deadline) {
      const installation = await store.installations.get(tenantId);
      if (installation?.status === "installed" && installation.installedAt >= since) return;
      await deps.clock.sleep(1000);
    }
    throw new ConnectorError(
      "MLC_SHOPIFY_NOT_CONNECTED",
      `no approval arrived within ${Math.round((deps.waitTimeoutMs ?? 600_000) / 1000)} s: is the service running behind server.publicUrl?`,
    );
  }
}

function noExpiry(accessToken: string): GrantedToken {
  return { accessToken, scopes: [], expiresAt: null, refreshToken: null, refreshExpiresAt: null };
}
