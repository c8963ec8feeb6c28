import { describe, expect, it } from "vitest";
import { parseAccountKey } from "../domain/account-key.js";
import { balanceWithReceivable } from "./balance-with-receivable.js";
import { journalLine } from "./sale-context.js";
import { lineTable } from "./test-support/line-table.js";
import { makePolicy } from "./test-support/make-policy.js";

describe("balanceWithReceivable", () => {
  const revenue = journalLine(parseAccountKey("100.4100"), -10000n, "revenue", "Product revenue");
  const tax = journalLine(parseAccountKey("100.2110"), -800n, "tax", "State Tax");
  const clearing = journalLine(parseAccountKey("100.1115"), 10800n, "clearing", "Shopify Payments");
  const refund = journalLine(parseAccountKey("100.1115"), -2916n, "clearing", "Shopify Payments");

  it.each([
    ["a sale debits receivable for its total including tax", [revenue, tax], "100.1130 Dr 108.00 receivable"],
    ["a payment credits receivable", [clearing], "100.1130 Cr 108.00 receivable"],
    ["a refund debits receivable", [refund], "100.1130 Dr 29.16 receivable"],
  ])("%s", (_name, lines, expected) => {
    const balanced = balanceWithReceivable(lines, makePolicy(), null);
    expect(lineTable({ lines: balanced.slice(-1) })).toEqual([expected]);
    expect(balanced.reduce((sum, line) => sum + line.amountMinor, 0n)).toBe(0n);
  });

  it("carries the customer's address number when linked", () => {
    const [, receivable] = balanceWithReceivable([clearing], makePolicy(), "4242");
    expect(receivable).toMatchObject({ addressNumber: "4242", explanation: "Order receivable" });
  });
});
