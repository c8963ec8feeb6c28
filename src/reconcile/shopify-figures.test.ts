import { describe, expect, it } from "vitest";
import type { OrderSnapshot, SaleLineType } from "../domain/order.js";
import { makeOrder, makePayment, makeSale, makeSalesEvent } from "../mapping/test-support/make-order.js";
import { makeOrder1042, minor, mugRefundEvents } from "../mapping/test-support/reference-orders.js";
import {
  FIGURE_LINE_TYPES,
  type ShopifyFigureAmounts,
  type ShopifyFiguresOptions,
  shopifyFigures,
} from "./shopify-figures.js";

const MARCH: ShopifyFiguresOptions = {
  firstDate: "2026-03-01",
  lastDate: "2026-03-31",
  timeZone: "America/New_York",
  includeTestOrders: false,
  accountingStartDate: null,
};

/** #1042 (sold and paid 03-14) with its mug returned and refunded to the card on 03-20. */
function order1042WithReturn(): OrderSnapshot {
  const base = makeOrder1042();
  const refund = mugRefundEvents("2026-03-20T15:00:00Z");
  return {
    ...base,
    salesEvents: [...base.salesEvents, refund.salesEvent],
    paymentEvents: [...base.paymentEvents, refund.payment],
  };
}

const sales = (entries: Partial<Record<SaleLineType, bigint>>) =>
  Object.fromEntries(FIGURE_LINE_TYPES.map((type) => [type, entries[type] ?? 0n]));

const dayOf = (figures: ReturnType<typeof shopifyFigures>, date: string) =>
  figures.days.find((day) => day.date === date);

/** Σ sales − discounts + refunds + taxes = total sales: the figures tie to what the orders were charged. */
function expectTies(amounts: ShopifyFigureAmounts): void {
  const grossSales = Object.values(amounts.salesByLineType).reduce((sum, amount) => sum + amount, 0n);
  expect(grossSales - amounts.discountsMinor + amounts.refundsMinor + amounts.taxesMinor).toBe(
    amounts.totalSalesMinor,
  );
}

describe("shopifyFigures", () => {
  it("reads an order paid at checkout as gross sales by line type, discounts, taxes and payments", () => {
    const figures = shopifyFigures([makeOrder1042()], MARCH);
    expect(dayOf(figures, "2026-03-14")).toEqual({
      date: "2026-03-14",
      adopted: false,
      orders: 1,
      events: 3,
      // Tee 87.48 − 6.48 tax + 19.00 discount, mug 29.16 − 2.16 + 3.00; shipping 10.80 − 0.80.
      salesByLineType: sales({ PRODUCT: minor("130.00"), SHIPPING: minor("10.00") }),
      discountsMinor: minor("22.00"),
      refundsMinor: 0n,
      taxesMinor: minor("9.44"),
      totalSalesMinor: minor("127.44"),
      paymentsByGateway: { gift_card: minor("20.00"), shopify_payments: minor("107.44") },
    });
  });

  it("reads a return as a refund before tax, a negative tax and a negative payment, on its own day", () => {
    const figures = shopifyFigures([order1042WithReturn()], MARCH);
    expect(dayOf(figures, "2026-03-20")).toMatchObject({
      orders: 1,
      events: 2,
      salesByLineType: sales({}),
      discountsMinor: 0n,
      refundsMinor: -minor("27.00"),
      taxesMinor: -minor("2.16"),
      totalSalesMinor: -minor("29.16"),
      paymentsByGateway: { shopify_payments: -minor("29.16") },
    });
    expect(figures.totals).toMatchObject({
      orders: 1, // one order over two days counts once in the period
      events: 5,
      refundsMinor: -minor("27.00"),
      taxesMinor: minor("7.28"),
      totalSalesMinor: minor("98.28"),
      paymentsByGateway: { gift_card: minor("20.00"), shopify_payments: minor("78.28") },
    });
    for (const day of figures.days) expectTies(day);
    expectTies(figures.totals);
  });

  it("lists every day of the period, days without events as zeros", () => {
    const figures = shopifyFigures([makeOrder1042()], MARCH);
    expect(figures.days.map((day) => day.date)).toHaveLength(31);
    expect(dayOf(figures, "2026-03-01")).toMatchObject({
      orders: 0,
      events: 0,
      totalSalesMinor: 0n,
      salesByLineType: sales({}),
      paymentsByGateway: {},
    });
  });

  it.each([
    ["TIP", "2.00"],
    ["GIFT_CARD", "50.00"],
    ["DUTY", "7.10"],
    ["ADDITIONAL_FEE", "1.50"],
    ["FEE", "0.99"],
    ["ADJUSTMENT", "3.00"],
    ["UNKNOWN", "4.00"],
  ] as const)("puts a %s sale of %s in its own column", (lineType, amount) => {
    const order = makeOrder({
      salesEvents: [makeSalesEvent({ sales: [makeSale({ lineType, totalAmountMinor: minor(amount) })] })],
    });
    const day = dayOf(shopifyFigures([order], MARCH), "2026-03-14");
    expect(day?.salesByLineType).toEqual(sales({ [lineType]: minor(amount) }));
    expect(day?.totalSalesMinor).toBe(minor(amount));
  });

  it("counts every sale of a refund agreement as a refund, and an edit's removed line as negative sales", () => {
    const refund = makeSalesEvent({
      id: "gid://shopify/RefundAgreement/5",
      reason: "REFUND",
      sales: [
        makeSale({
          lineType: "SHIPPING",
          actionType: "RETURN",
          totalAmountMinor: -minor("10.80"),
          totalTaxMinor: -minor("0.80"),
        }),
        makeSale({ lineType: "ADJUSTMENT", actionType: "UPDATE", totalAmountMinor: minor("2.00") }),
      ],
    });
    // Shopify may report the removed line's discount unsigned: it is given back, not added.
    const edit = makeSalesEvent({
      id: "gid://shopify/OrderEditAgreement/6",
      reason: "ORDER_EDIT",
      sales: [
        makeSale({
          actionType: "UPDATE",
          totalAmountMinor: -minor("27.00"),
          discountBeforeTaxesMinor: minor("3.00"),
        }),
      ],
    });
    const day = dayOf(shopifyFigures([makeOrder({ salesEvents: [refund, edit] })], MARCH), "2026-03-14");
    expect(day).toMatchObject({
      refundsMinor: -minor("8.00"), // −10.00 shipping refunded + 2.00 restocking fee
      taxesMinor: -minor("0.80"),
      salesByLineType: sales({ PRODUCT: -minor("30.00") }),
      discountsMinor: -minor("3.00"),
      totalSalesMinor: -minor("35.80"),
    });
    expectTies(day!);
  });

  it("adds SALE and CAPTURE and subtracts REFUND per gateway, exactly", () => {
    const order = makeOrder({
      paymentEvents: [
        makePayment({ id: "t1", kind: "SALE", gateway: "paypal", amountMinor: minor("10.01") }),
        makePayment({ id: "t2", kind: "CAPTURE", gateway: "shopify_payments", amountMinor: minor("99.99") }),
        makePayment({ id: "t3", kind: "REFUND", gateway: "shopify_payments", amountMinor: minor("0.33") }),
        makePayment({ id: "t4", kind: "SALE", gateway: "manual", amountMinor: minor("0.01") }),
      ],
    });
    const figures = shopifyFigures([order], MARCH);
    expect(dayOf(figures, "2026-03-14")?.paymentsByGateway).toEqual({
      manual: minor("0.01"),
      paypal: minor("10.01"),
      shopify_payments: minor("99.66"),
    });
    expect(Object.keys(figures.totals.paymentsByGateway)).toEqual(["manual", "paypal", "shopify_payments"]);
  });

  it("leaves test orders out and counts them, unless the tenant includes test orders", () => {
    const orders = [makeOrder1042({ id: "gid://shopify/Order/1", test: true }), makeOrder1042()];
    const figures = shopifyFigures(orders, MARCH);
    expect(figures.testOrdersExcluded).toBe(1);
    expect(figures.totals).toMatchObject({ orders: 1, totalSalesMinor: minor("127.44") });
    const included = shopifyFigures(orders, { ...MARCH, includeTestOrders: true });
    expect(included).toMatchObject({ testOrdersExcluded: 0, totals: { orders: 2 } });
    expect(included.totals.totalSalesMinor).toBe(minor("254.88"));
  });

  it("flags days before the accounting start date as adopted and totals them apart", () => {
    const figures = shopifyFigures([order1042WithReturn()], { ...MARCH, accountingStartDate: "2026-03-15" });
    expect(dayOf(figures, "2026-03-14")?.adopted).toBe(true);
    expect(dayOf(figures, "2026-03-15")?.adopted).toBe(false);
    const { date: _date, adopted: _adopted, ...adoptedDay } = dayOf(figures, "2026-03-14")!;
    expect(figures.adoptedTotals).toEqual(adoptedDay);
    expect(figures.totals.totalSalesMinor - figures.adoptedTotals.totalSalesMinor).toBe(-minor("29.16"));
  });

  it("puts an event at 23:30 local on the last day in the period, and one at 00:30 the next day out", () => {
    const inLosAngeles = { ...MARCH, timeZone: "America/Los_Angeles" };
    const at = (id: string, processedAt: string) =>
      makeOrder({ id, paymentEvents: [makePayment({ processedAt, amountMinor: minor("1.00") })] });
    const figures = shopifyFigures(
      [at("late", "2026-04-01T06:30:00Z"), at("next-day", "2026-04-01T07:30:00Z")],
      inLosAngeles,
    );
    expect(dayOf(figures, "2026-03-31")).toMatchObject({
      orders: 1,
      paymentsByGateway: { shopify_payments: minor("1.00") },
    });
    expect(figures.totals).toMatchObject({ orders: 1, events: 1 });
  });
});
