import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CustomerSettings } from "../customers/customer-settings.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { loadConfig, parseConfig } from "./load-config.js";

const tenantYaml = (extra = "") => `
tenants:
  - id: acme
    shopify: { shop: acme.myshopify.com, apiSecret: "\${env:ACME_SECRET}", accessToken: "\${env:ACME_TOKEN}" }
    jde: { aisUrl: "https://ais.acme.local:9300", username: SVC_SHOP, password: "\${file:SECRET_FILE}",
           environment: JPD920, deviceName: ml-connector-acme, company: 00100 }
    accounts:
      receivable: 100.1130
      clearing: { shopify_payments: 100.1115, default: 100.1118 }
      revenue: 100.4100
      discounts: 100.4150
      returns: 100.4160
      refundAdjustments: 100.4170
      shipping: 100.4300
      fees: 100.4500
      taxPayable: { default: 100.2110 }
      channelTax: 100.2115
      giftCardLiability: 100.2400
      storeCredit: 100.2410
      tips: 100.2450
      duties: 100.2460
      deferredRevenue: 100.2480
      rounding: 100.7990
${extra}`;

function writeConfig(text: string): { path: string; secretFile: string } {
  const dir = mkdtempSync(join(tmpdir(), "mlc-config-"));
  const secretFile = join(dir, "jde-password");
  writeFileSync(secretFile, "s3cret\n");
  const path = join(dir, "ml-connector.yaml");
  writeFileSync(path, text.replace("SECRET_FILE", secretFile));
  return { path, secretFile };
}

const env = { ACME_SECRET: "shh", ACME_TOKEN: "shpat_x" };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe("MLC_CONFIG_INVALID");
    return (error as ConnectorError).detail?.problems as string[];
  }
  throw new Error("expected the configuration to be refused");
}

describe("loadConfig", () => {
  it("reads the design's keys, resolves secret references and applies defaults", () => {
    const { path } = writeConfig(tenantYaml());
    const config = loadConfig(path, env);
    const tenant = config.tenants[0]!;
    expect(tenant.shopify.apiSecret).toBe("shh");
    expect(tenant.jde.password).toBe("s3cret");
    expect(tenant.jde.posting.batch).toEqual({ maxDocuments: 100, maxWaitMs: 2000 });
    expect(config.store.url).toBe("sqlite:./data/ml-connector.db");
    expect(config.server.port).toBe(8080);
    expect(Object.isFrozen(tenant.accounts)).toBe(true);
  });

  it("keeps account keys and company numbers as written, not as YAML numbers", () => {
    const { path } = writeConfig(tenantYaml());
    const tenant = loadConfig(path, env).tenants[0]!;
    expect(tenant.accounts.receivable).toBe("100.1130");
    expect(tenant.accounts.rounding).toBe("100.7990");
    expect(tenant.jde.company).toBe("00100");
  });

  it("reports every problem at once, each with its path, including unknown keys and missing secrets", () => {
    const { path } = writeConfig(tenantYaml("    discounts: sometimes\n    colour: blue\n"));
    const problems = problemsOf(() => loadConfig(path, { ACME_SECRET: "shh" }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("tenants.0.shopify.accessToken: environment variable ACME_TOKEN is not set"),
        expect.stringMatching(/^tenants\.0\.discounts: /),
        expect.stringContaining("tenants.0: unknown key(s) colour"),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses a malformed account key and a clearing map without a default", () => {
    const text = tenantYaml()
      .replace("revenue: 100.4100", "revenue: 4100")
      .replace(", default: 100.1118", "");
    const { path } = writeConfig(text);
    const problems = problemsOf(() => loadConfig(path, env));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("tenants.0.accounts.revenue: expected BU.OBJ[.SUB]"),
        expect.stringContaining("tenants.0.accounts.clearing: needs a `default` entry"),
      ]),
    );
  });

  it("refuses two tenants on the same shop", () => {
    const { path } = writeConfig(tenantYaml());
    const single = loadConfig(path, env);
    const twice = { tenants: [single.tenants[0], { ...single.tenants[0], id: "other" }] };
    expect(problemsOf(() => parseConfig(twice, env))).toEqual([
      expect.stringContaining("tenants.1.shopify.shop: shop also used"),
    ]);
  });

  it("refuses a schedule that is not a cron expression, and accepts one with seconds", () => {
    const { path } = writeConfig(tenantYaml());
    const tenant = loadConfig(path, env).tenants[0]!;
    const withSchedule = (schedule: object) => ({ tenants: [{ ...tenant, schedule }] });
    expect(problemsOf(() => parseConfig(withSchedule({ sweep: "every ten minutes" }), env))).toEqual([
      expect.stringContaining("tenants.0.schedule.sweep: expected a cron expression"),
    ]);
    expect(parseConfig(withSchedule({ sweep: "*/3 * * * * *" }), env).tenants[0]?.schedule.sweep).toBe(
      "*/3 * * * * *",
    );
  });

  it("names the file it cannot read", () => {
    expect(() => loadConfig("/nonexistent/ml-connector.yaml", env)).toThrow(
      /cannot read configuration \/nonexistent/,
    );
  });

  it("accepts the shipped example configuration", () => {
    const env = { ACME_JDE: "pw", ACME_SECRET: "shh", ACME_TOKEN: "shpat_x" };
    const config = loadConfig(join(import.meta.dirname, "../../ml-connector.example.yaml"), env);
    expect(config.tenants[0]?.jde).toMatchObject({
      referenceRefreshMs: 900_000,
      circuitBreaker: { failures: 3, maxOpenMs: 60_000 },
      ztable: { processorIntervalMs: 300_000, failAfterCycles: 3 },
    });
    expect(config.tenants[0]?.jde.database).toBeUndefined();
  });
});

describe("the customers block", () => {
  const { path } = writeConfig(tenantYaml());
  const tenant = loadConfig(path, env).tenants[0]!;
  const withCustomers = (customers: object) => ({ tenants: [{ ...tenant, customers }] });
  const customersOf = (customers: object) => parseConfig(withCustomers(customers), env).tenants[0]?.customers;

  it("is optional: without it the tenant has no customer settings (no AN8 on any line)", () => {
    expect(tenant.customers).toBeUndefined();
  });

  it("needs only the generic customer and fills in the contract's defaults", () => {
    const customers = customersOf({ genericAddressNumber: "4242" });
    expect(customers).toEqual({
      sync: "all",
      genericAddressNumber: "4242",
      excludeTags: [],
      crossReference: { field: "ALKY", prefix: "SH" },
      ownedFields: ["name", "address", "email", "phone"],
      defaults: { businessUnit: "", paymentTerms: "", arClass: "", taxArea: "" },
      batch: { maxCustomers: 50, maxWaitMs: 200 },
      ztable: { addressNumbers: { mode: "link-later" } },
    });
    // The customer rules read the parsed block as it is.
    const settings: CustomerSettings | undefined = customers;
    expect(settings?.genericAddressNumber).toBe("4242");
  });

  it("reads a full block from YAML, numbers as written", () => {
    const yaml = `    customers:
      sync: all
      genericAddressNumber: 0004242
      excludeTags: [wholesale, " staff "]
      crossReference: { field: ALKY, prefix: SHP }
      ownedFields: [name, email]
      defaults: { businessUnit: "100", paymentTerms: N30, arClass: TRD, taxArea: CA, creditLimit: 5000 }
      batch: { maxCustomers: 500, maxWaitMs: 0 }
      ztable: { addressNumbers: { mode: range, from: 10000000, to: 10999999 } }
`;
    const customers = loadConfig(writeConfig(tenantYaml(yaml)).path, env).tenants[0]?.customers;
    expect(customers).toMatchObject({
      genericAddressNumber: "4242",
      excludeTags: ["wholesale", "staff"],
      crossReference: { prefix: "SHP" },
      ownedFields: ["name", "email"],
      defaults: {
        businessUnit: "100",
        paymentTerms: "N30",
        arClass: "TRD",
        taxArea: "CA",
        creditLimit: 5000,
      },
      batch: { maxCustomers: 500, maxWaitMs: 0 },
      ztable: { addressNumbers: { mode: "range", from: 10_000_000, to: 10_999_999 } },
    });
  });

  it("requires the generic customer, even with sync none (guests exist)", () => {
    expect(problemsOf(() => parseConfig(withCustomers({ sync: "none" }), env))).toEqual([
      "tenants.0.customers.genericAddressNumber: required: the generic (web) customer's address number",
    ]);
  });

  it.each([
    [
      { genericAddressNumber: "123456789" },
      "customers.genericAddressNumber: expected an address number of at most 8 digits",
    ],
    [{ genericAddressNumber: "0" }, "customers.genericAddressNumber: an address number is never 0"],
    [
      { genericAddressNumber: 42 },
      "customers.genericAddressNumber: expected an address number of at most 8 digits",
    ],
    [{ genericAddressNumber: "42", sync: "some" }, "customers.sync: "],
    [{ genericAddressNumber: "42", crossReference: { field: "TAX" } }, "customers.crossReference.field: "],
    [
      { genericAddressNumber: "42", crossReference: { prefix: "SHOPIFY" } },
      "customers.crossReference.prefix: the prefix and a 16-digit customer id must fit ALKY's 20 characters: at most 4 characters",
    ],
    [
      { genericAddressNumber: "42", crossReference: { prefix: "S H" } },
      "customers.crossReference.prefix: expected letters",
    ],
    [{ genericAddressNumber: "42", ownedFields: ["name", "tax"] }, "customers.ownedFields.1: "],
    [
      { genericAddressNumber: "42", ownedFields: ["name", "name"] },
      "customers.ownedFields: a field group is listed twice",
    ],
    [
      { genericAddressNumber: "42", defaults: { paymentTerms: "NET30" } },
      "customers.defaults.paymentTerms: paymentTerms (TRAR) is at most 3 characters",
    ],
    [
      { genericAddressNumber: "42", defaults: { businessUnit: "1234567890123" } },
      "customers.defaults.businessUnit: businessUnit (MCU) is at most 12",
    ],
    [
      { genericAddressNumber: "42", defaults: { creditLimit: "12.5" } },
      "customers.defaults.creditLimit: expected a whole credit limit",
    ],
    [{ genericAddressNumber: "42", batch: { maxCustomers: "501" } }, "customers.batch.maxCustomers: "],
    [{ genericAddressNumber: "42", batch: { maxCustomers: "0" } }, "customers.batch.maxCustomers: "],
    [
      { genericAddressNumber: "42", ztable: { addressNumbers: { mode: "range", from: "2000", to: "1000" } } },
      "customers.ztable.addressNumbers.to: the range's `from` must not be above its `to`",
    ],
    [
      {
        genericAddressNumber: "42",
        ztable: { addressNumbers: { mode: "range", from: "1", to: "100000000" } },
      },
      "customers.ztable.addressNumbers.to: an address number has at most 8 digits",
    ],
    [
      { genericAddressNumber: "42", ztable: { addressNumbers: { mode: "range", from: "0", to: "10" } } },
      "customers.ztable.addressNumbers.from: an address number is never 0",
    ],
    [
      { genericAddressNumber: "42", ztable: { addressNumbers: { mode: "range", from: "1" } } },
      "customers.ztable.addressNumbers.to: ",
    ],
    [
      { genericAddressNumber: "42", ztable: { addressNumbers: { mode: "next-numbers" } } },
      "customers.ztable.addressNumbers.mode: ",
    ],
    [{ genericAddressNumber: "42", colour: "blue" }, "customers: unknown key(s) colour"],
  ])("refuses %j with a clear message", (customers, message) => {
    expect(problemsOf(() => parseConfig(withCustomers(customers), env))).toEqual([
      expect.stringContaining(`tenants.0.${message}`),
    ]);
  });

  it("reports every problem of the block at once", () => {
    const customers = { genericAddressNumber: "x", sync: "some", batch: { maxCustomers: "0" } };
    expect(problemsOf(() => parseConfig(withCustomers(customers), env))).toHaveLength(3);
  });
});
