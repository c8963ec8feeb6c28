import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertBalanced } from "../domain/journal.js";
import { KNOWN_SALE_LINE_TYPES, type PaymentEvent, type Sale, type SalesEvent } from "../domain/order.js";
import { mapOrderToJournalDocuments } from "./map-order-to-journal-documents.js";
import {
  makeLineItem,
  makeOrder,
  makePayment,
  makeSale,
  makeSalesEvent,
  makeSaleTax,
} from "./test-support/make-order.js";
import { makePolicy } from "./test-support/make-policy.js";

const TAX_TITLES = ["State Tax", "CA State Tax", "County Tax"];
const GATEWAYS = ["shopify_payments", "paypal", "gift_card", "shopify_store_credit", "manual"];
const START = Date.parse("2026-03-10T00:00:00Z");
const instant = fc
  .integer({ min: 0, max: 4 * 86_400 - 1 })
  .map((s) => new Date(START + s * 1000).toISOString());
const amount = fc.bigInt({ min: 0n, max: 100_000n });

const sale = fc
  .record({
    lineType: fc.constantFrom(...KNOWN_SALE_LINE_TYPES),
    isReturn: fc.boolean(),
    net: amount,
    discount: amount,
    taxes: fc.array(
      fc.record({
        title: fc.constantFrom(...TAX_TITLES),
        amount: fc.bigInt({ min: 0n, max: 10_000n }),
        channelLiable: fc.boolean(),
      }),
      { maxLength: 2 },
    ),
  })
  .map(({ lineType, isReturn, net, discount, taxes }): Sale => {
    const sign = isReturn ? -1n : 1n;
    const saleTaxes = taxes.map((tax) => makeSaleTax(tax.title, sign * tax.amount, tax.channelLiable));
    const totalTax = saleTaxes.reduce((sum, tax) => sum + tax.amountMinor, 0n);
    return makeSale({
      lineType,
      actionType: isReturn ? "RETURN" : "ORDER",
      lineItemId: lineType === "PRODUCT" ? makeLineItem().id : null,
      totalAmountMinor: sign * net + totalTax,
      totalTaxMinor: totalTax,
      discountBeforeTaxesMinor: sign * discount,
      taxes: saleTaxes,
    });
  });

const salesEvents = fc
  .array(fc.record({ happenedAt: instant, sales: fc.array(sale, { minLength: 1, maxLength: 4 }) }), {
    maxLength: 4,
  })
  .map((events) =>
    events.map(
      (event, index): SalesEvent => makeSalesEvent({ id: `gid://shopify/OrderAgreement/${index}`, ...event }),
    ),
  );

const payments = fc
  .array(
    fc.record({
      kind: fc.constantFrom("SALE", "CAPTURE", "REFUND" as const),
      gateway: fc.constantFrom(...GATEWAYS),
      processedAt: instant,
      amountMinor: fc.bigInt({ min: 1n, max: 200_000n }),
    }),
    { maxLength: 4 },
  )
  .map((list) =>
    list.map(
      (payment, index): PaymentEvent =>
        makePayment({ id: `gid://shopify/OrderTransaction/${index}`, ...payment }),
    ),
  );

describe("mapOrderToJournalDocuments — properties", () => {
  it("balances every document, and receivable over all documents is sales total minus net payments", () => {
    fc.assert(
      fc.property(
        salesEvents,
        payments,
        fc.constantFrom("gross", "net" as const),
        fc.constantFrom("America/Los_Angeles", "UTC", "Pacific/Kiritimati"),
        (sales, paid, discounts, timezone) => {
          const order = makeOrder({ lineItems: [makeLineItem()], salesEvents: sales, paymentEvents: paid });
          const result = mapOrderToJournalDocuments({
            order,
            policy: makePolicy({ discounts, timezone }),
            alreadyPosted: new Set(),
          });
          if (!result.ok) throw new Error(JSON.stringify(result.problems));
          for (const document of result.documents) assertBalanced(document);

          const receivable = result.documents
            .flatMap((d) => d.lines)
            .filter((line) => line.kind === "receivable")
            .reduce((sum, line) => sum + line.amountMinor, 0n);
          const salesTotal = sales
            .flatMap((event) => event.sales)
            .reduce((sum, s) => sum + s.totalAmountMinor, 0n);
          const netPayments = paid.reduce(
            (sum, p) => sum + (p.kind === "REFUND" ? -p.amountMinor : p.amountMinor),
            0n,
          );
          expect(receivable).toBe(salesTotal - netPayments);

          const accounted = [
            ...result.documents.flatMap((d) => d.eventIds),
            ...result.skipped.map((s) => s.eventId),
          ].sort();
          expect(accounted).toEqual([...sales.map((e) => e.id), ...paid.map((p) => p.id)].sort());
          const dates = result.documents.map((d) => d.glDate);
          expect(dates).toEqual([...new Set(dates)].sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it("posts nothing a second time once every event is recorded as posted", () => {
    fc.assert(
      fc.property(salesEvents, payments, (sales, paid) => {
        const order = makeOrder({ lineItems: [makeLineItem()], salesEvents: sales, paymentEvents: paid });
        const policy = makePolicy();
        const first = mapOrderToJournalDocuments({ order, policy, alreadyPosted: new Set() });
        if (!first.ok) throw new Error(JSON.stringify(first.problems));
        const posted = new Set(first.documents.flatMap((d) => d.eventIds));
        const second = mapOrderToJournalDocuments({ order, policy, alreadyPosted: posted });
        expect(second.ok && second.documents).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
