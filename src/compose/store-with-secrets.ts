import type { Config } from "../config/config-schema.js";
import type { ResolvedConfig } from "../config/resolve-stored-secrets.js";
import type { Clock } from "../lib/clock.js";
import type { SecretVault } from "../lib/secret-vault.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { unlockStoredSecrets } from "./unlock-stored-secrets.js";

/** Opens and migrates the store, then fills the secrets the configuration leaves out from its vault. */
export async function openStoreWithSecrets(
  configured: Readonly<Config>,
  clock: Clock,
): Promise<{ store: Store; secrets: SecretVault; config: Readonly<ResolvedConfig> }> {
  const store = await openStore(configured.store.url, { clock });
  try {
    await store.migrate();
    return { store, ...(await unlockStoredSecrets(configured, store.secrets)) };
  } catch (error) {
    await store.close();
    throw error;
  }
}
