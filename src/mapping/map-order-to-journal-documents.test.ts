import { describe, expect, it } from "vitest";
import { mapOrderToJournalDocuments } from "./map-order-to-journal-documents.js";
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
import { makeOrder1042, makeVatOrder, minor, mugRefundEvents } from "./test-support/reference-orders.js";

describe("mapOrderToJournalDocuments — the entries of reference/shopify.md §6.6", () => {
  it("posts #1042 paid at checkout as the familiar entry, receivable netted away", () => {
    const [document, ...rest] = mapToDocuments(makeOrder1042(), makePolicy());
    expect(rest).toEqual([]);
    expect(lineTable(document!)).toEqual([
      "100.1115 Dr 107.44 clearing",
      "100.2110 Cr 9.44 tax",
      "100.2400 Dr 20.00 gift-card-liability",
      "100.4100 Cr 130.00 revenue",
      "100.4150 Dr 22.00 discount",
      "100.4300 Cr 10.00 shipping",
    ]);
    expect(document).toMatchObject({
      tenantId: "acme",
      orderId: "gid://shopify/Order/5934123456789",
      orderName: "#1042",
      glDate: "2026-03-14",
      currency: "USD",
      decimals: 2,
      eventIds: [
        "gid://shopify/OrderAgreement/1042",
        "gid://shopify/OrderTransaction/9001",
        "gid://shopify/OrderTransaction/9002",
      ],
    });
  });

  it("explains each line in at most 30 characters", () => {
    const [document] = mapToDocuments(makeOrder1042(), makePolicy());
    expect(document!.lines.map((line) => line.explanation)).toEqual([
      "Product revenue",
      "Product discounts",
      "State Tax",
      "Shipping income",
      "Gift card",
      "Shopify Payments",
    ]);
  });

  it("nets discounts into revenue under discounts: net", () => {
    const [document] = mapToDocuments(makeOrder1042(), makePolicy({ discounts: "net" }));
    expect(lineTable(document!)).toEqual([
      "100.1115 Dr 107.44 clearing",
      "100.2110 Cr 9.44 tax",
      "100.2400 Dr 20.00 gift-card-liability",
      "100.4100 Cr 108.00 revenue",
      "100.4300 Cr 10.00 shipping",
    ]);
  });

  it("posts the tax-inclusive VAT order with revenue and shipping before tax", () => {
    const [document] = mapToDocuments(
      makeVatOrder(),
      makePolicy({ currency: "EUR", timezone: "Europe/Amsterdam" }),
    );
    expect(lineTable(document!)).toEqual([
      "100.1115 Dr 126.00 clearing",
      "100.2110 Cr 21.00 tax",
      "100.4100 Cr 100.00 revenue",
      "100.4300 Cr 5.00 shipping",
    ]);
  });

  it.each([
    ["net", ["100.1115 Cr 29.16 clearing", "100.2110 Dr 2.16 tax", "100.4160 Dr 27.00 returns"]],
    [
      "gross",
      [
        "100.1115 Cr 29.16 clearing",
        "100.2110 Dr 2.16 tax",
        "100.4150 Cr 3.00 discount",
        "100.4160 Dr 30.00 returns",
      ],
    ],
  ] as const)("posts the mug refund on the refund date (discounts: %s)", (discounts, expected) => {
    const base = makeOrder1042();
    const refund = mugRefundEvents("2026-03-20T15:00:00Z");
    const order = {
      ...base,
      salesEvents: [...base.salesEvents, refund.salesEvent],
      paymentEvents: [...base.paymentEvents, refund.payment],
    };
    const alreadyPosted = new Set([
      "gid://shopify/OrderAgreement/1042",
      "gid://shopify/OrderTransaction/9001",
      "gid://shopify/OrderTransaction/9002",
    ]);
    const [document, ...rest] = mapToDocuments(order, makePolicy({ discounts }), { alreadyPosted });
    expect(rest).toEqual([]);
    expect(document!.glDate).toBe("2026-03-20");
    expect(document!.eventIds).toEqual([
      "gid://shopify/ReturnAgreement/77",
      "gid://shopify/OrderTransaction/9010",
    ]);
    expect(lineTable(document!)).toEqual(expected);
  });
});

describe("mapOrderToJournalDocuments — other orders", () => {
  it("posts a discounted order paid by PayPal", () => {
    const order = makeOrder({
      lineItems: [makeLineItem()],
      salesEvents: [
        makeSalesEvent({
          sales: [
            makeSale({
              lineItemId: makeLineItem().id,
              totalAmountMinor: minor("77.76"),
              totalTaxMinor: minor("5.76"),
              discountBeforeTaxesMinor: minor("8.00"),
              taxes: [makeSaleTax("State Tax", minor("5.76"))],
            }),
          ],
        }),
      ],
      paymentEvents: [makePayment({ gateway: "paypal", amountMinor: minor("77.76") })],
    });
    const [document] = mapToDocuments(order, makePolicy());
    expect(lineTable(document!)).toEqual([
      "100.1116 Dr 77.76 clearing",
      "100.2110 Cr 5.76 tax",
      "100.4100 Cr 80.00 revenue",
      "100.4150 Dr 8.00 discount",
    ]);
  });

  it("credits a gift-card purchase to the liability, with no revenue", () => {
    const order = makeOrder({
      lineItems: [
        makeLineItem({
          id: "gid://shopify/LineItem/3",
          sku: null,
          isGiftCard: true,
          productType: "Gift Card",
        }),
      ],
      salesEvents: [
        makeSalesEvent({
          sales: [
            makeSale({
              lineType: "GIFT_CARD",
              lineItemId: "gid://shopify/LineItem/3",
              totalAmountMinor: minor("50.00"),
            }),
          ],
        }),
      ],
      paymentEvents: [makePayment({ amountMinor: minor("50.00") })],
    });
    const [document] = mapToDocuments(order, makePolicy());
    expect(lineTable(document!)).toEqual([
      "100.1115 Dr 50.00 clearing",
      "100.2400 Cr 50.00 gift-card-liability",
    ]);
  });

  it("keeps an unpaid order's balance on receivable, then clears it on the payment date", () => {
    const base = makeOrder1042();
    const bankDeposit = makePayment({
      id: "gid://shopify/OrderTransaction/9100",
      gateway: "Bank Deposit",
      amountMinor: minor("127.44"),
      processedAt: "2026-03-25T16:00:00Z",
    });
    const order = { ...base, paymentEvents: [bankDeposit] };
    const [sale, payment, ...rest] = mapToDocuments(order, makePolicy());
    expect(rest).toEqual([]);
    expect(sale!.glDate).toBe("2026-03-14");
    expect(lineTable(sale!)).toEqual([
      "100.1130 Dr 127.44 receivable",
      "100.2110 Cr 9.44 tax",
      "100.4100 Cr 130.00 revenue",
      "100.4150 Dr 22.00 discount",
      "100.4300 Cr 10.00 shipping",
    ]);
    expect(payment!.glDate).toBe("2026-03-25");
    expect(payment!.eventIds).toEqual(["gid://shopify/OrderTransaction/9100"]);
    expect(lineTable(payment!)).toEqual(["100.1118 Dr 127.44 clearing", "100.1130 Cr 127.44 receivable"]);
    expect(payment!.lines.map((line) => line.explanation)).toEqual(["Bank Deposit", "Order receivable"]);
  });

  it("posts only the payment once the sale was posted", () => {
    const order = {
      ...makeOrder1042(),
      paymentEvents: [
        makePayment({
          id: "gid://shopify/OrderTransaction/9100",
          gateway: "manual",
          amountMinor: minor("127.44"),
          processedAt: "2026-03-25T16:00:00Z",
        }),
      ],
    };
    const result = mapOrderToJournalDocuments({
      order,
      policy: makePolicy(),
      alreadyPosted: new Set(["gid://shopify/OrderAgreement/1042"]),
    });
    expect(result.ok && result.documents.map(lineTable)).toEqual([
      ["100.1118 Dr 127.44 clearing", "100.1130 Cr 127.44 receivable"],
    ]);
    expect(result.ok && result.skipped).toEqual([
      { eventId: "gid://shopify/OrderAgreement/1042", reason: "already posted" },
    ]);
  });

  it("moves revenue-side lines to the rule's cost center and leaves balance-sheet accounts alone", () => {
    const base = makeOrder1042();
    const order = {
      ...base,
      lineItems: base.lineItems.map((item) => ({ ...item, fulfillmentLocationName: "Reno DC" })),
    };
    const policy = makePolicy({ rules: [{ match: { location: "Reno DC" }, costCenter: "140" }] });
    const [document] = mapToDocuments(order, policy);
    expect(lineTable(document!)).toEqual([
      "100.1115 Dr 107.44 clearing",
      "100.2110 Cr 9.44 tax",
      "100.2400 Dr 20.00 gift-card-liability",
      "140.4100 Cr 130.00 revenue",
      "140.4150 Dr 22.00 discount",
      "140.4300 Cr 10.00 shipping",
    ]);
  });
});
