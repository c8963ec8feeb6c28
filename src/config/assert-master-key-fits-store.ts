import { ConnectorError } from "../lib/errors/connector-error.js";
import type { SecretRows } from "../lib/secret-vault.js";
import type { MasterKeys } from "./master-key.js";

/**
 * File mode creates a missing key file with a random key on first use. On a store that already holds
 * sealed secrets (another instance sealed them) that key would be this host's own: what it sealed the
 * other instances could not open, and it could not open theirs. So a missing key file is left to be
 * created only on a store with no secret (first install, demo); otherwise this refuses, naming the key
 * ids the store's secrets are sealed under (ids only, never a key). Env mode is not concerned.
 */
export async function assertMasterKeyFitsStore(
  keys: MasterKeys,
  rows: Pick<SecretRows, "countByKeyId">,
): Promise<void> {
  if (keys.mode !== "file" || keys.keyFileExists()) return;
  const used = (await rows.countByKeyId()).filter((count) => count.rows > 0);
  if (used.length === 0) return;
  const total = used.reduce((sum, count) => sum + count.rows, 0);
  const ids =
    used.length === 1
      ? `master key ${used[0]!.keyId}`
      : `master keys ${used.map((count) => `${count.keyId} (${plural(count.rows, "secret")})`).join(", ")}`;
  throw new ConnectorError(
    "MLC_MASTER_KEY_INVALID",
    `master key file ${keys.path} does not exist, but the store already holds ${plural(total, "secret")} ` +
      `sealed under ${ids}; a key made here would not open them, and the other instances ` +
      `could not open what it seals, so none was created. Copy the key file of an instance that uses ` +
      `this store to ${keys.path} (mode 0600) or point security.masterKeyFile at a shared one, or set ` +
      "security.masterKey (e.g. from the MLC_MASTER_KEY environment variable) to its last key and " +
      "security.previousMasterKeys to the others",
    { detail: { path: keys.path, keyIds: used.map((count) => count.keyId) } },
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
