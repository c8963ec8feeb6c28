import type { Config } from "../config/config-schema.js";
import type { ResolvedConfig, ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { SecretVault } from "../lib/secret-vault.js";
import type { Store } from "../store/store.js";
import { openMigratedStore } from "./open-migrated-store.js";
import { unlockStoredSecrets } from "./unlock-stored-secrets.js";

/** Opens and migrates the store, then fills the secrets the configuration leaves out from its vault. */
export async function openStoreWithSecrets(
  configured: Readonly<Config>,
  clock: Clock,
): Promise<{ store: Store; secrets: SecretVault; config: Readonly<ResolvedConfig> }> {
  return openMigratedStore(configured, clock, async (store) => ({
    store,
    ...(await unlockStoredSecrets(configured, store.secrets)),
  }));
}

/**
 * For a command about one tenant: the store with only that tenant's secrets unlocked, so another
 * tenant's missing ones do not stop it. MLC_CONFIG_INVALID when the tenant is not configured.
 */
export async function openTenantStore(
  configured: Readonly<Config>,
  tenantId: string,
  clock: Clock,
): Promise<{ store: Store; secrets: SecretVault; tenant: ResolvedTenantConfig }> {
  const tenant = configured.tenants.find((t) => t.id === tenantId);
  if (!tenant) throw new ConnectorError("MLC_CONFIG_INVALID", `tenant ${tenantId} is not configured`);
  const { store, secrets, config } = await openStoreWithSecrets({ ...configured, tenants: [tenant] }, clock);
  return { store, secrets, tenant: config.tenants[0]! };
}
