import { describe, expect, it } from "vitest";
import { parseAccountKey } from "../domain/account-key.js";
import { mapOrderToJournalDocuments } from "./map-order-to-journal-documents.js";
import { lineTable } from "./test-support/line-table.js";
import { makeOrder, makePayment, makeSale, makeSalesEvent, makeSaleTax } from "./test-support/make-order.js";
import { demoAccounts, makePolicy } from "./test-support/make-policy.js";
import { makeOrder1042, minor } from "./test-support/reference-orders.js";

const AGREEMENT = "gid://shopify/OrderAgreement/1042";
const GIFT_CARD_PAYMENT = "gid://shopify/OrderTransaction/9001";
const CARD_PAYMENT = "gid://shopify/OrderTransaction/9002";

describe("mapOrderToJournalDocuments — which events post", () => {
  it("produces nothing for events already posted", () => {
    const alreadyPosted = new Set([AGREEMENT, GIFT_CARD_PAYMENT, CARD_PAYMENT]);
    const result = mapOrderToJournalDocuments({
      order: makeOrder1042(),
      policy: makePolicy(),
      alreadyPosted,
    });
    expect(result).toEqual({
      ok: true,
      documents: [],
      adoptedEventIds: [],
      skipped: [AGREEMENT, GIFT_CARD_PAYMENT, CARD_PAYMENT].map((eventId) => ({
        eventId,
        reason: "already posted",
      })),
    });
  });

  it("adopts events before the accounting start date and posts later events of the same order", () => {
    const base = makeOrder1042();
    const refund = makePayment({
      id: "gid://shopify/OrderTransaction/9010",
      kind: "REFUND",
      amountMinor: minor("5.00"),
      processedAt: "2026-12-02T15:00:00Z",
    });
    const order = { ...base, paymentEvents: [...base.paymentEvents, refund] };
    const result = mapOrderToJournalDocuments({
      order,
      policy: makePolicy({ accountingStartDate: "2026-12-01" }),
      alreadyPosted: new Set(),
    });
    expect(result.ok && result.adoptedEventIds).toEqual([AGREEMENT, GIFT_CARD_PAYMENT, CARD_PAYMENT]);
    expect(result.ok && result.documents.map((d) => [d.glDate, d.eventIds, lineTable(d)])).toEqual([
      [
        "2026-12-02",
        ["gid://shopify/OrderTransaction/9010"],
        ["100.1115 Cr 5.00 clearing", "100.1130 Dr 5.00 receivable"],
      ],
    ]);
  });

  it("posts an event dated on the accounting start date", () => {
    const result = mapOrderToJournalDocuments({
      order: makeOrder1042(),
      policy: makePolicy({ accountingStartDate: "2026-03-14" }),
      alreadyPosted: new Set(),
    });
    expect(result.ok && [result.documents.length, result.adoptedEventIds]).toEqual([1, []]);
  });

  it.each([
    ["America/Los_Angeles", ["2026-11-27", "2026-11-28"]],
    ["UTC", ["2026-11-28"]],
  ])("dates a sale at 23:30 and its payment at 00:30 Los Angeles time in %s", (timezone, glDates) => {
    const order = makeOrder({
      salesEvents: [
        makeSalesEvent({
          happenedAt: "2026-11-28T07:30:00Z",
          sales: [makeSale({ lineType: "TIP", totalAmountMinor: 500n })],
        }),
      ],
      paymentEvents: [makePayment({ processedAt: "2026-11-28T08:30:00Z", amountMinor: 500n })],
    });
    const result = mapOrderToJournalDocuments({
      order,
      policy: makePolicy({ timezone }),
      alreadyPosted: new Set(),
    });
    expect(result.ok && result.documents.map((d) => d.glDate)).toEqual(glDates);
  });

  it.each([
    ["order flagged test", { test: true }],
    [
      "paid through the bogus gateway",
      { paymentEvents: [makePayment({ gateway: "bogus", amountMinor: 100n })] },
    ],
    ["a test transaction", { paymentEvents: [makePayment({ test: true, amountMinor: 100n })] }],
  ])("excludes a test order (%s) unless the tenant opts in", (_name, overrides) => {
    const order = makeOrder({
      salesEvents: [makeSalesEvent({ sales: [makeSale({ lineType: "TIP", totalAmountMinor: 100n })] })],
      ...overrides,
    });
    const excluded = mapOrderToJournalDocuments({ order, policy: makePolicy(), alreadyPosted: new Set() });
    expect(excluded.ok && excluded.documents).toEqual([]);
    expect(excluded.ok && excluded.skipped[0]?.reason).toBe(
      "test order; excluded (includeTestOrders is off)",
    );
    const included = mapOrderToJournalDocuments({
      order,
      policy: makePolicy({ includeTestOrders: true }),
      alreadyPosted: new Set(),
    });
    expect(included.ok && included.documents.length).toBe(1);
  });

  it("skips events whose amounts come to nothing", () => {
    const order = makeOrder({
      salesEvents: [makeSalesEvent({ sales: [makeSale({ totalAmountMinor: 0n })] })],
    });
    const result = mapOrderToJournalDocuments({
      order,
      policy: makePolicy({ discounts: "net" }),
      alreadyPosted: new Set(),
    });
    expect(result.ok && [result.documents, result.skipped]).toEqual([
      [],
      [{ eventId: "gid://shopify/OrderAgreement/1", reason: "amounts net to zero; nothing to post" }],
    ]);
  });
});

describe("mapOrderToJournalDocuments — problems", () => {
  it("refuses an order in another currency than the JDE company's", () => {
    const result = mapOrderToJournalDocuments({
      order: makeOrder1042({ currency: "CAD" }),
      policy: makePolicy(),
      alreadyPosted: new Set(),
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        { code: "CURRENCY_MISMATCH", message: "order #1042 is in CAD but the JDE company currency is USD" },
      ],
    });
  });

  it("reports an unmapped tax title when the tax map has no default", () => {
    const accounts = { ...demoAccounts(), taxPayable: { "CA State Tax": parseAccountKey("100.2111") } };
    const result = mapOrderToJournalDocuments({
      order: makeOrder1042(),
      policy: makePolicy({ accounts }),
      alreadyPosted: new Set(),
    });
    expect(result.ok).toBe(false);
    // Three sales name the same title: the operator reads it once.
    expect(!result.ok && result.problems).toEqual([
      {
        code: "UNMAPPED_ACCOUNT",
        message: "no tax payable account for tax line 'State Tax' and no default (accounts.taxPayable)",
        eventId: AGREEMENT,
      },
    ]);
  });

  it("lists every problem of the order at once and maps none of it", () => {
    const accounts = { ...demoAccounts(), clearing: { shopify_payments: parseAccountKey("100.1115") } };
    const order = makeOrder({
      lineItems: [],
      salesEvents: [
        makeSalesEvent({
          sales: [
            makeSale({ id: "gid://shopify/Sale/1", lineType: "UNKNOWN", totalAmountMinor: 100n }),
            makeSale({
              id: "gid://shopify/Sale/2",
              lineItemId: "gid://shopify/LineItem/404",
              totalAmountMinor: 100n,
            }),
            makeSale({
              id: "gid://shopify/Sale/3",
              lineType: "TIP",
              totalAmountMinor: 100n,
              totalTaxMinor: 5n,
              taxes: [makeSaleTax("Tax", 3n)],
            }),
          ],
        }),
      ],
      paymentEvents: [
        makePayment({ id: "gid://shopify/OrderTransaction/2", gateway: "paypal", amountMinor: 300n }),
        makePayment({ id: "gid://shopify/OrderTransaction/3", processedAt: "not a date", amountMinor: 1n }),
      ],
    });
    const result = mapOrderToJournalDocuments({
      order,
      policy: makePolicy({ accounts }),
      alreadyPosted: new Set(),
    });
    expect(!result.ok && result.problems.map((p) => p.code).sort()).toEqual([
      "INCONSISTENT_SALE",
      "INVALID_DATE",
      "UNKNOWN_LINE_ITEM",
      "UNKNOWN_SALE_TYPE",
      "UNMAPPED_ACCOUNT",
    ]);
  });

  it("does not map problems of events it will not post", () => {
    const order = makeOrder({
      salesEvents: [makeSalesEvent({ sales: [makeSale({ lineType: "UNKNOWN", totalAmountMinor: 100n })] })],
    });
    const result = mapOrderToJournalDocuments({
      order,
      policy: makePolicy({ accountingStartDate: "2026-12-01" }),
      alreadyPosted: new Set(),
    });
    expect(result).toEqual({
      ok: true,
      documents: [],
      adoptedEventIds: ["gid://shopify/OrderAgreement/1"],
      skipped: [],
    });
  });

  it.each([
    ["an unknown timezone", { timezone: "Mars/Olympus" }, "INVALID_POLICY"],
    ["an unknown recognition", { recognition: "delivery" as unknown as "order" }, "UNSUPPORTED_POLICY"],
    [
      "a cost center longer than a business unit",
      { rules: [{ match: {}, costCenter: "1234567890123" }] },
      "INVALID_POLICY",
    ],
  ])("refuses a policy with %s", (_name, overrides, code) => {
    const result = mapOrderToJournalDocuments({
      order: makeOrder1042(),
      policy: makePolicy(overrides),
      alreadyPosted: new Set(),
    });
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual([code]);
  });

  it("cuts explanations to JDE's 30 characters", () => {
    const title = "Metropolitan Transportation District Surcharge";
    const order = makeOrder({
      salesEvents: [
        makeSalesEvent({
          sales: [
            makeSale({
              lineType: "TIP",
              totalAmountMinor: 105n,
              totalTaxMinor: 5n,
              taxes: [makeSaleTax(title, 5n)],
            }),
          ],
        }),
      ],
    });
    const result = mapOrderToJournalDocuments({ order, policy: makePolicy(), alreadyPosted: new Set() });
    const explanations = result.ok
      ? result.documents.flatMap((d) => d.lines.map((line) => line.explanation))
      : [];
    expect(explanations).toContain("Metropolitan Transportation Di");
    expect(Math.max(...explanations.map((text) => text.length))).toBeLessThanOrEqual(30);
  });
});
