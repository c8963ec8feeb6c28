import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { runCli } from "../support/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "mlc-audit-e2e-"));

const config = `
store: { url: "sqlite:${join(dir, "store.db")}" }
tenants:
  - id: acme
    shopify: { shop: acme.myshopify.com }
    jde: { aisUrl: "https://ais.acme.local:9300", username: SVC_SHOP, environment: JPD920,
           deviceName: ml-connector-acme, company: 00100 }
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
      rounding: 100.7990
`;

describe("ml-connector audit (the installed command)", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints an order's trail as JSON lines", async () => {
    writeFileSync(join(dir, "ml-connector.yaml"), config);
    const store = await openStore(`sqlite:${join(dir, "store.db")}`);
    await store.migrate();
    const order = { tenantId: "acme", orderId: "gid://shopify/Order/1042", orderName: "#1042" };
    await store.audit.append({ ...order, step: "order.read", at: new Date("2026-11-27T12:00:00Z") });
    await store.audit.append({
      ...order,
      step: "document.accepted",
      batchId: "BM1",
      at: new Date("2026-11-27T12:00:05Z"),
      detail: { documentNumber: 4711 },
    });
    await store.close();

    const result = await runCli([
      "audit",
      "--order",
      "#1042",
      "--json",
      "-c",
      join(dir, "ml-connector.yaml"),
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.step, line.orderName, line.at])).toEqual([
      ["order.read", "#1042", "2026-11-27T12:00:00.000Z"],
      ["document.accepted", "#1042", "2026-11-27T12:00:05.000Z"],
    ]);
    expect(lines[1].detail).toEqual({ documentNumber: 4711 });
  });
});
