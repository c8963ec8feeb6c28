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

  it.each([
    ["two minor units short", 942n],
    ["two minor units over", 946n],
    ["far off", 900n],
  ])("reports tax lines that do not add up to the sale's total tax (%s)", (_name, taxLine) => {
    const sale = makeSale({ totalTaxMinor: 944n, taxes: [makeSaleTax("State Tax", taxLine)] });
    const mapped = mapSaleTaxes(sale, makeSaleContext());
    expect(mapped.problems.map((problem) => problem.code)).toEqual(["INCONSISTENT_SALE"]);
    expect(lineTable(mapped)).not.toContain(expect.stringContaining("rounding"));
  });

  it.each([
    ["lines one minor unit short: the residue is credited", 943n, "100.7990 Cr 0.01 rounding"],
    ["lines one minor unit over: the residue is debited", 945n, "100.7990 Dr 0.01 rounding"],
  ])("posts a one-minor-unit residue to rounding (%s)", (_name, taxLine, expected) => {
    const sale = makeSale({ totalTaxMinor: 944n, taxes: [makeSaleTax("State Tax", taxLine)] });
    const mapped = mapSaleTaxes(sale, makeSaleContext());
    expect(mapped.problems).toEqual([]);
    expect(lineTable(mapped)).toContain(expected);
    const credited = -mapped.lines.reduce((sum, line) => sum + line.amountMinor, 0n);
    expect(credited).toBe(944n);
  });

  it("posts the residue of a returned sale with the return's sign", () => {
    const sale = makeSale({ totalTaxMinor: -944n, taxes: [makeSaleTax("State Tax", -943n)] });
    const mapped = mapSaleTaxes(sale, makeSaleContext());
    expect(lineTable(mapped)).toEqual(["100.2110 Dr 9.43 tax", "100.7990 Dr 0.01 rounding"]);
  });
});
