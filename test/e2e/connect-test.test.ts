import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import { type ShopifySimulator, type SimShopConfig, startShopifySimulator } from "../../sim/shopify/index.js";
import { CORE_WEBHOOK_TOPICS } from "../../src/shopify/webhook-subscriptions.js";
import { openStore } from "../../src/store/open-store.js";
import { sqliteMigrations } from "../../src/store/sqlite/sqlite-migrations.js";
import { runCli } from "../support/run-cli.js";

const PASSWORD = "demo_password";
const PUBLIC_URL = "http://127.0.0.1:8080";

/** A shop of the Shopify simulator, its static token `shpat_{name}`. */
function simShop(name: string, extra: Partial<SimShopConfig> = {}): SimShopConfig {
  return {
    domain: `${name}.myshopify.com`,
    accessToken: `shpat_${name}`,
    apiSecret: `secret_${name}`,
    currency: "USD",
    timezone: "America/Chicago",
    taxesIncluded: false,
    ...extra,
  };
}

/** The connector's store `{name}.db` and key file in `dir`, its public URL, then the tenants. */
function configYaml(name: string, tenants: string[]): string {
  return `logLevel: info
server: { publicUrl: "${PUBLIC_URL}" }
store: { url: "sqlite:${join(dir, `${name}.db`)}" }
security: { masterKeyFile: "${join(dir, "master.key")}" }
tenants:${tenants.join("")}`;
}

/**
 * A tenant block in the README's YAML shape; the password comes from an environment variable. The
 * shop is the simulator's, with its static token unless `access` says otherwise.
 */
function tenantYaml(
  id: string,
  urls: { aisUrl: string; adminUrl: string },
  extra = "",
  access = `accessToken: shpat_${id}`,
): string {
  const { aisUrl, adminUrl } = urls;
  return `
  - id: ${id}
    shopify: { shop: ${id}.myshopify.com, adminUrl: "${adminUrl}", apiSecret: secret_${id}, ${access} }
    jde: { aisUrl: "${aisUrl}", username: SVC_SHOP, password: "\${env:MLC_E2E_JDE_PASSWORD_${id.toUpperCase()}}",
           environment: JPD920, deviceName: ml-connector-${id}, company: 00100 }
    accounts:
      receivable: 100.1130
      clearing: { shopify_payments: 100.1115, paypal: 100.1116, default: 100.1118 }
      revenue: 100.4100
      discounts: 100.4150
      returns: 100.4160
      refundAdjustments: 100.4170
      shipping: 100.4300
      fees: 100.4500
      taxPayable: { default: 100.2110, "CA State Tax": 100.2111 }
      channelTax: 100.2115
      giftCardLiability: 100.2400
      storeCredit: 100.2410
      tips: 100.2450
      duties: 100.2460
      deferredRevenue: 100.2480
      rounding: 100.7990
${extra}`;
}

interface Section {
  connection: Record<string, string>;
  items: { id: string; status: string; detail: string; hint?: string }[];
  facts: Record<string, unknown>;
}

interface JsonReport {
  ok: boolean;
  store: { location: string; items: Section["items"] };
  tenants: { tenant: string; ok: boolean; jde: Section; shopify: Section }[];
}

let sim: JdeSimulator;
let shopify: ShopifySimulator;
let dir: string;

beforeAll(async () => {
  sim = await startJdeSimulator({ processorIntervalMs: 3_600_000 });
  shopify = await startShopifySimulator({
    shops: [
      simShop("acme"),
      simShop("beta"),
      simShop("scopes", { scopes: ["read_orders", "read_all_orders", "read_products", "read_locations"] }),
      simShop("euro", { currency: "EUR", timezone: "Europe/Berlin" }),
      simShop("refused"),
      simShop("oauth", { clientCredentials: true }),
    ],
  });
  // acme's shop-specific subscriptions exist, as the running service would have created them.
  for (const topic of CORE_WEBHOOK_TOPICS) {
    shopify.subscriptions.create({
      shop: "acme.myshopify.com",
      topic,
      uri: `${PUBLIC_URL}/webhooks/shopify`,
    });
  }
  dir = mkdtempSync(join(tmpdir(), "mlc-connect-"));
});
afterAll(async () => {
  await sim.close();
  await shopify.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("ml-connector connect test (e2e)", () => {
  let configFile: string;
  const env = { MLC_E2E_JDE_PASSWORD_ACME: PASSWORD, MLC_E2E_JDE_PASSWORD_BETA: "wrong_password" };

  beforeAll(() => {
    const urls = { aisUrl: sim.url, adminUrl: shopify.url };
    const rules = `    rules:
      - match: { location: "Reno DC" }
        costCenter: "140"
      - match: { location: "Closed Store" }
        costCenter: "190"
`;
    configFile = join(dir, "ml-connector.yaml");
    writeFileSync(configFile, configYaml("jde", [tenantYaml("acme", urls), tenantYaml("beta", urls, rules)]));
  });

  it("prints one JSON document and exits 0 when every item of the tenant passes", async () => {
    const result = await runCli(["connect", "test", "-c", configFile, "--tenant", "acme", "--json"], { env });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.ok).toBe(true);
    expect(report.tenants.map((t) => t.tenant)).toEqual(["acme"]);
    const [acme] = report.tenants;
    expect(acme?.jde.connection).toEqual({
      aisUrl: sim.url,
      username: "SVC_SHOP",
      environment: "JPD920",
      role: "*ALL",
      deviceName: "ml-connector-acme",
      company: "00100",
    });
    expect(acme?.jde.items.map((item) => item.status)).toEqual(Array(13).fill("ok"));
    expect(acme?.jde.facts).toMatchObject({ toolsRelease: "9.2.8.3", currency: "USD", decimals: 2 });
    expect(acme?.shopify.connection).toEqual({
      shop: "acme.myshopify.com",
      adminUrl: shopify.url,
      apiVersion: "2026-10",
      grant: "static",
    });
    expect(acme?.shopify.items.map((item) => `${item.id}:${item.status}`)).toEqual([
      "shop-reachable:ok",
      "token-valid:ok",
      "scopes-granted:ok",
      "api-version:ok",
      "webhook-subscriptions:ok",
      "shop-currency:ok",
    ]);
    expect(acme?.shopify.facts).toMatchObject({
      shopDomain: "acme.myshopify.com",
      currency: "USD",
      timezone: "America/Chicago",
      bucket: { maximumAvailable: 2000, restoreRate: 100 },
      grantedScopes: expect.arrayContaining(["read_orders", "read_all_orders", "read_customers"]),
      missingScopes: [],
      token: { grant: "static", expiresAt: null, refreshTokenExpiresAt: null },
      apiVersion: { configured: "2026-10", served: "2026-10" },
      webhookSubscriptions: { uri: `${PUBLIC_URL}/webhooks/shopify`, missing: [] },
    });
    expect(result.stdout).not.toContain(PASSWORD);
    expect(result.stdout).not.toContain("shpat_");
    // No store yet: the check creates none, and no key file either.
    expect(report.store).toEqual({
      location: `sqlite:${join(dir, "jde.db")}`,
      items: [
        {
          id: "store-schema",
          title: "Store schema matches this build",
          status: "skipped",
          detail: `not run: no store yet at ${join(dir, "jde.db")} (\`ml-connector serve\` creates it); nothing is stored, so the checks below use the configuration alone`,
        },
      ],
    });
    expect(existsSync(join(dir, "jde.db"))).toBe(false);
    expect(existsSync(join(dir, "master.key"))).toBe(false);
  });

  it("checks every tenant by default, prints the checklist with hints, and exits 1 on a failure", async () => {
    const result = await runCli(["connect", "test", "--config", configFile], { env });
    expect(result.code, result.stderr).toBe(1);
    const out = result.stdout;
    expect(out).toMatch(
      new RegExp(
        `^Store — sqlite:${join(dir, "jde.db")}\n {2}– Store schema matches this build: not run: no store yet`,
      ),
    );
    expect(out).toContain("Tenant acme — JD Edwards");
    expect(out).toContain("Tenant beta — JD Edwards");
    expect(out).toMatch(/ {2}✓ AIS Server reachable: defaultconfig answered: EnterpriseOne 9\.2\.8\.3/);
    expect(out).toMatch(/ {2}✗ Login \(token request\): MLC_AIS_CREDENTIALS: .*\n {6}→ AIS refused SVC_SHOP/);
    expect(out).toMatch(/ {2}– Company in F0010: not run: the login failed/);
    expect(out).toContain("Tenant acme — Shopify");
    expect(out).toContain(
      `  acme.myshopify.com · ${shopify.url} · API 2026-10 · grant static · currency USD · timezone America/Chicago`,
    );
    expect(out).toMatch(/ {2}✓ Access token valid: the shop answered as acme\.myshopify\.com; static token/);
    expect(out).toMatch(
      / {2}! Webhook subscriptions present: 14 of 14 topics are not subscribed .*\n {6}→ the running service re-creates them/,
    );
    expect(out).toMatch(
      / {2}– Shop currency equals the JDE company currency: not run: JDE company 00100's currency is unknown/,
    );
    expect(out).toContain("  PASSED: 19 ok, 0 warnings, 0 failed, 0 skipped");
    expect(out).toMatch(/ {2}FAILED: 6 ok, 1 warning, 1 failed, 11 skipped/);
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain("wrong_password");
    expect(out).not.toContain("shpat_");
  });

  it("names the accounts a revenue rule produces in a non-posting business unit", async () => {
    const result = await runCli(["connect", "test", "-c", configFile, "--tenant", "beta", "--json"], {
      env: { ...env, MLC_E2E_JDE_PASSWORD_BETA: PASSWORD },
    });
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    const failed = report.tenants[0]?.jde.items.filter((item) => item.status === "failed") ?? [];
    expect(failed.map((item) => item.id)).toEqual([
      "account:190.4100",
      "account:190.4150",
      "account:190.4160",
      "account:190.4300",
      "account:190.4170",
    ]);
    expect(failed[0]?.detail).toBe(
      "account 190.4100: business unit 190 does not accept postings in JDE company 00100; configured as rules[1] revenue",
    );
  });

  it("refuses an unknown tenant with exit code 1", async () => {
    const result = await runCli(["connect", "test", "-c", configFile, "--tenant", "nope"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("MLC_CONFIG_INVALID: tenant nope is not configured");
    expect(result.stdout).toBe("");
  });
});

describe("ml-connector connect test, Shopify part (e2e)", () => {
  let report: JsonReport;
  let stdout: string;
  const itemsOf = (tenant: string) => report.tenants.find((t) => t.tenant === tenant)?.shopify.items ?? [];
  const item = (tenant: string, id: string) => itemsOf(tenant).find((candidate) => candidate.id === id);

  beforeAll(async () => {
    const urls = { aisUrl: sim.url, adminUrl: shopify.url };
    const configFile = join(dir, "shopify.yaml");
    const tenants = [
      tenantYaml("scopes", urls),
      tenantYaml("euro", urls),
      // The simulator knows no such token: it answers 401, as Shopify does for a revoked one.
      tenantYaml("refused", urls, "", "accessToken: shpat_wrong_token"),
      tenantYaml("oauth", urls, "", "auth: { grant: client-credentials, clientId: client-oauth }"),
    ];
    writeFileSync(configFile, configYaml("shopify", tenants));
    const env = Object.fromEntries(
      ["SCOPES", "EURO", "REFUSED", "OAUTH"].map((id) => [`MLC_E2E_JDE_PASSWORD_${id}`, PASSWORD]),
    );
    const result = await runCli(["connect", "test", "-c", configFile, "--json"], { env });
    expect(result.code, result.stderr).toBe(1);
    stdout = result.stdout;
    report = JSON.parse(stdout) as JsonReport;
  });

  it("fails the token the shop refuses, with the hint to connect again, and skips what needs it", () => {
    expect(itemsOf("refused").map((i) => `${i.id}:${i.status}`)).toEqual([
      "shop-reachable:ok",
      "token-valid:failed",
      "scopes-granted:skipped",
      "api-version:ok",
      "webhook-subscriptions:skipped",
      "shop-currency:skipped",
    ]);
    expect(item("refused", "shop-reachable")?.detail).toBe(`${shopify.url} answered HTTP 401`);
    expect(item("refused", "token-valid")).toMatchObject({
      detail: "MLC_SHOPIFY_UNAUTHORIZED: Shopify refused the access token (401)",
      hint: expect.stringContaining("run `ml-connector shopify connect --tenant refused --token-stdin`"),
    });
    expect(report.tenants.find((t) => t.tenant === "refused")?.ok).toBe(false);
    expect(stdout).not.toContain("shpat_");
  });

  it("warns about each scope not granted, with what its absence costs", () => {
    expect(item("scopes", "scopes-granted")).toMatchObject({
      status: "warning",
      detail:
        "not granted: read_customers (orders are posted without customer detail); read_shopify_payments_payouts (payouts cannot be reconciled); granted: read_orders, read_all_orders, read_products, read_locations",
    });
    const scopes = report.tenants.find((t) => t.tenant === "scopes");
    expect(scopes?.shopify.facts).toMatchObject({
      missingScopes: ["read_customers", "read_shopify_payments_payouts"],
    });
    // Warnings only (scopes, subscriptions): the tenant passes.
    expect(scopes?.ok).toBe(true);
  });

  it("fails a shop whose currency is not the JDE company's", () => {
    expect(item("euro", "shop-currency")).toMatchObject({
      status: "failed",
      detail: "the shop sells in EUR, JDE company 00100 keeps its books in USD",
      hint: expect.stringContaining("MLC_CURRENCY_MISMATCH"),
    });
    expect(report.tenants.find((t) => t.tenant === "euro")?.shopify.facts).toMatchObject({
      currency: "EUR",
      timezone: "Europe/Berlin",
    });
  });

  it("shows when a client-credentials token (~24 h) expires and that a new one was obtained, without printing it", () => {
    const token = item("oauth", "token-valid");
    expect(token?.status).toBe("ok");
    expect(token?.detail).toMatch(
      /^the shop answered as oauth\.myshopify\.com; client-credentials token, expires \S+Z \(in 24 h\); renewed 300 s before it expires with the client credentials; a new one was obtained during this test, so renewal works$/,
    );
    const facts = report.tenants.find((t) => t.tenant === "oauth")?.shopify.facts;
    expect(facts).toMatchObject({ token: { grant: "client-credentials", refreshTokenExpiresAt: null } });
    const expiresAt = (facts?.token as { expiresAt?: string } | undefined)?.expiresAt ?? "";
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect(stdout).not.toMatch(/"(accessToken|refreshToken|access_token)"/);
  });
});

describe("ml-connector connect test and the store's schema (e2e)", () => {
  const env = { MLC_E2E_JDE_PASSWORD_ACME: PASSWORD };
  const all = Object.keys(sqliteMigrations).sort();
  let storePath: string;
  let configFile: string;

  /** The migration table and the tables, read beside the connector. */
  function schemaOf(path: string): { migrations: unknown[]; tables: unknown[] } {
    const database = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      return {
        migrations: database.prepare("select name, timestamp from kysely_migration order by name").all(),
        tables: database.prepare("select name from sqlite_master where type = 'table' order by name").all(),
      };
    } finally {
      database.close();
    }
  }

  beforeAll(async () => {
    // What the previous build left: every migration but this build's last.
    storePath = join(dir, "behind.db");
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(storePath) }),
    });
    try {
      const provider = { getMigrations: async () => sqliteMigrations };
      const { error } = await new Migrator({ db, provider }).migrateTo(all[all.length - 2]!);
      if (error !== undefined) throw error;
    } finally {
      await db.destroy();
    }
    configFile = join(dir, "behind.yaml");
    const urls = { aisUrl: sim.url, adminUrl: shopify.url };
    writeFileSync(configFile, configYaml("behind", [tenantYaml("acme", urls)]));
  });

  it("reports a schema behind this build as a warning and leaves it as it is", async () => {
    const before = schemaOf(storePath);
    expect(before.migrations).toHaveLength(all.length - 1);

    const result = await runCli(["connect", "test", "-c", configFile, "--json"], { env });

    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.ok).toBe(true);
    expect(report.store.items).toEqual([
      {
        id: "store-schema",
        title: "Store schema matches this build",
        status: "warning",
        detail: `behind this build: 1 migration not applied (${all[all.length - 1]}); this check does not migrate, it read the store as it is`,
        hint: expect.stringContaining("`ml-connector serve` with this build applies them when it starts"),
      },
    ]);
    expect(report.tenants[0]?.jde.items.every((item) => item.status === "ok")).toBe(true);
    expect(schemaOf(storePath)).toEqual(before);
  });

  it("says the schema is up to date once the service migrated it", async () => {
    const store = await openStore(`sqlite:${storePath}`);
    await store.migrate();
    await store.close();

    const result = await runCli(["connect", "test", "-c", configFile], { env });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `  ✓ Store schema matches this build: up to date (${all.length} migrations applied)`,
    );
  });
});
