import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openStore } from "../store/open-store.js";
import { type AuditCommandOptions, runAuditCommand } from "./audit-command.js";

const ACCOUNTS = `
    accounts:
      receivable: 100.1130
      clearing: { default: 100.1118 }
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
      rounding: 100.7990`;

/** A configuration with these tenants on the SQLite store `file`; no secret is needed to read the trail. */
function configYaml(file: string, tenants: string[]): string {
  const blocks = tenants.map(
    (id) => `
  - id: ${id}
    shopify: { shop: ${id}.myshopify.com }
    jde: { aisUrl: "https://ais.${id}.local:9300", username: SVC_SHOP, environment: JPD920,
           deviceName: ml-connector-${id}, company: 00100 }${ACCOUNTS}`,
  );
  return `store: { url: "sqlite:${file}" }\ntenants:${blocks.join("")}\n`;
}

const ORDER = "gid://shopify/Order/1042";
const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 10, day, hour));

describe("ml-connector audit", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlc-audit-cli-"));
  const config = join(dir, "one-tenant.yaml");
  const twoTenants = join(dir, "two-tenants.yaml");
  let out: string[] = [];
  let err: string[] = [];

  beforeAll(async () => {
    writeFileSync(config, configYaml(join(dir, "store.db"), ["acme"]));
    writeFileSync(twoTenants, configYaml(join(dir, "store.db"), ["acme", "globex"]));
    const store = await openStore(`sqlite:${join(dir, "store.db")}`);
    await store.migrate();
    const order = { tenantId: "acme", orderId: ORDER, orderName: "#1042" };
    await store.audit.append({
      ...order,
      step: "order.read",
      at: at(27),
      detail: { trigger: "orders/create", events: { sales: [] } },
    });
    await store.audit.append({
      ...order,
      step: "document.recorded",
      documentKey: "acme/SBKW-1",
      at: at(27, 13),
      detail: { ruleVersion: "ab".repeat(32), edtn: "SBKW-1", lines: [{}, {}], debitMinor: "12744" },
    });
    await store.audit.append({
      ...order,
      step: "document.accepted",
      documentKey: "acme/SBKW-1",
      batchId: "BM1",
      at: at(28),
      detail: { documentNumber: 4711, batchNumber: 802 },
    });
    await store.audit.append({
      tenantId: "acme",
      orderId: "gid://shopify/Order/7",
      orderName: "#7",
      step: "order.read",
      at: at(29),
    });
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    out = [];
    err = [];
  });

  async function run(options: Partial<AuditCommandOptions>) {
    vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
    await runAuditCommand({ config, limit: 200, json: false, ...options });
    return { out, err, code: process.exitCode ?? 0 };
  }

  it("prints an order's trail, one line per entry, oldest first", async () => {
    const result = await run({ order: "1042" });
    expect(result.code).toBe(0);
    expect(result.out).toHaveLength(3);
    expect(result.out[0]).toMatch(
      /^2026-11-27T12:00:00\.000Z {2}order\.read +#1042 +-\/- +trigger=orders\/create$/,
    );
    expect(result.out[1]).toContain(`SBKW-1/-`);
    expect(result.out[1]).toContain(`ruleVersion=${"ab".repeat(6)}… edtn=SBKW-1 lines=2 debitMinor=12744`);
    expect(result.out[2]).toMatch(
      /document\.accepted +#1042 +SBKW-1\/BM1 +documentNumber=4711 batchNumber=802/,
    );
  });

  it.each<[string, Partial<AuditCommandOptions>, string[]]>([
    ["an order GID", { orderId: ORDER }, ["order.read", "document.recorded", "document.accepted"]],
    ["a day range (until exclusive)", { since: "2026-11-28", until: "2026-11-29" }, ["document.accepted"]],
    ["a step", { step: "order.read" }, ["order.read", "order.read"]],
    ["a connector batch", { batch: "BM1" }, ["document.accepted"]],
    ["a limit", { limit: 2 }, ["order.read", "document.recorded"]],
  ])("prints JSON lines of the entries matching %s", async (_what, options, steps) => {
    const result = await run({ ...options, json: true });
    expect(result.code).toBe(0);
    const entries = result.out.map(
      (line) => JSON.parse(line) as { step: string; at: string; tenantId: string },
    );
    expect(entries.map((e) => e.step)).toEqual(steps);
    expect(entries.every((e) => e.tenantId === "acme" && !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it("says when the listing was cut by --limit", async () => {
    const result = await run({ limit: 1 });
    expect(result.out).toHaveLength(1);
    expect(result.err.join("\n")).toContain("the first 1 entries");
  });

  it.each<[string, Partial<AuditCommandOptions>, string]>([
    ["a date that is not YYYY-MM-DD", { since: "27.11.2026" }, "--since expects a date YYYY-MM-DD"],
    ["an unknown status", { status: "lost" }, "--status expects one of pending, sent"],
    ["no --tenant with several tenants", { config: twoTenants }, "name one with --tenant"],
  ])("refuses %s with exit code 2", async (_what, options, message) => {
    const result = await run(options);
    expect(result.code).toBe(2);
    expect(result.err.join("\n")).toContain(message);
    expect(result.out).toEqual([]);
  });

  it("reports a store that does not exist yet, without creating it", async () => {
    const missing = join(dir, "missing.yaml");
    writeFileSync(missing, configYaml(join(dir, "none", "store.db"), ["acme"]));
    const result = await run({ config: missing });
    expect(result.code).toBe(1);
    expect(result.err.join("\n")).toContain("no store yet");
    expect(existsSync(join(dir, "none"))).toBe(false);
  });
});
