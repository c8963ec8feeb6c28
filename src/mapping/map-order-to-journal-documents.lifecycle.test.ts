import { describe, expect, it } from "vitest";
import type { OrderSnapshot, Sale } from "../domain/order.js";
import { accountBalances } from "./test-support/account-balances.js";
import { lineTable } from "./test-support/line-table.js";
import {
  makeLineItem,
  makePayment,
  makeSale,
  makeSalesEvent,
  makeSaleTax,
} from "./test-support/make-order.js";
import { makePolicy } from "./test-support/make-policy.js";
import { mapToDocuments } from "./test-support/map-to-documents.js";
import { makeOrder1042, minor, mugRefundEvents, TEE_LINE_ID } from "./test-support/reference-orders.js";

const ORIGINAL_EVENTS = new Set([
  "gid://shopify/OrderAgreement/1042",
  "gid://shopify/OrderTransaction/9001",
  "gid://shopify/OrderTransaction/9002",
]);
const CAP_LINE_ID = "gid://shopify/LineItem/14033333333333";
const tax = (amount: string) => [makeSaleTax("State Tax", minor(amount))];

/** #1042 with one more agreement, on `happenedAt`, and optionally more transactions. */
function withAgreement(
  reason: "ORDER_EDIT" | "REFUND" | "RETURN",
  sales: Sale[],
  happenedAt = "2026-03-17T15:00:00Z",
) {
  const base = makeOrder1042();
  return {
    ...base,
    lineItems: [...base.lineItems, makeLineItem({ id: CAP_LINE_ID, sku: "CAP-01", name: "Cap" })],
    salesEvents: [
      ...base.salesEvents,
      makeSalesEvent({ id: `gid://shopify/${reason}Agreement/9`, reason, happenedAt, sales }),
    ],
  } satisfies OrderSnapshot;
}

/** One tee of #1042 taken off: 43.74 including 3.24 tax, giving back 9.50 of discount. */
const oneTeeOff = (actionType: "UPDATE" | "RETURN") =>
  makeSale({
    lineItemId: TEE_LINE_ID,
    actionType,
    quantity: -1,
    totalAmountMinor: minor("-43.74"),
    totalTaxMinor: minor("-3.24"),
    discountBeforeTaxesMinor: minor("-9.50"),
    taxes: tax("-3.24"),
  });

/** Every sale of #1042 given back, as a cancellation records it. */
function cancellationSales(): Sale[] {
  return makeOrder1042().salesEvents[0]!.sales.map((sale) => ({
    ...sale,
    id: `${sale.id}-cancel`,
    actionType: "RETURN" as const,
    quantity: sale.quantity === null ? null : -sale.quantity,
    totalAmountMinor: -sale.totalAmountMinor,
    totalTaxMinor: -sale.totalTaxMinor,
    discountBeforeTaxesMinor: -sale.discountBeforeTaxesMinor,
    taxes: sale.taxes.map((t) => ({ ...t, amountMinor: -t.amountMinor })),
  }));
}

describe("mapOrderToJournalDocuments — order edits post on their own date", () => {
  it.each<[string, Sale, string[]]>([
    [
      "an added line (ORDER sale)",
      makeSale({
        lineItemId: CAP_LINE_ID,
        totalAmountMinor: minor("27.00"),
        totalTaxMinor: minor("2.00"),
        taxes: tax("2.00"),
      }),
      ["100.1130 Dr 27.00 receivable", "100.2110 Cr 2.00 tax", "100.4100 Cr 25.00 revenue"],
    ],
    [
      "a removed line (negative UPDATE sale) takes back revenue",
      oneTeeOff("UPDATE"),
      [
        "100.1130 Cr 43.74 receivable",
        "100.2110 Dr 3.24 tax",
        "100.4100 Dr 50.00 revenue",
        "100.4150 Cr 9.50 discount",
      ],
    ],
    [
      "a removed line (RETURN sale) goes to returns",
      oneTeeOff("RETURN"),
      [
        "100.1130 Cr 43.74 receivable",
        "100.2110 Dr 3.24 tax",
        "100.4150 Cr 9.50 discount",
        "100.4160 Dr 50.00 returns",
      ],
    ],
  ])("%s", (_name, sale, expected) => {
    const order = withAgreement("ORDER_EDIT", [sale]);
    const [document, ...rest] = mapToDocuments(order, makePolicy(), { alreadyPosted: ORIGINAL_EVENTS });
    expect(rest).toEqual([]);
    expect(document!.glDate).toBe("2026-03-17");
    expect(document!.eventIds).toEqual(["gid://shopify/ORDER_EDITAgreement/9"]);
    expect(lineTable(document!)).toEqual(expected);
  });
});

describe("mapOrderToJournalDocuments — cancellations and adjustments", () => {
  it("nets an unpaid cancelled order's receivable to zero", () => {
    const order = {
      ...withAgreement("REFUND", cancellationSales(), "2026-03-15T15:00:00Z"),
      paymentEvents: [],
    };
    const [sold, cancelled, ...rest] = mapToDocuments(order, makePolicy());
    expect(rest).toEqual([]);
    expect(lineTable(cancelled!)).toEqual([
      "100.1130 Cr 127.44 receivable",
      "100.2110 Dr 9.44 tax",
      "100.4150 Cr 22.00 discount",
      "100.4160 Dr 130.00 returns",
      "100.4300 Dr 10.00 shipping",
    ]);
    expect(accountBalances([sold!, cancelled!])).toEqual({ "100.4100": -13000n, "100.4160": 13000n });
  });

  it("nets a paid cancelled order to zero everywhere but revenue against returns", () => {
    const base = withAgreement("REFUND", cancellationSales(), "2026-03-15T15:00:00Z");
    const refunds = [
      makePayment({
        id: "gid://shopify/OrderTransaction/9011",
        kind: "REFUND",
        gateway: "gift_card",
        amountMinor: minor("20.00"),
        processedAt: "2026-03-15T15:00:00Z",
      }),
      makePayment({
        id: "gid://shopify/OrderTransaction/9012",
        kind: "REFUND",
        amountMinor: minor("107.44"),
        processedAt: "2026-03-15T15:00:00Z",
      }),
    ];
    const order = { ...base, paymentEvents: [...base.paymentEvents, ...refunds] };
    const documents = mapToDocuments(order, makePolicy());
    expect(lineTable(documents[1]!)).toEqual([
      "100.1115 Cr 107.44 clearing",
      "100.2110 Dr 9.44 tax",
      "100.2400 Cr 20.00 gift-card-liability",
      "100.4150 Cr 22.00 discount",
      "100.4160 Dr 130.00 returns",
      "100.4300 Dr 10.00 shipping",
    ]);
    expect(accountBalances(documents)).toEqual({ "100.4100": -13000n, "100.4160": 13000n });
  });

  it.each<[string, string, string[]]>([
    [
      "a restocking fee kept from the mug refund",
      "5.00",
      [
        "100.1115 Cr 24.16 clearing",
        "100.2110 Dr 2.16 tax",
        "100.4150 Cr 3.00 discount",
        "100.4160 Dr 30.00 returns",
        "100.4170 Cr 5.00 refund-adjustment",
      ],
    ],
    [
      "a refund discrepancy paid on top of the mug refund",
      "-1.50",
      [
        "100.1115 Cr 30.66 clearing",
        "100.2110 Dr 2.16 tax",
        "100.4150 Cr 3.00 discount",
        "100.4160 Dr 30.00 returns",
        "100.4170 Dr 1.50 refund-adjustment",
      ],
    ],
  ])("posts %s to refund adjustments", (_name, adjustment, expected) => {
    const mug = mugRefundEvents("2026-03-20T15:00:00Z");
    const adjustmentSale = makeSale({
      lineType: "ADJUSTMENT",
      actionType: "RETURN",
      quantity: null,
      totalAmountMinor: minor(adjustment),
    });
    const base = withAgreement("RETURN", [...mug.salesEvent.sales, adjustmentSale], "2026-03-20T15:00:00Z");
    const refund = { ...mug.payment, amountMinor: minor("29.16") - minor(adjustment) };
    const order = { ...base, paymentEvents: [...base.paymentEvents, refund] };
    const [document] = mapToDocuments(order, makePolicy(), { alreadyPosted: ORIGINAL_EVENTS });
    expect(document!.glDate).toBe("2026-03-20");
    expect(lineTable(document!)).toEqual(expected);
  });

  it("nets deferred revenue to zero when an unshipped order is cancelled under fulfillment recognition", () => {
    const order = {
      ...withAgreement("REFUND", cancellationSales(), "2026-03-15T15:00:00Z"),
      paymentEvents: [],
    };
    const documents = mapToDocuments(order, makePolicy({ recognition: "fulfillment" }));
    expect(lineTable(documents[1]!)).toEqual([
      "100.1130 Cr 127.44 receivable",
      "100.2110 Dr 9.44 tax",
      "100.2480 Dr 108.00 deferred-revenue",
      "100.4300 Dr 10.00 shipping",
    ]);
    expect(accountBalances(documents)).toEqual({});
  });
});
