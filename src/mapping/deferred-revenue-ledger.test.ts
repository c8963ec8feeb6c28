import { describe, expect, it } from "vitest";
import type { OrderSnapshot } from "../domain/order.js";
import { collectFinancialEvents } from "./collect-financial-events.js";
import { planDeferrals } from "./deferred-revenue-ledger.js";
import {
  makeFulfillment,
  makeLineItem,
  makeOrder,
  makeSale,
  makeSalesEvent,
} from "./test-support/make-order.js";

const LINE = makeLineItem().id;

/** A 3-unit line of 100.00 net (10.00 discount) shipped in the given parts, one day apart. */
function shippedInParts(parts: number[], total = 10000n): OrderSnapshot {
  return makeOrder({
    lineItems: [makeLineItem()],
    salesEvents: [
      makeSalesEvent({
        sales: [
          makeSale({
            lineItemId: LINE,
            quantity: 3,
            totalAmountMinor: total,
            discountBeforeTaxesMinor: 1000n,
          }),
        ],
      }),
    ],
    fulfillmentEvents: parts.map((quantity, index) =>
      makeFulfillment({
        id: `gid://shopify/Fulfillment/${index + 1}`,
        happenedAt: `2026-03-${16 + index}T15:00:00Z`,
        lines: [{ lineItemId: LINE, quantity }],
      }),
    ),
  });
}

function moves(order: OrderSnapshot): [number, bigint, bigint][] {
  const { events } = collectFinancialEvents(order, "UTC", true);
  const plan = planDeferrals(order, events);
  return order.fulfillmentEvents.flatMap((f) =>
    (plan.fulfillments.get(f.id) ?? []).map((line): [number, bigint, bigint] => [
      line.quantity,
      line.netMinor,
      line.discountMinor,
    ]),
  );
}

describe("planDeferrals — what each fulfillment moves out of deferred revenue", () => {
  it.each<[string, number[], [number, bigint, bigint][]]>([
    [
      "one unit at a time",
      [1, 1, 1],
      [
        [1, 3333n, 333n],
        [1, 3333n, 333n],
        [1, 3334n, 334n],
      ],
    ],
    [
      "two, then the last",
      [2, 1],
      [
        [2, 6666n, 666n],
        [1, 3334n, 334n],
      ],
    ],
    [
      "one, then the rest",
      [1, 2],
      [
        [1, 3333n, 333n],
        [2, 6667n, 667n],
      ],
    ],
    ["all at once", [3], [[3, 10000n, 1000n]]],
    ["more units than were sold: only what is deferred", [5], [[3, 10000n, 1000n]]],
    ["nothing left after the line shipped", [3, 1], [[3, 10000n, 1000n]]],
  ])("%s", (_name, parts, expected) => {
    expect(moves(shippedInParts(parts))).toEqual(expected);
  });

  it("moves the whole line once every unit has shipped, whatever the split", () => {
    for (const parts of [
      [1, 1, 1],
      [2, 1],
      [1, 2],
    ]) {
      const total = moves(shippedInParts(parts, 10001n)).reduce((sum, [, net]) => sum + net, 0n);
      expect(total).toBe(10001n);
    }
  });

  it("moves nothing for a gift-card line", () => {
    const order = {
      ...shippedInParts([3]),
      lineItems: [makeLineItem({ isGiftCard: true })],
    };
    expect(moves(order)).toEqual([]);
  });

  it("refuses a product sale without a quantity", () => {
    const order = shippedInParts([]);
    const sale = makeSale({ lineItemId: LINE, quantity: null, totalAmountMinor: 100n });
    const withSale = { ...order, salesEvents: [makeSalesEvent({ sales: [sale] })] };
    const plan = planDeferrals(withSale, collectFinancialEvents(withSale, "UTC", true).events);
    expect(plan.sales.get(sale)).toMatchObject({ ok: false });
  });
});
