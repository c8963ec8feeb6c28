import { assertMasterKeyFitsStore } from "../config/assert-master-key-fits-store.js";
import type { Config } from "../config/config-schema.js";
import { type MasterKeys, openMasterKeys } from "../config/master-key.js";
import {
  needsStoredSecrets,
  type ResolvedConfig,
  resolveStoredSecrets,
} from "../config/resolve-stored-secrets.js";
import type { Clock } from "../lib/clock.js";
import { createSecretVault, type RotationResult, type SecretVault } from "../lib/secret-vault.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";

export interface SecretsAdmin {
  vault: SecretVault;
  keys: MasterKeys;
  /**
   * `keys rotate`: file mode appends a new key to the key file first; both modes then re-seal every
   * record not under the current key. Running services keep reading throughout (they re-read the file).
   */
  rotate(options: {
    batchSize?: number;
  }): Promise<{ addedKeyId: string | undefined; result: RotationResult }>;
  close(): Promise<void>;
}

/** For `ml-connector keys` and `secrets`: the migrated store and its vault, no tenant is started. */
export async function openSecretsAdmin(deps: {
  config: Readonly<Config>;
  clock: Clock;
}): Promise<SecretsAdmin> {
  const store = await openStore(deps.config.store.url, { clock: deps.clock });
  try {
    await store.migrate();
    const { vault, keys } = createVault(deps.config, store);
    // Every secrets command (set, rotate, status) would otherwise make this host a key of its own
    // beside a store other instances sealed secrets in.
    await assertMasterKeyFitsStore(keys, store.secrets);
    return {
      vault,
      keys,
      async rotate(options) {
        const addedKeyId = keys.mode === "file" ? keys.addKey() : undefined;
        return { addedKeyId, result: await vault.rotate(options) };
      },
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * For commands that start no service (`connect test`): the configuration with the secrets it leaves
 * out filled from the store; the store is opened only when some secret is missing.
 */
export async function loadStoredSecrets(deps: {
  config: Readonly<Config>;
  clock: Clock;
}): Promise<Readonly<ResolvedConfig>> {
  if (!needsStoredSecrets(deps.config))
    return resolveStoredSecrets(deps.config, { get: async () => undefined });
  const admin = await openSecretsAdmin(deps);
  try {
    return await resolveStoredSecrets(deps.config, admin.vault);
  } finally {
    await admin.close();
  }
}

function createVault(config: Readonly<Config>, store: Store): { vault: SecretVault; keys: MasterKeys } {
  const keys = openMasterKeys(config.security);
  return { vault: createSecretVault({ rows: store.secrets, keyring: keys }), keys };
}
