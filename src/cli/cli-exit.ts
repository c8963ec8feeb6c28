import type { Config } from "../config/config-schema.js";
import { loadConfig } from "../config/load-config.js";
import { ConnectorError } from "../lib/errors/connector-error.js";

/** Exit codes shared by the commands: 1 the command failed, 2 it was used wrongly. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Says what went wrong on stderr and sets the exit code; the command then returns. */
export function fail(message: string, code: number): void {
  console.error(`ml-connector: ${message}`);
  process.exitCode = code;
}

/** A ConnectorError is the operator's to read (code and message); anything else is a bug and is thrown. */
export function failWith(error: unknown): void {
  if (!(error instanceof ConnectorError)) throw error;
  fail(`${error.code}: ${error.message}`, EXIT_FAILED);
}

/**
 * The configuration and the one tenant a command works on: `--tenant`, or the only tenant configured.
 * Undefined (the failure already reported) when the file is invalid or several tenants leave it open.
 */
export function loadTenantConfig(options: {
  config: string;
  tenant?: string | undefined;
}): { config: Readonly<Config>; tenantId: string } | undefined {
  let config: Readonly<Config>;
  try {
    config = loadConfig(options.config);
  } catch (error) {
    failWith(error);
    return undefined;
  }
  const tenantId = options.tenant ?? (config.tenants.length === 1 ? config.tenants[0]!.id : undefined);
  if (!tenantId) {
    fail("several tenants are configured: name one with --tenant", EXIT_USAGE);
    return undefined;
  }
  return { config, tenantId };
}
