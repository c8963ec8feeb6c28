import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { E2E } from "./e2e-harness.js";
import { sleep } from "./exactly-once.js";
import { type CliResult, runCli } from "./run-cli.js";

/** Polls `condition` every 50 ms; rejects naming `what` at the deadline. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The first tenant's part of `/healthz`. */
export async function tenantHealth(e2e: E2E) {
  const body = (await (await fetch(`${e2e.url}/healthz`)).json()) as {
    detail: { tenants: { ready: boolean; shopifyProblem: string | null }[] };
  };
  return body.detail.tenants[0]!;
}

type ConfigShape = { tenants: { shopify: Record<string, unknown>; jde: Record<string, unknown> }[] };

/** The test's configuration as a file for a CLI run; `edit` may change a copy of it first. */
export function writeConfigFile(e2e: E2E, edit?: (config: ConfigShape) => void): string {
  const file = join(e2e.dir, "ml-connector.json");
  const config = structuredClone(e2e.configInput) as ConfigShape;
  edit?.(config);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/**
 * `ml-connector shopify connect` for an authorization-code tenant, with the merchant's part played:
 * open the printed install URL, follow Shopify's redirect to the connector's callback. Resolves with
 * the CLI's result and the callback URL and answer (tests replay the callback).
 */
export async function connectByInstall(
  e2e: E2E,
  configPath: string,
  env: Record<string, string> = {},
): Promise<{ cli: CliResult; callbackUrl: string; callback: Response }> {
  let installUrl: string | undefined;
  const cli = runCli(
    ["shopify", "connect", "--tenant", e2e.tenantId, "--json", "--wait-seconds", "60", "-c", configPath],
    {
      env,
      timeoutMs: 120_000,
      onStdout: (chunk) => {
        const match = /"installUrl":"([^"]+)"/.exec(chunk);
        if (match) installUrl = JSON.parse(`"${match[1]}"`) as string;
      },
    },
  );
  await until(() => installUrl !== undefined, 60_000, "the install URL");
  const authorize = await fetch(installUrl!, { redirect: "manual" });
  if (authorize.status !== 302) throw new Error(`authorize answered ${authorize.status}`);
  const callbackUrl = authorize.headers.get("location")!;
  const callback = await fetch(callbackUrl);
  return { cli: await cli, callbackUrl, callback };
}
