import { parseDecimalToMinor } from "../../domain/money.js";
import type { OrderSnapshot, PaymentEvent, Sale } from "../../domain/order.js";
import { makeLineItem, makeOrder, makePayment, makeSale, makeSalesEvent, makeSaleTax } from "./make-order.js";

/** `"127.44"` → 12744n (2 decimals unless told). */
export function minor(amount: string, decimals = 2): bigint {
  return parseDecimalToMinor(amount, decimals);
}

export const TEE_LINE_ID = "gid://shopify/LineItem/14011111111111";
export const MUG_LINE_ID = "gid://shopify/LineItem/14022222222222";

/** The sales of order #1042 (reference/shopify.md §1.9, §6.6): tax-exclusive 8 %, 22.00 of discounts. */
export function order1042Sales(): Sale[] {
  const tax = (amount: string) => [makeSaleTax("State Tax", minor(amount))];
  return [
    makeSale({
      id: "gid://shopify/ProductSale/1",
      lineItemId: TEE_LINE_ID,
      quantity: 2,
      totalAmountMinor: minor("87.48"),
      totalTaxMinor: minor("6.48"),
      discountBeforeTaxesMinor: minor("19.00"),
      taxes: tax("6.48"),
    }),
    makeSale({
      id: "gid://shopify/ProductSale/2",
      lineItemId: MUG_LINE_ID,
      totalAmountMinor: minor("29.16"),
      totalTaxMinor: minor("2.16"),
      discountBeforeTaxesMinor: minor("3.00"),
      taxes: tax("2.16"),
    }),
    makeSale({
      id: "gid://shopify/ShippingSale/3",
      lineType: "SHIPPING",
      totalAmountMinor: minor("10.80"),
      totalTaxMinor: minor("0.80"),
      taxes: tax("0.80"),
    }),
  ];
}

/** Order #1042 paid at checkout: 20.00 by gift card + 107.44 by Shopify Payments, 2026-03-14 10:21 New York. */
export function makeOrder1042(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  const processedAt = "2026-03-14T14:21:05Z";
  const payments: PaymentEvent[] = [
    makePayment({
      id: "gid://shopify/OrderTransaction/9001",
      gateway: "gift_card",
      amountMinor: minor("20.00"),
      processedAt,
    }),
    makePayment({ id: "gid://shopify/OrderTransaction/9002", amountMinor: minor("107.44"), processedAt }),
  ];
  return makeOrder({
    tags: ["vip", "wholesale"],
    lineItems: [
      makeLineItem({ id: TEE_LINE_ID }),
      makeLineItem({ id: MUG_LINE_ID, sku: "MUG-01", name: "Mug", productType: "Homeware" }),
    ],
    salesEvents: [
      makeSalesEvent({
        id: "gid://shopify/OrderAgreement/1042",
        happenedAt: processedAt,
        sales: order1042Sales(),
      }),
    ],
    paymentEvents: payments,
    ...overrides,
  });
}

/**
 * The mug of #1042 returned and refunded to the card on 2026-03-20 (§6.6): a RETURN sale of −29.16
 * (tax −2.16, discount −3.00) and a 29.16 Shopify Payments REFUND.
 */
export function mugRefundEvents(happenedAt = "2026-03-20T15:00:00Z") {
  const sale = makeSale({
    id: "gid://shopify/ProductSale/4",
    lineItemId: MUG_LINE_ID,
    actionType: "RETURN",
    quantity: -1,
    totalAmountMinor: minor("-29.16"),
    totalTaxMinor: minor("-2.16"),
    discountBeforeTaxesMinor: minor("-3.00"),
    taxes: [makeSaleTax("State Tax", minor("-2.16"))],
  });
  return {
    salesEvent: makeSalesEvent({
      id: "gid://shopify/ReturnAgreement/77",
      reason: "RETURN",
      happenedAt,
      sales: [sale],
    }),
    payment: makePayment({
      id: "gid://shopify/OrderTransaction/9010",
      kind: "REFUND",
      amountMinor: minor("29.16"),
      processedAt: happenedAt,
    }),
  };
}

/**
 * The tax-inclusive example of §6.6 (EU, VAT 20 % included): one line 120.00, shipping 6.00, VAT
 * 20.00 + 1.00, total 126.00 paid by Shopify Payments.
 */
export function makeVatOrder(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  const vat = (amount: string) => [makeSaleTax("VAT 20%", minor(amount))];
  return makeOrder({
    name: "#2001",
    currency: "EUR",
    taxesIncluded: true,
    shippingCountryCode: "NL",
    lineItems: [makeLineItem({ id: TEE_LINE_ID })],
    salesEvents: [
      makeSalesEvent({
        sales: [
          makeSale({
            id: "gid://shopify/ProductSale/21",
            lineItemId: TEE_LINE_ID,
            totalAmountMinor: minor("120.00"),
            totalTaxMinor: minor("20.00"),
            taxes: vat("20.00"),
          }),
          makeSale({
            id: "gid://shopify/ShippingSale/22",
            lineType: "SHIPPING",
            totalAmountMinor: minor("6.00"),
            totalTaxMinor: minor("1.00"),
            taxes: vat("1.00"),
          }),
        ],
      }),
    ],
    paymentEvents: [makePayment({ amountMinor: minor("126.00") })],
    ...overrides,
  });
}
