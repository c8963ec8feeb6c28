import { describe, expect, it } from "vitest";
import { parseAccountKey } from "../domain/account-key.js";
import type { JournalLine, JournalLineKind } from "../domain/journal.js";
import { journalExplanation } from "./journal-explanation.js";
import { mapOrderToJournalDocuments } from "./map-order-to-journal-documents.js";
import { mergeJournalLines } from "./merge-journal-lines.js";
import { saleDiscountMinor } from "./sale-context.js";
import { makeLineItem, makeOrder, makePayment, makeSale, makeSalesEvent } from "./test-support/make-order.js";
import { makePolicy } from "./test-support/make-policy.js";

/** Tests that kill mutants the rest of the suite let survive (see `npm run mutation`). */

const product = makeLineItem();
const sold = (id: string, happenedAt: string, amount: bigint) =>
  makeSalesEvent({
    id,
    happenedAt,
    sales: [makeSale({ id: `${id}/sale`, lineItemId: product.id, totalAmountMinor: amount })],
  });
const paid = (id: string, processedAt: string, amountMinor: bigint) =>
  makePayment({ id, processedAt, amountMinor });

describe("mapOrderToJournalDocuments — posting order", () => {
  it("sends documents in ascending GL date and lists each date's events by time, sales before payments", () => {
    const order = makeOrder({
      lineItems: [product],
      // Given in the reverse of their posting order: the mapper must sort, not trust Shopify's arrays.
      salesEvents: [
        sold("gid://shopify/RefundAgreement/9", "2026-03-16T15:00:00Z", -500n),
        sold("gid://shopify/OrderAgreement/2", "2026-03-14T15:00:00Z", 700n),
        sold("gid://shopify/OrderAgreement/1", "2026-03-14T15:00:00Z", 300n),
      ],
      paymentEvents: [
        paid("gid://shopify/OrderTransaction/8", "2026-03-14T16:00:00Z", 10n),
        paid("gid://shopify/OrderTransaction/7", "2026-03-14T15:00:00Z", 990n),
      ],
    });
    const result = mapOrderToJournalDocuments({ order, policy: makePolicy(), alreadyPosted: new Set() });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.documents.map((document) => [document.glDate, document.eventIds])).toEqual([
      [
        "2026-03-14",
        [
          "gid://shopify/OrderAgreement/1",
          "gid://shopify/OrderAgreement/2",
          "gid://shopify/OrderTransaction/7",
          "gid://shopify/OrderTransaction/8",
        ],
      ],
      ["2026-03-16", ["gid://shopify/RefundAgreement/9"]],
    ]);
  });

  it("posts every event (and adopts none) when the tenant has no accounting start date", () => {
    const order = makeOrder({
      lineItems: [product],
      salesEvents: [sold("gid://shopify/OrderAgreement/1", "2020-01-02T15:00:00Z", 300n)],
    });
    const result = mapOrderToJournalDocuments({
      order,
      policy: makePolicy({ accountingStartDate: null }),
      alreadyPosted: new Set(),
    });
    expect(result.ok && result.adoptedEventIds).toEqual([]);
    expect(result.ok && result.documents.flatMap((document) => document.eventIds)).toEqual([
      "gid://shopify/OrderAgreement/1",
    ]);
  });
});

describe("saleDiscountMinor", () => {
  it.each([
    ["a sale's discount reported signed", 1_000n, -150n, 150n],
    ["a return's discount reported unsigned", -1_000n, 150n, -150n],
    ["a return's discount reported signed", -1_000n, -150n, -150n],
    ["a zero sale's negative discount, kept as reported", 0n, -150n, -150n],
    ["a zero sale's positive discount, kept as reported", 0n, 150n, 150n],
  ])("signs %s like the sale", (_, net, discount, expected) => {
    const sale = makeSale({ totalAmountMinor: net, discountBeforeTaxesMinor: discount });
    expect(saleDiscountMinor(sale)).toBe(expected);
  });
});

describe("mergeJournalLines — generic explanations", () => {
  const account = parseAccountKey("100.4100");
  const line = (kind: JournalLineKind, explanation: string, amountMinor: bigint): JournalLine => ({
    account,
    amountMinor,
    kind,
    explanation,
  });

  it.each<[JournalLineKind, string]>([
    ["receivable", "Order receivable"],
    ["revenue", "Product revenue"],
    ["discount", "Discounts"],
    ["returns", "Returns"],
    ["shipping", "Shipping"],
    ["tax", "Sales tax"],
    ["channel-tax", "Channel-remitted tax"],
    ["gift-card-liability", "Gift cards"],
    ["store-credit", "Store credit"],
    ["tip", "Tips"],
    ["duty", "Duties"],
    ["fee", "Fees"],
    ["refund-adjustment", "Refund adjustments"],
    ["deferred-revenue", "Deferred revenue"],
    ["clearing", "Payments"],
    ["rounding", "Rounding"],
  ])("explains two merged %s lines with different explanations as '%s'", (kind, explanation) => {
    expect(mergeJournalLines([line(kind, "first", -100n), line(kind, "second", -50n)])).toEqual([
      line(kind, explanation, -150n),
    ]);
  });

  it("keeps lines of the same account apart when their kind differs", () => {
    const lines = [line("tax", "VAT", -10n), line("revenue", "Product revenue", -90n)];
    expect(mergeJournalLines(lines)).toEqual(lines);
  });
});

describe("journalExplanation", () => {
  it("cuts to 30 characters without leaving a trailing space", () => {
    expect(journalExplanation(`  ${"x".repeat(29)} tail`)).toBe("x".repeat(29));
  });
});
