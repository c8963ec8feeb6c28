import { describe, expect, it } from "vitest";
import { mapProductSale } from "./map-product-sale.js";
import { lineTable } from "./test-support/line-table.js";
import { makeSale } from "./test-support/make-order.js";
import { makeSaleContext } from "./test-support/make-sale-context.js";
import { minor } from "./test-support/reference-orders.js";

type Row = [string, "gross" | "net", "ORDER" | "RETURN", string, string, string, string[]];

describe("mapProductSale", () => {
  it.each<Row>([
    [
      "tee of #1042, gross",
      "gross",
      "ORDER",
      "87.48",
      "6.48",
      "19.00",
      ["100.4100 Cr 100.00 revenue", "100.4150 Dr 19.00 discount"],
    ],
    ["tee of #1042, net", "net", "ORDER", "87.48", "6.48", "19.00", ["100.4100 Cr 81.00 revenue"]],
    ["undiscounted line, gross", "gross", "ORDER", "54.00", "4.00", "0", ["100.4100 Cr 50.00 revenue"]],
    ["VAT-inclusive line", "gross", "ORDER", "120.00", "20.00", "0", ["100.4100 Cr 100.00 revenue"]],
    [
      "free (100 % discounted) line",
      "gross",
      "ORDER",
      "0",
      "0",
      "30.00",
      ["100.4100 Cr 30.00 revenue", "100.4150 Dr 30.00 discount"],
    ],
    ["free line, net", "net", "ORDER", "0", "0", "30.00", []],
    [
      "mug returned, gross",
      "gross",
      "RETURN",
      "-29.16",
      "-2.16",
      "-3.00",
      ["100.4150 Cr 3.00 discount", "100.4160 Dr 30.00 returns"],
    ],
    ["mug returned, net", "net", "RETURN", "-29.16", "-2.16", "-3.00", ["100.4160 Dr 27.00 returns"]],
    [
      "mug returned, discount reported unsigned",
      "gross",
      "RETURN",
      "-29.16",
      "-2.16",
      "3.00",
      ["100.4150 Cr 3.00 discount", "100.4160 Dr 30.00 returns"],
    ],
  ])("%s", (_name, discounts, actionType, total, tax, discount, expected) => {
    const sale = makeSale({
      actionType,
      totalAmountMinor: minor(total),
      totalTaxMinor: minor(tax),
      discountBeforeTaxesMinor: minor(discount),
    });
    const mapped = mapProductSale(sale, makeSaleContext({ discounts }));
    expect(mapped.problems).toEqual([]);
    expect(lineTable({ lines: mapped.lines.filter((line) => line.amountMinor !== 0n) })).toEqual(expected);
  });

  it("explains its lines for the ledger reader", () => {
    const sale = makeSale({ totalAmountMinor: 8100n, discountBeforeTaxesMinor: 1900n });
    expect(mapProductSale(sale, makeSaleContext()).lines.map((line) => line.explanation)).toEqual([
      "Product revenue",
      "Product discounts",
    ]);
  });
});
