import type { OrderSnapshot } from "../../domain/order.js";
import { makeLineItem, makeOrder, makePayment, makeSale, makeSalesEvent, makeSaleTax } from "./make-order.js";
import { minor, order1042Sales, TEE_LINE_ID } from "./reference-orders.js";

/**
 * A discounted tax-inclusive VAT order (EUR, 20 % included): 3 × 19.99 = 59.97 with 15 % off →
 * 50.97, VAT rounded per line 8.50, so 42.47 net and 7.50 of discount before tax; shipping 4.95 with
 * 0.83 VAT; 55.92 paid by card. `vatLines` lets a test make Shopify's tax lines disagree with the total.
 */
export function makeDiscountedVatOrder(vatLines = "8.50"): OrderSnapshot {
  return makeOrder({
    name: "#2002",
    currency: "EUR",
    taxesIncluded: true,
    shippingCountryCode: "NL",
    lineItems: [makeLineItem()],
    salesEvents: [
      makeSalesEvent({
        sales: [
          makeSale({
            id: "gid://shopify/ProductSale/31",
            lineItemId: TEE_LINE_ID,
            quantity: 3,
            totalAmountMinor: minor("50.97"),
            totalTaxMinor: minor("8.50"),
            discountBeforeTaxesMinor: minor("7.50"),
            taxes: [makeSaleTax("VAT 20%", minor(vatLines))],
          }),
          makeSale({
            id: "gid://shopify/ShippingSale/32",
            lineType: "SHIPPING",
            totalAmountMinor: minor("4.95"),
            totalTaxMinor: minor("0.83"),
            taxes: [makeSaleTax("VAT 20%", minor("0.83"))],
          }),
        ],
      }),
    ],
    paymentEvents: [makePayment({ amountMinor: minor("55.92") })],
  });
}

/** A JPY order (0 decimals, 10 % consumption tax included): 3,300 + shipping 550, paid 3,850. */
export function makeJpyOrder(): OrderSnapshot {
  const yen = (amount: string) => minor(amount, 0);
  return makeOrder({
    name: "#3001",
    currency: "JPY",
    taxesIncluded: true,
    shippingCountryCode: "JP",
    lineItems: [makeLineItem()],
    salesEvents: [
      makeSalesEvent({
        happenedAt: "2026-03-14T05:00:00Z",
        sales: [
          makeSale({
            lineItemId: TEE_LINE_ID,
            totalAmountMinor: yen("3300"),
            totalTaxMinor: yen("300"),
            taxes: [makeSaleTax("JCT 10%", yen("300"))],
          }),
          makeSale({
            lineType: "SHIPPING",
            totalAmountMinor: yen("550"),
            totalTaxMinor: yen("50"),
            taxes: [makeSaleTax("JCT 10%", yen("50"))],
          }),
        ],
      }),
    ],
    paymentEvents: [makePayment({ amountMinor: yen("3850"), processedAt: "2026-03-14T05:00:00Z" })],
  });
}

/**
 * A KWD order (3 decimals, no tax): 2 × 12.250 with 2.451 off → 22.049, shipping 1.500, paid
 * 23.549 at once; the two units ship on 03-16 and 03-18.
 */
export function makeKwdOrder(): OrderSnapshot {
  const fils = (amount: string) => minor(amount, 3);
  const shipOne = (id: string, happenedAt: string) => ({
    id,
    happenedAt,
    locationName: "Kuwait City",
    lines: [{ lineItemId: TEE_LINE_ID, quantity: 1 }],
  });
  return makeOrder({
    name: "#4001",
    currency: "KWD",
    shippingCountryCode: "KW",
    lineItems: [makeLineItem()],
    salesEvents: [
      makeSalesEvent({
        sales: [
          makeSale({
            lineItemId: TEE_LINE_ID,
            quantity: 2,
            totalAmountMinor: fils("22.049"),
            discountBeforeTaxesMinor: fils("2.451"),
          }),
          makeSale({ lineType: "SHIPPING", totalAmountMinor: fils("1.500") }),
        ],
      }),
    ],
    paymentEvents: [makePayment({ amountMinor: fils("23.549") })],
    fulfillmentEvents: [
      shipOne("gid://shopify/Fulfillment/601", "2026-03-16T09:00:00Z"),
      shipOne("gid://shopify/Fulfillment/602", "2026-03-18T09:00:00Z"),
    ],
  });
}

/** #1042's sales sold cash on delivery: unpaid at checkout, 127.44 collected three days later. */
export function makeCodOrder(): OrderSnapshot {
  return makeOrder({
    name: "#1043",
    lineItems: [makeLineItem(), makeLineItem({ id: "gid://shopify/LineItem/14022222222222", sku: "MUG-01" })],
    salesEvents: [makeSalesEvent({ sales: order1042Sales() })],
    paymentEvents: [
      makePayment({
        id: "gid://shopify/OrderTransaction/9200",
        gateway: "Cash on Delivery (COD)",
        amountMinor: minor("127.44"),
        processedAt: "2026-03-17T18:30:00Z",
      }),
    ],
  });
}

/** A POS cash sale in Canada (pennies rounded to 0.05): 9.99 + 0.50 GST = 10.49 due, 10.50 paid. */
export function makeCashRoundedOrder(): OrderSnapshot {
  return makeOrder({
    name: "#5001",
    currency: "CAD",
    sourceName: "pos",
    retailLocationName: "Toronto Store",
    shippingCountryCode: null,
    lineItems: [makeLineItem()],
    salesEvents: [
      makeSalesEvent({
        sales: [
          makeSale({
            lineItemId: TEE_LINE_ID,
            totalAmountMinor: minor("10.49"),
            totalTaxMinor: minor("0.50"),
            taxes: [makeSaleTax("GST", minor("0.50"))],
          }),
        ],
      }),
    ],
    paymentEvents: [makePayment({ gateway: "cash", amountMinor: minor("10.50"), cashRoundingMinor: 1n })],
  });
}
