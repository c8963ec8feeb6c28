import { openSecretsAdmin, type SecretsAdmin } from "../compose/secrets-admin.js";
import type { Config } from "../config/config-schema.js";
import { loadConfig } from "../config/load-config.js";
import { STORED_SECRET_NAMES } from "../config/resolve-stored-secrets.js";
import { systemClock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { INSTALLATION_SCOPE } from "../lib/secret-vault.js";
import { failWith } from "./cli-exit.js";

export interface SecretsCommandOptions {
  config: string;
  tenant?: string;
  json?: boolean;
}

/**
 * `ml-connector secrets set | list | delete`. `set` reads the value from stdin (a pipe, or typed
 * without echo on a terminal), never from the command line, so it stays out of shell history and `ps`.
 * `list` shows names and key ids only.
 */
export async function runSecretsCommand(
  action: "set" | "list" | "delete",
  name: string | undefined,
  options: SecretsCommandOptions,
): Promise<void> {
  let config: Readonly<Config>;
  let value: string | undefined;
  try {
    config = loadConfig(options.config);
    if (action === "set") {
      assertSettable(config, options.tenant, name);
      value = await readSecretValue(name!);
      if (value === "") throw new ConnectorError("MLC_CONFIG_INVALID", "the value read from stdin is empty");
    }
  } catch (error) {
    return failWith(error);
  }
  let admin: SecretsAdmin;
  try {
    admin = await openSecretsAdmin({ config, clock: systemClock });
  } catch (error) {
    return failWith(error);
  }
  try {
    if (action === "set") {
      const { keyId } = await admin.vault.put(options.tenant!, name!, value!);
      console.log(`stored ${options.tenant}/${name} under master key ${keyId}`);
    } else if (action === "delete") {
      const deleted = await admin.vault.delete(requiredTenant(options.tenant), name!);
      console.log(deleted ? `deleted ${options.tenant}/${name}` : `no secret ${options.tenant}/${name}`);
      process.exitCode = deleted ? 0 : 1;
    } else {
      await list(admin, options);
    }
  } catch (error) {
    failWith(error);
  } finally {
    await admin.close();
  }
}

async function list(admin: SecretsAdmin, options: SecretsCommandOptions): Promise<void> {
  const rows = await admin.vault.list(options.tenant);
  if (options.json) {
    console.log(JSON.stringify(rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }))));
    return;
  }
  if (rows.length === 0) console.log("no stored secrets");
  for (const row of rows) {
    console.log(
      `${row.scope.padEnd(20)} ${row.name.padEnd(24)} key ${row.keyId}  ${row.updatedAt.toISOString()}`,
    );
  }
}

/** A typo would store a secret nothing reads: only configured tenants (or `*`) and the product's names. */
function assertSettable(
  config: Readonly<Config>,
  tenant: string | undefined,
  name: string | undefined,
): void {
  const scope = requiredTenant(tenant);
  if (scope !== INSTALLATION_SCOPE && !config.tenants.some((t) => t.id === scope)) {
    throw new ConnectorError("MLC_CONFIG_INVALID", `tenant ${scope} is not configured`);
  }
  if (!STORED_SECRET_NAMES.some((known) => known === name)) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `unknown secret name ${name}; expected one of ${STORED_SECRET_NAMES.join(", ")}`,
    );
  }
}

function requiredTenant(tenant: string | undefined): string {
  if (tenant === undefined) throw new ConnectorError("MLC_CONFIG_INVALID", "--tenant is required");
  return tenant;
}

/** Piped: everything up to EOF, less one trailing newline. Terminal: one line, not echoed. */
export async function readSecretValue(name: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "");
  }
  process.stderr.write(`value of ${name} (not echoed): `);
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") return finish();
        if (char === "\u0003") return finish(new ConnectorError("MLC_CONFIG_INVALID", "cancelled"));
        value = char === "\u007f" || char === "\b" ? value.slice(0, -1) : value + char;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.on("data", onData);
    stdin.resume();
  });
}
