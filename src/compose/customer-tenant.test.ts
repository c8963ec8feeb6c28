import { describe, expect, it } from "vitest";
import { parsedConfig, tenantConfig } from "../config/config-fixture.test-helper.js";
import type { ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import type { JdeCustomerCandidate } from "../customers/choose-customer.js";
import type { AisClient } from "../jde/ais-client.js";
import type { PostingPath } from "../jde/describe-posting-path.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createFakeClock } from "../shopify/fake-clock.test-helper.js";
import type { Store } from "../store/store.js";
import { type ClosableJdeCustomerPort, connectCustomerTenant } from "./customer-tenant.js";
import type { ShopifyTenant } from "./shopify-tenant.js";

const GID = "gid://shopify/Customer/7011234567890";
const ORCHESTRATION: PostingPath = { method: "orchestration", version: "v3", reason: "configured" };

/** A tenant with `customers` (prefix WEB) and the given posting method; F0101 by ALKY answers `byKey`. */
function setup(options: {
  method?: "auto" | "orchestration" | "ztable";
  path?: PostingPath;
  byKey?: Record<string, string[]>;
}) {
  const [configured] = parsedConfig(
    tenantConfig("acme", {
      customers: { genericAddressNumber: "4242", crossReference: { prefix: "WEB" } },
      jde: {
        ...tenantConfig("acme", {}).jde,
        posting: { method: options.method ?? "auto" },
        // Never opened here: the Z-table method needs the block to be valid.
        ...(options.method === "ztable" ? { database: { dialect: "sqlite", file: "unused.db" } } : {}),
      },
    }),
  ).tenants;
  const asked: string[][] = [];
  const port = {
    path: "orchestration",
    findByCrossReference: async (keys: readonly string[]) => {
      asked.push([...keys]);
      const found = new Map<string, JdeCustomerCandidate[]>();
      for (const key of keys) {
        const numbers = options.byKey?.[key] ?? [];
        found.set(
          key,
          numbers.map((addressNumber) => ({ addressNumber, searchType: "C", crossReference: key })),
        );
      }
      return found;
    },
  } as unknown as ClosableJdeCustomerPort;
  const customers = connectCustomerTenant(configured as unknown as ResolvedTenantConfig, {
    // The directory is built but not used here: the records look-up needs only the port.
    store: { customerLinks: {}, audit: {} } as unknown as Store,
    shopify: { customers: {} } as unknown as ShopifyTenant,
    ais: {} as AisClient,
    path: () => options.path,
    currency: () => ({ code: "USD", decimals: 2 }),
    deriveKey: () => Buffer.alloc(32, 7),
    createPort: () => port,
    clock: createFakeClock().clock,
  });
  if (!customers) throw new Error("expected a customer tenant");
  return { records: customers.records, asked };
}

describe("a customer tenant's JDE records (customers/redact)", () => {
  it("lists every F0101 record whose ALKY carries the customer's cross-reference with the tenant's prefix", async () => {
    const t = setup({ path: ORCHESTRATION, byKey: { WEB7011234567890: ["9001", "12"] } });
    expect(await t.records.addressNumbersOf(GID)).toEqual(["9001", "12"]);
    expect(t.asked).toEqual([["WEB7011234567890"]]);
  });

  it("asks JDE nothing for a GID that gives no cross-reference", async () => {
    const t = setup({ path: ORCHESTRATION });
    expect(await t.records.addressNumbersOf("gid://shopify/Customer/not-a-number")).toEqual([]);
    expect(t.asked).toEqual([]);
  });

  it("throws MLC_AIS_UNAVAILABLE while JDE's posting path is not known (the redaction records the gap)", async () => {
    const t = setup({});
    await expect(t.records.addressNumbersOf(GID)).rejects.toSatisfy(
      (error) => error instanceof ConnectorError && error.code === "MLC_AIS_UNAVAILABLE",
    );
  });

  it.each([
    ["the discovered path", { path: { method: "ztable", reason: "F0911Z1" } as PostingPath }, "ztable"],
    ["a configured method, before JDE was read", { method: "ztable" as const }, "ztable"],
    ["a configured orchestration", { method: "orchestration" as const }, "orchestration"],
    ["nothing while auto is undecided", { method: "auto" as const }, undefined],
  ])("tells the customer write path from %s", (_name, options, expected) => {
    expect(setup(options).records.writePath()).toBe(expected);
  });
});
