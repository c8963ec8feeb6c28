import { describe, expect, it } from "vitest";
import type { SaleLineType } from "../domain/order.js";
import { mapOtherSales } from "./map-other-sales.js";
import { lineTable } from "./test-support/line-table.js";
import { makeSale } from "./test-support/make-order.js";
import { makeSaleContext } from "./test-support/make-sale-context.js";

describe("mapOtherSales", () => {
  it.each<[SaleLineType, bigint, bigint, string, string]>([
    ["GIFT_CARD", 5000n, 0n, "100.2400 Cr 50.00 gift-card-liability", "Gift card sold"],
    ["TIP", 500n, 0n, "100.2450 Cr 5.00 tip", "Tips"],
    ["DUTY", 1250n, 0n, "100.2460 Cr 12.50 duty", "Duties"],
    ["ADDITIONAL_FEE", 324n, 24n, "100.4500 Cr 3.00 fee", "Fees"],
    ["FEE", 200n, 0n, "100.4500 Cr 2.00 fee", "Fees"],
    ["ADJUSTMENT", 300n, 0n, "100.4170 Cr 3.00 refund-adjustment", "Refund adjustment"],
    ["ADJUSTMENT", -150n, 0n, "100.4170 Dr 1.50 refund-adjustment", "Refund adjustment"],
    ["GIFT_CARD", -5000n, 0n, "100.2400 Dr 50.00 gift-card-liability", "Gift card sold"],
  ])("%s of %d (tax %d) → %s", (lineType, total, tax, expected, explanation) => {
    const mapped = mapOtherSales(
      makeSale({ lineType, totalAmountMinor: total, totalTaxMinor: tax }),
      makeSaleContext(),
    );
    expect(mapped.problems).toEqual([]);
    expect(lineTable(mapped)).toEqual([expected]);
    expect(mapped.lines[0]?.explanation).toBe(explanation);
  });

  it("reports an UNKNOWN sale instead of dropping it", () => {
    const sale = makeSale({ id: "gid://shopify/Sale/9", lineType: "UNKNOWN", totalAmountMinor: 700n });
    const mapped = mapOtherSales(sale, makeSaleContext());
    expect(mapped.lines).toEqual([]);
    expect(mapped.problems).toEqual([
      {
        code: "UNKNOWN_SALE_TYPE",
        message:
          "sale gid://shopify/Sale/9 has line type 'UNKNOWN', which has no account; it would be silently dropped",
        eventId: "gid://shopify/OrderAgreement/1",
      },
    ]);
  });
});
