import { describe, expect, it } from "vitest";
import type { PeriodReconciliation } from "../pipeline/reconcile-period.js";
import { compareLedgers } from "../reconcile/compare-ledgers.js";
import { shopifyFigures } from "../reconcile/shopify-figures.js";
import { agreeingLedgers, NOVEMBER } from "../reconcile/test-support/reconcile-builders.js";
import { reconcileJson, reconcileLines } from "./reconcile-view.js";

function report(change: "none" | "lose-one"): PeriodReconciliation {
  const input = agreeingLedgers(3);
  const jde = change === "lose-one" ? input.jde.slice(1) : input.jde;
  const result = compareLedgers({ ...input, jde });
  return {
    ...result,
    tenantId: "acme",
    period: { label: "2026/11", firstDate: NOVEMBER.firstDate, lastDate: NOVEMBER.lastDate },
    currency: "USD",
    decimals: 2,
    timeZone: "America/New_York",
    figures: shopifyFigures([], {
      ...NOVEMBER,
      timeZone: "America/New_York",
      includeTestOrders: false,
      accountingStartDate: null,
    }),
    counts: { shopifyOrders: 3, connectorDocuments: 3, jdeDocuments: jde.length },
    reconciled: result.variances.length === 0,
  };
}

describe("reconcileLines", () => {
  it("prints the sides, the accounts with their differences, and says when the period reconciles", () => {
    const lines = reconcileLines(report("none"));
    expect(lines[0]).toBe(
      "Reconciliation  tenant acme  period 2026/11 (2026-11-01 … 2026-11-30)  USD  shop days in America/New_York",
    );
    const header = lines.find((l) => l.startsWith("account "))!;
    expect(header.split(/\s{2,}/)).toEqual([
      "account",
      "Shopify",
      "Connector",
      "JDE",
      "Connector−Shopify",
      "JDE−Connector",
      "JDE unposted",
    ]);
    const accountRows = lines.filter((l) => /^\d+\.\d+/.test(l));
    expect(accountRows.length).toBeGreaterThan(1);
    for (const row of accountRows) {
      const [, shopify, connector, jde, d1, d2] = row.trim().split(/\s+/);
      expect([connector, jde, d1, d2], row).toEqual([shopify, shopify, "0.00", "0.00"]);
    }
    expect(lines.at(-1)).toContain("No variance");
  });

  it("lists each variance with its type, order and amounts, and the JDE column's difference", () => {
    const lines = reconcileLines(report("lose-one"));
    expect(lines.some((l) => l.startsWith("Variances (1): missing_in_jde 1"))).toBe(true);
    expect(lines.find((l) => l.includes("  missing_in_jde  "))).toMatch(
      /^ {2}2026-11-\d\d {2}missing_in_jde {2}#1001 {2}\d+\.\d+ -?\d+\.\d\d/,
    );
    expect(lines.some((l) => l.includes("No variance"))).toBe(false);
    const differing = lines.filter((l) => /^\d+\.\d+/.test(l) && l.trim().split(/\s+/)[5] !== "0.00");
    expect(differing.length).toBeGreaterThan(0);
  });

  it("writes amounts as exact strings of minor units in JSON", () => {
    const json = JSON.parse(reconcileJson(report("lose-one")));
    expect(json.reconciled).toBe(false);
    expect(json.variances[0].lines[0].amountMinor).toMatch(/^-?\d+$/);
    expect(json.totals.shopify.debitMinor).toMatch(/^\d+$/);
  });
});
