import type { Config } from "../../config/config-schema.js";
import { parseConfig } from "../../config/load-config.js";
import { DEMO_ACCOUNTS, DEMO_RULES } from "./expected-ledger.js";

export const DEMO_SHOP_DOMAIN = "demo-shop.myshopify.com";
export const DEMO_TOKEN = "shpat_demo_token";
export const DEMO_SECRET = "demo_api_secret";
export const DEMO_JDE_USER = { username: "SVC_SHOP", password: "demo_password" };

/** The demo tenant: the Shopify and JDE simulators, the embedded SQLite store. */
export function demoConfig(input: {
  shopifyUrl: string;
  aisUrl: string;
  storeUrl: string;
  port: number;
}): Readonly<Config> {
  return parseConfig({
    server: { port: input.port, host: "127.0.0.1" },
    store: { url: input.storeUrl },
    logLevel: "warn",
    worker: { concurrency: 8, leaseMs: 30_000, pollIntervalMs: 50 },
    tenants: [
      {
        id: "demo",
        shopify: {
          shop: DEMO_SHOP_DOMAIN,
          adminUrl: input.shopifyUrl,
          apiSecret: DEMO_SECRET,
          accessToken: DEMO_TOKEN,
        },
        jde: {
          aisUrl: input.aisUrl,
          username: DEMO_JDE_USER.username,
          password: DEMO_JDE_USER.password,
          environment: "JPD920",
          deviceName: "ml-connector-demo",
          company: "00100",
          posting: { batch: { maxDocuments: 100, maxWaitMs: 200 }, confirmIntervalMs: 250 },
        },
        accounts: DEMO_ACCOUNTS,
        rules: DEMO_RULES,
      },
    ],
  });
}
