import { describe, expect, it } from "vitest";
import { mapShippingSale } from "./map-shipping-sale.js";
import { lineTable } from "./test-support/line-table.js";
import { makeSale } from "./test-support/make-order.js";
import { makeSaleContext } from "./test-support/make-sale-context.js";
import { minor } from "./test-support/reference-orders.js";

type Row = [string, "gross" | "net", "ORDER" | "RETURN", string, string, string, string[]];

describe("mapShippingSale", () => {
  it.each<Row>([
    ["shipping of #1042", "gross", "ORDER", "10.80", "0.80", "0", ["100.4300 Cr 10.00 shipping"]],
    ["VAT-inclusive shipping", "net", "ORDER", "6.00", "1.00", "0", ["100.4300 Cr 5.00 shipping"]],
    [
      "discounted shipping, gross",
      "gross",
      "ORDER",
      "5.40",
      "0.40",
      "5.00",
      ["100.4150 Dr 5.00 discount", "100.4300 Cr 10.00 shipping"],
    ],
    ["discounted shipping, net", "net", "ORDER", "5.40", "0.40", "5.00", ["100.4300 Cr 5.00 shipping"]],
    [
      "free shipping, gross",
      "gross",
      "ORDER",
      "0",
      "0",
      "10.00",
      ["100.4150 Dr 10.00 discount", "100.4300 Cr 10.00 shipping"],
    ],
    ["shipping refunded", "gross", "RETURN", "-10.80", "-0.80", "0", ["100.4300 Dr 10.00 shipping"]],
    [
      "discounted shipping refunded, gross",
      "gross",
      "RETURN",
      "-5.40",
      "-0.40",
      "-5.00",
      ["100.4150 Cr 5.00 discount", "100.4300 Dr 10.00 shipping"],
    ],
  ])("%s", (_name, discounts, actionType, total, tax, discount, expected) => {
    const sale = makeSale({
      lineType: "SHIPPING",
      actionType,
      totalAmountMinor: minor(total),
      totalTaxMinor: minor(tax),
      discountBeforeTaxesMinor: minor(discount),
    });
    const mapped = mapShippingSale(sale, makeSaleContext({ discounts }));
    expect(mapped.problems).toEqual([]);
    expect(lineTable({ lines: mapped.lines.filter((line) => line.amountMinor !== 0n) })).toEqual(expected);
  });

  it.each([
    ["ORDER", "Shipping income"],
    ["RETURN", "Shipping refund"],
  ] as const)("explains a %s shipping line as %j", (actionType, explanation) => {
    const sale = makeSale({ lineType: "SHIPPING", actionType, totalAmountMinor: 1000n });
    expect(mapShippingSale(sale, makeSaleContext({ discounts: "net" })).lines[0]?.explanation).toBe(
      explanation,
    );
  });
});
