import { describe, expect, it } from "vitest";
import { parseAccountKey } from "../domain/account-key.js";
import type { SaleTax } from "../domain/order.js";
import { mapSaleTaxes } from "./map-sale-taxes.js";
import { lineTable } from "./test-support/line-table.js";
import { makeSale, makeSaleTax } from "./test-support/make-order.js";
import { demoAccounts } from "./test-support/make-policy.js";
import { makeSaleContext } from "./test-support/make-sale-context.js";

describe("mapSaleTaxes", () => {
  it.each<[string, SaleTax[], string[]]>([
    [
      "a title without its own account goes to the default",
      [makeSaleTax("State Tax", 648n)],
      ["100.2110 Cr 6.48 tax"],
    ],
    ["a mapped title goes to its account", [makeSaleTax("CA State Tax", 725n)], ["100.2111 Cr 7.25 tax"]],
    [
      "several jurisdictions, one line each",
      [makeSaleTax("CA State Tax", 600n), makeSaleTax("Los Angeles County Tax", 125n)],
      ["100.2110 Cr 1.25 tax", "100.2111 Cr 6.00 tax"],
    ],
    [
      "a channel-remitted tax goes to channelTax",
      [makeSaleTax("Marketplace VAT", 400n, true)],
      ["100.2115 Cr 4.00 channel-tax"],
    ],
    ["a returned tax is debited", [makeSaleTax("State Tax", -216n)], ["100.2110 Dr 2.16 tax"]],
    ["no tax, no line", [], []],
  ])("%s", (_name, taxes, expected) => {
    const total = taxes.reduce((sum, tax) => sum + tax.amountMinor, 0n);
    const mapped = mapSaleTaxes(makeSale({ totalTaxMinor: total, taxes }), makeSaleContext());
    expect(mapped.problems).toEqual([]);
    expect(lineTable(mapped)).toEqual(expected);
  });

  it("explains each line with the tax line's title", () => {
    const sale = makeSale({ totalTaxMinor: 944n, taxes: [makeSaleTax("State Tax", 944n)] });
    expect(mapSaleTaxes(sale, makeSaleContext()).lines[0]?.explanation).toBe("State Tax");
  });

  it("reports a title with no account when the map has no default", () => {
    const accounts = { ...demoAccounts(), taxPayable: { "CA State Tax": parseAccountKey("100.2111") } };
    const sale = makeSale({ totalTaxMinor: 100n, taxes: [makeSaleTax("NY State Tax", 100n)] });
    const mapped = mapSaleTaxes(sale, makeSaleContext({ accounts }));
    expect(mapped.lines).toEqual([]);
    expect(mapped.problems).toEqual([
      {
        code: "UNMAPPED_ACCOUNT",
        message: "no tax payable account for tax line 'NY State Tax' and no default (accounts.taxPayable)",
        eventId: "gid://shopify/OrderAgreement/1",
      },
    ]);
  });

  it("reports tax lines that do not add up to the sale's total tax", () => {
    const sale = makeSale({ totalTaxMinor: 944n, taxes: [makeSaleTax("State Tax", 900n)] });
    const mapped = mapSaleTaxes(sale, makeSaleContext());
    expect(mapped.problems.map((problem) => problem.code)).toEqual(["INCONSISTENT_SALE"]);
  });
});
