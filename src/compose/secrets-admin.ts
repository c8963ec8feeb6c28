import type { Config } from "../config/config-schema.js";
import type { MasterKeys } from "../config/master-key.js";
import type { Clock } from "../lib/clock.js";
import type { RotationResult, SecretVault } from "../lib/secret-vault.js";
import { openMigratedStore } from "./open-migrated-store.js";
import { openKeyedVault } from "./unlock-stored-secrets.js";

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
  return openMigratedStore(deps.config, deps.clock, async (store) => {
    const { vault, keys } = await openKeyedVault(deps.config, store.secrets);
    return {
      vault,
      keys,
      async rotate(options) {
        const addedKeyId = keys.mode === "file" ? keys.addKey() : undefined;
        return { addedKeyId, result: await vault.rotate(options) };
      },
      close: () => store.close(),
    };
  });
}
