import { openSecretsAdmin, type SecretsAdmin } from "../compose/secrets-admin.js";
import { loadConfig } from "../config/load-config.js";
import { missingMasterKeyHint } from "../config/master-key.js";
import { systemClock } from "../lib/clock.js";
import type { RotationResult, VaultStatus } from "../lib/secret-vault.js";
import { failWith } from "./cli-exit.js";

export interface KeysCommandOptions {
  config: string;
  batchSize?: number;
  json: boolean;
}

/**
 * `ml-connector keys rotate | status`: master key rotation and which key seals how many secrets.
 * Prints key ids and counts, never a key. Exit code 1 when a secret could not be re-sealed (rotate) or
 * is sealed under a key the keyring lacks (status).
 */
export async function runKeysCommand(
  action: "rotate" | "status",
  options: KeysCommandOptions,
): Promise<void> {
  let admin: SecretsAdmin;
  try {
    admin = await openSecretsAdmin({ config: loadConfig(options.config), clock: systemClock });
  } catch (error) {
    return failWith(error);
  }
  try {
    if (action === "rotate") await rotate(admin, options);
    else await status(admin, options);
  } catch (error) {
    failWith(error);
  } finally {
    await admin.close();
  }
}

async function rotate(admin: SecretsAdmin, options: KeysCommandOptions): Promise<void> {
  const { addedKeyId, result } = await admin.rotate({
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  process.exitCode = result.unreadable.length > 0 || result.stillUnderOlderKey > 0 ? 1 : 0;
  if (options.json) {
    console.log(JSON.stringify({ mode: admin.keys.mode, addedKeyId: addedKeyId ?? null, ...result }));
    return;
  }
  if (admin.keys.mode === "file") console.log(`added master key ${addedKeyId} to ${admin.keys.path}`);
  console.log(formatRotation(result));
}

function formatRotation(result: RotationResult): string {
  const lines = [
    `current master key ${result.currentKeyId}: re-sealed ${result.resealed} of ${result.examined} secrets under older keys` +
      (result.changedConcurrently > 0 ? `, ${result.changedConcurrently} changed meanwhile (kept)` : ""),
  ];
  for (const row of result.unreadable) {
    lines.push(`  ✗ ${row.scope}/${row.name} (key ${row.keyId}): ${row.code}`);
  }
  if (result.stillUnderOlderKey > 0) {
    lines.push(
      `  ${result.stillUnderOlderKey} kept being rewritten under an older key (a process not yet on the new key): rotate again`,
    );
  }
  if (result.unreadable.length > 0) {
    lines.push(
      "  unreadable secrets were left as they are: add their key back (see `keys status`), then rotate again",
    );
  }
  return lines.join("\n");
}

async function status(admin: SecretsAdmin, options: KeysCommandOptions): Promise<void> {
  const report = await admin.vault.status();
  const missing = report.keys.filter((key) => !key.inKeyring && key.rows > 0);
  process.exitCode = missing.length > 0 ? 1 : 0;
  if (options.json) {
    console.log(JSON.stringify({ mode: admin.keys.mode, ...report }));
    return;
  }
  const origin = admin.keys.mode === "file" ? `key file ${admin.keys.path}` : "security.masterKey";
  console.log(`master keys from ${origin}`);
  console.log(formatStatus(report));
  if (missing.length > 0) {
    const rows = missing.reduce((sum, key) => sum + key.rows, 0);
    const ids = missing.map((key) => key.keyId).join(", ");
    console.log(
      `${rows} secret${rows === 1 ? " is" : "s are"} sealed under master key ${ids}, which this keyring lacks: ` +
        "they cannot be opened here",
    );
    console.log(`  → ${missingMasterKeyHint(admin.keys)}`);
  }
}

function formatStatus(report: VaultStatus): string {
  return report.keys
    .map((key) => {
      const role = key.current ? "current" : key.inKeyring ? "previous" : "NOT IN KEYRING";
      return `  ${key.keyId}  ${role.padEnd(14)} ${key.rows} secret${key.rows === 1 ? "" : "s"}`;
    })
    .join("\n");
}
