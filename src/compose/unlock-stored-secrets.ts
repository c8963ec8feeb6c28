import { assertMasterKeyFitsStore } from "../config/assert-master-key-fits-store.js";
import type { Config } from "../config/config-schema.js";
import { type MasterKeys, missingMasterKeyHint, openMasterKeys } from "../config/master-key.js";
import { type ResolvedConfig, resolveStoredSecrets } from "../config/resolve-stored-secrets.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createSecretVault, type SecretRows, type SecretVault } from "../lib/secret-vault.js";

/**
 * Where the store and the keyring meet, for the service and the commands that run tenants: the vault
 * over the store's `secrets` rows (openKeyedVault), and the configuration with the secrets it leaves out
 * filled from the vault. The store is not migrated here.
 */
export async function unlockStoredSecrets(
  configured: Readonly<Config>,
  rows: SecretRows,
): Promise<{ secrets: SecretVault; config: Readonly<ResolvedConfig> }> {
  const { vault, keys } = await openKeyedVault(configured, rows);
  try {
    return { secrets: vault, config: await resolveStoredSecrets(configured, vault) };
  } catch (error) {
    throw withMissingKeyHint(error, keys);
  }
}

/**
 * The configured keyring and the vault over the store's `secrets` rows, once the master key is known to
 * fit the store: a new host (the service, or any `keys`/`secrets` command) must not make a key of its
 * own beside a store other instances sealed secrets in.
 */
export async function openKeyedVault(
  configured: Readonly<Config>,
  rows: SecretRows,
): Promise<{ vault: SecretVault; keys: MasterKeys }> {
  const keys = openMasterKeys(configured.security);
  await assertMasterKeyFitsStore(keys, rows);
  return { vault: createSecretVault({ rows, keyring: keys }), keys };
}

const STATUS = "`ml-connector keys status` lists the key ids the store's secrets are sealed under";

/** A secret under a key id this keyring lacks: the vault names the key ids; this adds what to do. */
function withMissingKeyHint(error: unknown, keys: MasterKeys): unknown {
  if (!(error instanceof ConnectorError) || error.code !== "MLC_SECRET_KEY_UNKNOWN") return error;
  return new ConnectorError(error.code, `${error.message}; ${missingMasterKeyHint(keys)}; ${STATUS}`, {
    cause: error,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
  });
}
