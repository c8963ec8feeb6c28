import type { ResolvedConfig, ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import type { SecretVault } from "../lib/secret-vault.js";
import { withoutCredentials } from "../lib/without-credentials.js";
import type { InstallationStore, ShopGrantType } from "../pipeline/installation-store.js";
import { probeAdminApi } from "../shopify/admin-api-probe.js";
import {
  runShopifyChecklist,
  type ShopifyChecklist,
  type ShopifyChecklistInput,
  type ShopTokenState,
} from "../shopify/shopify-checklist.js";
import { connectShopifyTenant, REFRESH_TOKEN_SECRET, type ShopifyTenant } from "./shopify-tenant.js";

/** The reachability probe gets no retries; this is how long it waits for Shopify's answer. */
const PROBE_TIMEOUT_MS = 10_000;

export interface ShopifyConnectionTest extends ShopifyChecklist {
  /** Without credentials: no token or secret is ever part of a report. */
  connection: { shop: string; adminUrl: string; apiVersion: string; grant: ShopGrantType };
}

/**
 * The Shopify half of `connect test` for one tenant: its token provider and GraphQL client exactly as
 * the service builds them (shopify-tenant.ts, over the sealed-secret vault), then the Shopify
 * checklist. A due token is renewed and stored as the service would; nothing else is written.
 */
export async function testShopifyConnection(
  tenant: ResolvedTenantConfig,
  deps: {
    config: Readonly<ResolvedConfig>;
    installations: InstallationStore;
    secrets: SecretVault;
    /** The JDE company's currency, once the JDE checklist read it. */
    jdeCurrency: () => Promise<string | undefined>;
    clock: Clock;
    log: Logger;
  },
): Promise<ShopifyConnectionTest> {
  const { installations, secrets, clock, log } = deps;
  const shopify = connectShopifyTenant(tenant, { installations, secrets, clock, log });
  const { shop, apiVersion, auth } = tenant.shopify;
  try {
    const checklist = await runShopifyChecklist({
      tenantId: tenant.id,
      shop,
      adminUrl: shopify.adminUrl,
      apiVersion,
      client: shopify.client,
      accessToken: () => shopify.token.current(),
      probe: (accessToken) =>
        probeAdminApi({ adminUrl: shopify.adminUrl, apiVersion, accessToken, timeoutMs: PROBE_TIMEOUT_MS }),
      tokenState: () => readTokenState(tenant, shopify, deps),
      webhooks: webhookManagement(tenant, deps.config.server.publicUrl),
      jdeCompany: tenant.jde.company,
      jdeCurrency: deps.jdeCurrency,
      now: clock.now(),
    });
    const connection = {
      shop,
      adminUrl: withoutCredentials(shopify.adminUrl),
      apiVersion,
      grant: auth.grant,
    };
    return { connection, ...checklist };
  } finally {
    await shopify.close();
  }
}

/** The installation row and whether a refresh token is stored; the vault's listing, no secret opened. */
async function readTokenState(
  tenant: ResolvedTenantConfig,
  shopify: ShopifyTenant,
  deps: { installations: InstallationStore; secrets: SecretVault },
): Promise<ShopTokenState> {
  const installation = await deps.installations.get(tenant.id);
  const stored = await deps.secrets.list(tenant.id);
  const { auth } = tenant.shopify;
  return {
    grant: installation?.grantType ?? auth.grant,
    accessExpiresAt: installation?.accessExpiresAt ?? null,
    refreshExpiresAt: installation?.refreshExpiresAt ?? null,
    hasRefreshToken: stored.some((secret) => secret.name === REFRESH_TOKEN_SECRET),
    canRenew: shopify.endpoint !== undefined,
    refreshBeforeSeconds: auth.refreshBeforeExpirySeconds,
  };
}

/** The service checks shop-specific subscriptions only with manageWebhooks and a public URL (main.ts). */
function webhookManagement(
  tenant: ResolvedTenantConfig,
  publicUrl: string | undefined,
): ShopifyChecklistInput["webhooks"] {
  if (!tenant.shopify.manageWebhooks) return { managed: false, reason: "shopify.manageWebhooks is false" };
  if (!publicUrl) return { managed: false, reason: "server.publicUrl is not set" };
  return { managed: true, publicUrl, schedule: tenant.schedule.subscriptions };
}
