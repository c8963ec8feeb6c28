import { describe, expect, it } from "vitest";
import { lineTable } from "./test-support/line-table.js";
import {
  makeLineItem,
  makeOrder,
  makePayment,
  makeSale,
  makeSalesEvent,
  makeSaleTax,
} from "./test-support/make-order.js";
import { makePolicy } from "./test-support/make-policy.js";
import { mapToDocuments } from "./test-support/map-to-documents.js";
import { makeOrder1042, minor } from "./test-support/reference-orders.js";

describe("mapOrderToJournalDocuments — customers and currencies", () => {
  it("puts the customer's address number on receivable lines", () => {
    const order = { ...makeOrder1042(), paymentEvents: [] };
    const [document] = mapToDocuments(order, makePolicy(), { customerAddressNumber: "4242" });
    expect(lineTable(document!)).toContain("100.1130 Dr 127.44 receivable AN8=4242");
  });

  it.each([
    [
      "JPY",
      0,
      "11664",
      "864",
      "2200",
      [
        "100.1115 Dr 11664 clearing",
        "100.2110 Cr 864 tax",
        "100.4100 Cr 13000 revenue",
        "100.4150 Dr 2200 discount",
      ],
    ],
    [
      "KWD",
      3,
      "116.640",
      "8.640",
      "22.000",
      [
        "100.1115 Dr 116.640 clearing",
        "100.2110 Cr 8.640 tax",
        "100.4100 Cr 130.000 revenue",
        "100.4150 Dr 22.000 discount",
      ],
    ],
  ] as const)(
    "posts a %s order in its %i-decimal minor units",
    (currency, decimals, total, tax, discount, expected) => {
      const amount = (value: string) => minor(value, decimals);
      const order = makeOrder({
        currency,
        lineItems: [makeLineItem()],
        salesEvents: [
          makeSalesEvent({
            sales: [
              makeSale({
                lineItemId: makeLineItem().id,
                totalAmountMinor: amount(total),
                totalTaxMinor: amount(tax),
                discountBeforeTaxesMinor: amount(discount),
                taxes: [makeSaleTax("Consumption Tax", amount(tax))],
              }),
            ],
          }),
        ],
        paymentEvents: [makePayment({ amountMinor: amount(total) })],
      });
      const [document] = mapToDocuments(order, makePolicy({ currency, decimals }));
      expect(document!.decimals).toBe(decimals);
      expect(lineTable(document!)).toEqual(expected);
    },
  );
});
