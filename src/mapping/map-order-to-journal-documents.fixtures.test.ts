import { describe, expect, it } from "vitest";
import { mapOrderToJournalDocuments } from "./map-order-to-journal-documents.js";
import { accountBalances } from "./test-support/account-balances.js";
import {
  makeCashRoundedOrder,
  makeCodOrder,
  makeDiscountedVatOrder,
  makeJpyOrder,
  makeKwdOrder,
} from "./test-support/fixture-orders.js";
import { lineTable } from "./test-support/line-table.js";
import { makePolicy } from "./test-support/make-policy.js";
import { mapToDocuments } from "./test-support/map-to-documents.js";
import { makeOrder1042, mugRefundEvents } from "./test-support/reference-orders.js";

const eur = makePolicy({ currency: "EUR", timezone: "Europe/Amsterdam" });

describe("real-shaped fixtures", () => {
  it("posts #1042 (§1.9) and its mug refund (§6.6) as two documents, each on its own date", () => {
    const base = makeOrder1042();
    const refund = mugRefundEvents("2026-03-20T15:00:00Z");
    const order = {
      ...base,
      salesEvents: [...base.salesEvents, refund.salesEvent],
      paymentEvents: [...base.paymentEvents, refund.payment],
    };
    const documents = mapToDocuments(order, makePolicy());
    expect(documents.map((d) => [d.glDate, lineTable(d)])).toEqual([
      [
        "2026-03-14",
        [
          "100.1115 Dr 107.44 clearing",
          "100.2110 Cr 9.44 tax",
          "100.2400 Dr 20.00 gift-card-liability",
          "100.4100 Cr 130.00 revenue",
          "100.4150 Dr 22.00 discount",
          "100.4300 Cr 10.00 shipping",
        ],
      ],
      [
        "2026-03-20",
        [
          "100.1115 Cr 29.16 clearing",
          "100.2110 Dr 2.16 tax",
          "100.4150 Cr 3.00 discount",
          "100.4160 Dr 30.00 returns",
        ],
      ],
    ]);
  });

  it("posts a discounted tax-inclusive VAT order with revenue and discount before VAT", () => {
    const [document] = mapToDocuments(makeDiscountedVatOrder(), eur);
    expect(lineTable(document!)).toEqual([
      "100.1115 Dr 55.92 clearing",
      "100.2110 Cr 9.33 tax",
      "100.4100 Cr 49.97 revenue",
      "100.4150 Dr 7.50 discount",
      "100.4300 Cr 4.12 shipping",
    ]);
  });

  it("posts a one-cent gap between VAT lines and the sale's total tax to rounding", () => {
    const [document] = mapToDocuments(makeDiscountedVatOrder("8.49"), eur);
    expect(lineTable(document!)).toEqual([
      "100.1115 Dr 55.92 clearing",
      "100.2110 Cr 9.32 tax",
      "100.4100 Cr 49.97 revenue",
      "100.4150 Dr 7.50 discount",
      "100.4300 Cr 4.12 shipping",
      "100.7990 Cr 0.01 rounding",
    ]);
  });

  it("parks the order when the gap is two cents", () => {
    const result = mapOrderToJournalDocuments({
      order: makeDiscountedVatOrder("8.48"),
      policy: eur,
      alreadyPosted: new Set(),
    });
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(["INCONSISTENT_SALE"]);
  });

  it("posts a JPY order in whole yen", () => {
    const [document] = mapToDocuments(
      makeJpyOrder(),
      makePolicy({ currency: "JPY", decimals: 0, timezone: "Asia/Tokyo" }),
    );
    expect(document!.glDate).toBe("2026-03-14");
    expect(lineTable(document!)).toEqual([
      "100.1115 Dr 3850 clearing",
      "100.2110 Cr 350 tax",
      "100.4100 Cr 3000 revenue",
      "100.4300 Cr 500 shipping",
    ]);
  });

  it("posts a KWD order in fils, its revenue moved per shipment with the remainder on the last", () => {
    const policy = makePolicy({
      currency: "KWD",
      decimals: 3,
      timezone: "Asia/Kuwait",
      recognition: "fulfillment",
    });
    const documents = mapToDocuments(makeKwdOrder(), policy);
    expect(documents.map((d) => [d.glDate, lineTable(d)])).toEqual([
      [
        "2026-03-14",
        ["100.1115 Dr 23.549 clearing", "100.2480 Cr 22.049 deferred-revenue", "100.4300 Cr 1.500 shipping"],
      ],
      [
        "2026-03-16",
        ["100.2480 Dr 11.024 deferred-revenue", "100.4100 Cr 12.249 revenue", "100.4150 Dr 1.225 discount"],
      ],
      [
        "2026-03-18",
        ["100.2480 Dr 11.025 deferred-revenue", "100.4100 Cr 12.251 revenue", "100.4150 Dr 1.226 discount"],
      ],
    ]);
    expect(accountBalances(documents)).toMatchObject({ "100.4100": -24500n, "100.4150": 2451n });
  });

  it("leaves an unpaid COD order open on receivable until the cash is collected three days later", () => {
    const documents = mapToDocuments(makeCodOrder(), makePolicy());
    expect(documents.map((d) => [d.glDate, d.eventIds, lineTable(d)])).toEqual([
      [
        "2026-03-14",
        ["gid://shopify/OrderAgreement/1"],
        [
          "100.1130 Dr 127.44 receivable",
          "100.2110 Cr 9.44 tax",
          "100.4100 Cr 130.00 revenue",
          "100.4150 Dr 22.00 discount",
          "100.4300 Cr 10.00 shipping",
        ],
      ],
      [
        "2026-03-17",
        ["gid://shopify/OrderTransaction/9200"],
        ["100.1118 Dr 127.44 clearing", "100.1130 Cr 127.44 receivable"],
      ],
    ]);
    expect(accountBalances(documents)["100.1130"]).toBeUndefined();
  });

  it("posts POS cash rounding so the receivable is settled with the amount due", () => {
    const policy = makePolicy({ currency: "CAD", timezone: "America/Toronto" });
    const [document] = mapToDocuments(makeCashRoundedOrder(), policy);
    expect(lineTable(document!)).toEqual([
      "100.1118 Dr 10.50 clearing",
      "100.2110 Cr 0.50 tax",
      "100.4100 Cr 9.99 revenue",
      "100.7990 Cr 0.01 rounding",
    ]);
  });
});
