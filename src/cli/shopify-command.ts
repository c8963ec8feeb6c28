import { connectShop } from "../compose/shopify-connect.js";
import { loadConfig } from "../config/load-config.js";
import { systemClock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createLogger } from "../lib/logger.js";
import { readSecretValue } from "./secrets-command.js";

export interface ShopifyConnectOptions {
  config: string;
  tenant: string;
  tokenStdin: boolean;
  migrateToExpiring: boolean;
  waitSeconds: number;
  json: boolean;
}

/** `ml-connector shopify connect`: store the tenant's token by its grant and show what was granted. */
export async function runShopifyConnectCommand(options: ShopifyConnectOptions): Promise<void> {
  try {
    const config = loadConfig(options.config);
    const staticToken = options.tokenStdin ? await readSecretValue("the Admin API access token") : undefined;
    const result = await connectShop({
      config,
      tenantId: options.tenant,
      clock: systemClock,
      log: createLogger({ level: "warn", destination: process.stderr }),
      staticToken,
      migrateToExpiring: options.migrateToExpiring,
      waitTimeoutMs: options.waitSeconds * 1000,
      onInstallUrl: (url) => {
        // The URL carries only the client id, scopes, callback and a one-time state: no secret.
        if (options.json) console.log(JSON.stringify({ installUrl: url }));
        else
          console.log(
            `Open this URL as the shop's owner and approve the app:\n  ${url}\nWaiting for Shopify's callback…`,
          );
      },
    });
    if (options.json) {
      console.log(JSON.stringify(result));
    } else {
      console.log(
        `connected ${result.tenant} to ${result.shop} (${result.grant}, currency ${result.currency})`,
      );
      console.log(`  token expires: ${result.accessExpiresAt ?? "never"}`);
      console.log(`  scopes granted: ${result.scopes.join(", ") || "(none reported)"}`);
      for (const { scope, consequence } of result.missingScopes)
        console.log(`  ! ${scope} not granted: ${consequence}`);
    }
    process.exitCode = result.missingScopes.some((m) => m.scope === "read_orders") ? 1 : 0;
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    console.error(`ml-connector: ${error.code}: ${error.message}`);
    process.exitCode = 1;
  }
}
