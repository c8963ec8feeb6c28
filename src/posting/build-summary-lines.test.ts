import { describe, expect, it } from "vitest";
import type { JournalLine, JournalLineKind } from "../domain/journal.js";
import { buildSummaryLines } from "./build-summary-lines.js";

const line = (
  key: string,
  amountMinor: bigint,
  kind: JournalLineKind,
  explanation: string,
  addressNumber?: string,
): JournalLine => {
  const [businessUnit = "", object = ""] = key.split(".");
  return {
    account: { businessUnit, object, subsidiary: "" },
    amountMinor,
    kind,
    explanation,
    ...(addressNumber ? { addressNumber } : {}),
  };
};
const order = (revenue: bigint, tax: bigint, gateway: string, clearing = "100.1115") => ({
  lines: [
    line(clearing, revenue + tax, "clearing", gateway),
    line("100.4100", -revenue, "revenue", "Product revenue"),
    line("100.2110", -tax, "tax", "CA State Tax"),
  ],
});
const brief = (lines: JournalLine[]) =>
  lines.map((l) => [`${l.account.businessUnit}.${l.account.object}`, l.amountMinor, l.explanation]);

describe("buildSummaryLines", () => {
  it("merges two orders of one day into one balanced set of lines per account", () => {
    const lines = buildSummaryLines([
      order(10_000n, 800n, "Shopify Payments"),
      order(5_000n, 400n, "Shopify Payments"),
    ]);
    expect(brief(lines)).toEqual([
      ["100.4100", -15_000n, "Product revenue"],
      ["100.2110", -1_200n, "CA State Tax"],
      ["100.1115", 16_200n, "Shopify Payments"],
    ]);
    expect(lines.reduce((sum, l) => sum + l.amountMinor, 0n)).toBe(0n);
  });

  it("keeps one clearing line per gateway even when they share an account", () => {
    const lines = buildSummaryLines([
      order(10_000n, 0n, "Manual payment", "100.1118"),
      order(2_000n, 0n, "Cash", "100.1118"),
    ]);
    expect(brief(lines).filter(([, , e]) => e !== "Product revenue")).toEqual([
      ["100.1118", 10_000n, "Manual payment"],
      ["100.1118", 2_000n, "Cash"],
    ]);
  });

  it("drops the customer number and merges receivables of different customers", () => {
    const unpaid = (an8: string, amount: bigint) => ({
      lines: [
        line("100.1130", amount, "receivable", "Order receivable", an8),
        line("100.4100", -amount, "revenue", "Product revenue"),
      ],
    });
    const lines = buildSummaryLines([unpaid("4711", 1_000n), unpaid("4712", 2_000n)]);
    expect(lines.map((l) => [l.kind, l.amountMinor, "addressNumber" in l])).toEqual([
      ["receivable", 3_000n, false],
      ["revenue", -3_000n, false],
    ]);
  });

  it("gives no lines when the day nets to zero", () => {
    const sale = order(1_000n, 0n, "Shopify Payments");
    const refund = { lines: sale.lines.map((l) => ({ ...l, amountMinor: -l.amountMinor })) };
    expect(buildSummaryLines([sale, refund])).toEqual([]);
  });

  it("refuses contributions that do not balance", () => {
    expect(() => buildSummaryLines([{ lines: [line("100.4100", -1n, "revenue", "x")] }])).toThrow(
      "does not balance",
    );
  });
});
