import type { Config } from "../config/config-schema.js";
import type { ResolvedConfig } from "../config/resolve-stored-secrets.js";
import type { Clock } from "../lib/clock.js";
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
