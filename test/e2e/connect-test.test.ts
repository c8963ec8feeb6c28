import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import { runCli } from "../support/run-cli.js";

const PASSWORD = "demo_password";

/** A tenant block in the README's YAML shape; the password comes from an environment variable. */
function tenantYaml(id: string, aisUrl: string, extra = ""): string {
  return `
  - id: ${id}
    shopify: { shop: ${id}.myshopify.com, apiSecret: secret_${id}, accessToken: shpat_${id} }
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

interface JsonReport {
  ok: boolean;
  tenants: {
    tenant: string;
    ok: boolean;
    jde: {
      connection: Record<string, string>;
      items: { id: string; status: string; detail: string; hint?: string }[];
      facts: Record<string, unknown>;
    };
  }[];
}

describe("ml-connector connect test (e2e)", () => {
  let sim: JdeSimulator;
  let dir: string;
  let configFile: string;
  const env = { MLC_E2E_JDE_PASSWORD_ACME: PASSWORD, MLC_E2E_JDE_PASSWORD_BETA: "wrong_password" };

  beforeAll(async () => {
    sim = await startJdeSimulator({ processorIntervalMs: 3_600_000 });
    dir = mkdtempSync(join(tmpdir(), "mlc-connect-"));
    configFile = join(dir, "ml-connector.yaml");
    const rules = `    rules:
      - match: { location: "Reno DC" }
        costCenter: "140"
      - match: { location: "Closed Store" }
        costCenter: "190"
`;
    writeFileSync(
      configFile,
      `logLevel: info\ntenants:${tenantYaml("acme", sim.url)}${tenantYaml("beta", sim.url, rules)}`,
    );
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
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
    expect(result.stdout).not.toContain(PASSWORD);
  });

  it("checks every tenant by default, prints the checklist with hints, and exits 1 on a failure", async () => {
    const result = await runCli(["connect", "test", "--config", configFile], { env });
    expect(result.code, result.stderr).toBe(1);
    const out = result.stdout;
    expect(out).toContain("Tenant acme — JD Edwards");
    expect(out).toContain("Tenant beta — JD Edwards");
    expect(out).toMatch(/ {2}✓ AIS Server reachable: defaultconfig answered: EnterpriseOne 9\.2\.8\.3/);
    expect(out).toMatch(/ {2}✗ Login \(token request\): MLC_AIS_CREDENTIALS: .*\n {6}→ AIS refused SVC_SHOP/);
    expect(out).toMatch(/ {2}– Company in F0010: not run: the login failed/);
    expect(out).toContain("  PASSED: 13 ok, 0 warnings, 0 failed, 0 skipped");
    expect(out).toMatch(/ {2}FAILED: 2 ok, 0 warnings, 1 failed, 10 skipped/);
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain("wrong_password");
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
