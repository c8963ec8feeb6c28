import { describe, expect, it } from "vitest";
import type { OrderSnapshot } from "../domain/order.js";
import { mapOrderToJournalDocuments } from "./map-order-to-journal-documents.js";
import { lineTable } from "./test-support/line-table.js";
import { makeFulfillment, makeSale, makeSalesEvent, makeSaleTax } from "./test-support/make-order.js";
import { makePolicy } from "./test-support/make-policy.js";
import { mapToDocuments } from "./test-support/map-to-documents.js";
import {
  MUG_LINE_ID,
  makeOrder1042,
  minor,
  mugRefundEvents,
  TEE_LINE_ID,
} from "./test-support/reference-orders.js";

const deferring = (overrides = {}) =>
  makePolicy({
    recognition: "fulfillment",
    rules: [{ match: { location: "Reno DC" }, costCenter: "140" }],
    ...overrides,
  });

/** #1042 shipped in two parts: one tee and the mug from Reno on 03-16, the other tee from Toledo on 03-19. */
function shippedInTwoParts(base: OrderSnapshot = makeOrder1042()): OrderSnapshot {
  return {
    ...base,
    fulfillmentEvents: [
      makeFulfillment({
        id: "gid://shopify/Fulfillment/501",
        happenedAt: "2026-03-16T15:00:00Z",
        locationName: "Reno DC",
        lines: [
          { lineItemId: TEE_LINE_ID, quantity: 1 },
          { lineItemId: MUG_LINE_ID, quantity: 1 },
        ],
      }),
      makeFulfillment({
        id: "gid://shopify/Fulfillment/502",
        happenedAt: "2026-03-19T15:00:00Z",
        locationName: "Toledo",
        lines: [{ lineItemId: TEE_LINE_ID, quantity: 1 }],
      }),
    ],
  };
}

const SOLD_AND_PAID = [
  "100.1115 Dr 107.44 clearing",
  "100.2110 Cr 9.44 tax",
  "100.2400 Dr 20.00 gift-card-liability",
  "100.2480 Cr 108.00 deferred-revenue",
  "100.4300 Cr 10.00 shipping",
];

describe("mapOrderToJournalDocuments — fulfillment recognition", () => {
  it("defers net product revenue on the sale and moves it per shipment, on each shipment's date", () => {
    const documents = mapToDocuments(shippedInTwoParts(), deferring());
    expect(documents.map((d) => [d.glDate, d.eventIds, lineTable(d)])).toEqual([
      [
        "2026-03-14",
        [
          "gid://shopify/OrderAgreement/1042",
          "gid://shopify/OrderTransaction/9001",
          "gid://shopify/OrderTransaction/9002",
        ],
        SOLD_AND_PAID,
      ],
      [
        "2026-03-16",
        ["gid://shopify/Fulfillment/501"],
        ["100.2480 Dr 67.50 deferred-revenue", "140.4100 Cr 80.00 revenue", "140.4150 Dr 12.50 discount"],
      ],
      [
        "2026-03-19",
        ["gid://shopify/Fulfillment/502"],
        ["100.2480 Dr 40.50 deferred-revenue", "100.4100 Cr 50.00 revenue", "100.4150 Dr 9.50 discount"],
      ],
    ]);
  });

  it("moves net revenue under discounts: net", () => {
    const documents = mapToDocuments(shippedInTwoParts(), deferring({ discounts: "net" }));
    expect(documents.slice(1).map(lineTable)).toEqual([
      ["100.2480 Dr 67.50 deferred-revenue", "140.4100 Cr 67.50 revenue"],
      ["100.2480 Dr 40.50 deferred-revenue", "100.4100 Cr 40.50 revenue"],
    ]);
  });

  it("posts the second shipment the same way once the first is posted (the ledger replays history)", () => {
    const alreadyPosted = new Set([
      "gid://shopify/OrderAgreement/1042",
      "gid://shopify/OrderTransaction/9001",
      "gid://shopify/OrderTransaction/9002",
      "gid://shopify/Fulfillment/501",
    ]);
    const [document, ...rest] = mapToDocuments(shippedInTwoParts(), deferring(), { alreadyPosted });
    expect(rest).toEqual([]);
    expect(lineTable(document!)).toEqual([
      "100.2480 Dr 40.50 deferred-revenue",
      "100.4100 Cr 50.00 revenue",
      "100.4150 Dr 9.50 discount",
    ]);
  });

  it("reverses deferred revenue for a unit refunded before it shipped, and ships the rest", () => {
    const refund = mugRefundEvents("2026-03-15T15:00:00Z");
    const base = makeOrder1042();
    const order: OrderSnapshot = {
      ...base,
      salesEvents: [...base.salesEvents, { ...refund.salesEvent, reason: "REFUND" }],
      paymentEvents: [...base.paymentEvents, refund.payment],
      fulfillmentEvents: [
        makeFulfillment({
          id: "gid://shopify/Fulfillment/501",
          locationName: "Toledo",
          lines: [{ lineItemId: TEE_LINE_ID, quantity: 2 }],
        }),
      ],
    };
    const documents = mapToDocuments(order, deferring());
    expect(documents.map((d) => [d.glDate, lineTable(d)])).toEqual([
      ["2026-03-14", SOLD_AND_PAID],
      [
        "2026-03-15",
        ["100.1115 Cr 29.16 clearing", "100.2110 Dr 2.16 tax", "100.2480 Dr 27.00 deferred-revenue"],
      ],
      [
        "2026-03-16",
        ["100.2480 Dr 81.00 deferred-revenue", "100.4100 Cr 100.00 revenue", "100.4150 Dr 19.00 discount"],
      ],
    ]);
  });

  it("returns a shipped unit to returns, as under order recognition", () => {
    const refund = mugRefundEvents("2026-03-20T15:00:00Z");
    const base = shippedInTwoParts();
    const order = {
      ...base,
      salesEvents: [...base.salesEvents, refund.salesEvent],
      paymentEvents: [...base.paymentEvents, refund.payment],
    };
    const documents = mapToDocuments(order, deferring());
    expect(documents.map((d) => d.glDate)).toEqual(["2026-03-14", "2026-03-16", "2026-03-19", "2026-03-20"]);
    expect(lineTable(documents[3]!)).toEqual([
      "100.1115 Cr 29.16 clearing",
      "100.2110 Dr 2.16 tax",
      "100.4150 Cr 3.00 discount",
      "100.4160 Dr 30.00 returns",
    ]);
  });

  it("posts a refund beyond an unshipped unit's deferred share to returns", () => {
    const base = makeOrder1042();
    const refundOneTee = makeSalesEvent({
      id: "gid://shopify/RefundAgreement/78",
      reason: "REFUND",
      happenedAt: "2026-03-15T15:00:00Z",
      sales: [
        makeSale({
          id: "gid://shopify/ProductSale/5",
          lineItemId: TEE_LINE_ID,
          actionType: "RETURN",
          quantity: -1,
          totalAmountMinor: minor("-43.75"),
          totalTaxMinor: minor("-3.24"),
          discountBeforeTaxesMinor: minor("-9.50"),
          taxes: [makeSaleTax("State Tax", minor("-3.24"))],
        }),
      ],
    });
    const order = { ...base, salesEvents: [...base.salesEvents, refundOneTee], paymentEvents: [] };
    const [, refund] = mapToDocuments(order, deferring());
    expect(lineTable(refund!)).toEqual([
      "100.1130 Cr 43.75 receivable",
      "100.2110 Dr 3.24 tax",
      "100.2480 Dr 40.50 deferred-revenue",
      "100.4160 Dr 0.01 returns",
    ]);
  });

  it("keeps gift cards, shipping, tax and tips as under order recognition", () => {
    const order = makeOrder1042({ fulfillmentEvents: [] });
    const [document] = mapToDocuments(order, deferring());
    expect(lineTable(document!)).toEqual(SOLD_AND_PAID);
  });

  it("ignores fulfillments under order recognition", () => {
    const documents = mapToDocuments(shippedInTwoParts(), makePolicy());
    expect(documents.map((d) => d.eventIds.length)).toEqual([3]);
  });

  it("parks an order whose product sale has no quantity to defer", () => {
    const base = makeOrder1042();
    const [agreement] = base.salesEvents;
    const sales = agreement!.sales.map((sale, index) => (index === 0 ? { ...sale, quantity: null } : sale));
    const order = { ...base, salesEvents: [{ ...agreement!, sales }] };
    const result = mapOrderToJournalDocuments({ order, policy: deferring(), alreadyPosted: new Set() });
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(["INCONSISTENT_SALE"]);
  });
});
