import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CUSTOMERS, parsedConfig, tenantConfig } from "../config/config-fixture.test-helper.js";
import type { ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createSilentLogger } from "../lib/logger.js";
import { createFakeClock } from "../shopify/fake-clock.test-helper.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { startRunningTenant } from "./running-tenant.js";
import type { ShopifyTenant } from "./shopify-tenant.js";

// Nothing listens here: JDE is down (retryable), so the tenant starts, not ready.
const JDE_DOWN = { aisUrl: "http://127.0.0.1:1", username: "SVC_SHOP", password: "pw" };

describe("startRunningTenant's customers", () => {
  let store: Store;
  const fake = createFakeClock(Date.UTC(2026, 10, 27, 12));
  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock: fake.clock });
    await store.migrate();
  });
  afterEach(async () => store.close());

  async function start(extra: object) {
    const base = tenantConfig("acme", {});
    const [tenant] = parsedConfig(
      tenantConfig("acme", { ...extra, jde: { ...base.jde, ...JDE_DOWN } }),
    ).tenants;
    // A shop not connected yet: the service waits for the operator instead of refusing to start.
    const shopify = {
      client: {
        query: async () => {
          throw new ConnectorError("MLC_SHOPIFY_NOT_CONNECTED", "no token stored yet");
        },
      },
      customers: {},
      orders: {},
      token: { forget() {} },
    } as unknown as ShopifyTenant;
    const started = await startRunningTenant(tenant as unknown as ResolvedTenantConfig, {
      store,
      shopify,
      wakeRunner: () => undefined,
      log: createSilentLogger(),
      clock: fake.clock,
      jdeCustomerPort: () => {
        throw new Error("no JDE customer port is opened here");
      },
      deriveKey: () => Buffer.alloc(32, 7),
    });
    await started.tenant.ais.close();
    return started;
  }

  it.each([
    ["no customers block", {}, { directory: false, records: false, orderCustomers: false }],
    ["sync: all", CUSTOMERS, { directory: true, records: true, orderCustomers: true }],
    // Its orders still take the generic customer's AN8.
    [
      "sync: none",
      { customers: { ...CUSTOMERS.customers, sync: "none" } },
      { directory: false, records: true, orderCustomers: true },
    ],
    // A summary tenant syncs no customers: the customer-sync jobs and the pending-link check find no
    // directory, and its summaries carry no AN8; the records a redaction lists stay.
    [
      "summary: daily",
      { ...CUSTOMERS, summary: "daily" },
      { directory: false, records: true, orderCustomers: false },
    ],
  ])("with %s", async (_name, extra, expected) => {
    const { tenant, sync } = await start(extra);
    expect({
      directory: tenant.customers !== undefined,
      records: tenant.customerRecords !== undefined,
      orderCustomers: sync.customers !== undefined,
    }).toEqual(expected);
  });
});
