import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../sim/jde/index.js";
import { type ShopifySimulator, startShopifySimulator } from "../sim/shopify/index.js";
import { CUSTOMERS, tenantConfig } from "./config/config-fixture.test-helper.js";
import { parseConfig } from "./config/load-config.js";
import { testConnections } from "./connect.js";
import { systemClock } from "./lib/clock.js";
import { createSilentLogger } from "./lib/logger.js";

let jde: JdeSimulator;
let shopify: ShopifySimulator;
let dir: string;

const shop = (id: string) => ({
  domain: `${id}.myshopify.com`,
  accessToken: `shpat_${id}`,
  apiSecret: `secret_${id}`,
  currency: "USD",
  timezone: "America/Chicago",
  taxesIncluded: false,
});

beforeAll(async () => {
  // The customer orchestration is not deployed: a tenant that syncs customers fails its customers item.
  jde = await startJdeSimulator({
    processorIntervalMs: 3_600_000,
    orchestrations: ["MLC_JournalEntryBatch"],
  });
  shopify = await startShopifySimulator({ shops: [shop("daily"), shop("perorder")] });
  dir = mkdtempSync(join(tmpdir(), "mlc-connect-unit-"));
});
afterAll(async () => {
  await jde.close();
  await shopify.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A tenant of the simulators, with the default JDE seed's password. */
function simTenant(id: string, extra: object) {
  const base = tenantConfig(id, extra);
  return {
    ...base,
    shopify: {
      ...base.shopify,
      adminUrl: shopify.url,
      apiSecret: `secret_${id}`,
      accessToken: `shpat_${id}`,
    },
    jde: { ...base.jde, aisUrl: jde.url, password: "demo_password" },
  };
}

describe("connect test: customers of a summary tenant", () => {
  it("says the customers are not synced (summary: daily) instead of checking their JDE write path", async () => {
    const config = parseConfig(
      {
        store: { url: `sqlite:${join(dir, "absent.db")}` },
        tenants: [
          simTenant("daily", { ...CUSTOMERS, summary: "daily" }),
          simTenant("perorder", { ...CUSTOMERS }),
        ],
      },
      {},
    );
    const report = await testConnections({ config, log: createSilentLogger(), clock: systemClock });
    const [daily, perOrder] = report.tenants;

    const ids = daily?.jde.items.map((item) => item.id) ?? [];
    expect(ids.slice(-2)).toEqual(["customers", "logout"]);
    expect(daily?.jde.items.find((item) => item.id === "customers")).toEqual({
      id: "customers",
      title: "Customers: write path and generic customer",
      status: "warning",
      detail:
        "customers are not synced: the tenant posts daily summaries (summary: daily), whose lines carry no customer",
      hint: "remove the tenant's customers block, or set summary: none to post each order on its customer's address number",
    });
    expect(daily?.jde.items.filter((item) => item.status === "failed")).toEqual([]);
    // The same block on a per-order tenant is checked, and the missing customer orchestration fails it.
    expect(perOrder?.jde.items.find((item) => item.id === "customers")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("MLC_CustomerUpsert is not deployed"),
    });
  });
});
