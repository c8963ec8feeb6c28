import { sumAllocations } from "./build-order.js";
import { saleTaxMinor, saleTotalMinor } from "./build-sales.js";
import type { SimLineItem, SimOrder, SimSale } from "./types.js";

export type FinancialStatus = "PENDING" | "PARTIALLY_PAID" | "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED";

/** An order's money as Shopify's Order object reports it, derived from the sim's own records. */
export interface OrderAmounts {
  lineItemsPrice: number;
  subtotal: number;
  currentSubtotal: number;
  totalDiscounts: number;
  currentDiscounts: number;
  cartDiscount: number;
  shipping: number;
  currentShipping: number;
  totalTax: number;
  currentTax: number;
  totalPrice: number;
  currentTotalPrice: number;
  tip: number;
  received: number;
  refunded: number;
  refundedShipping: number;
  outstanding: number;
}

const allSales = (o: SimOrder): SimSale[] => o.agreements.flatMap((a) => a.sales);
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

export function visibleLines(order: SimOrder): SimLineItem[] {
  return order.lineItems.filter((l) => !l.isTip);
}

export function computeOrderAmounts(order: SimOrder): OrderAmounts {
  const sales = allSales(order);
  const orderSales = sales.filter((s) => s.actionType === "ORDER");
  const lines = visibleLines(order);
  const lineNet = (l: SimLineItem) => l.unitPriceMinor * l.quantity - sumAllocations(l.discountAllocations);
  const subtotal = sum(lines.map(lineNet));
  const refundedLines = sum(order.refunds.flatMap((r) => r.lineItems.map((x) => x.subtotalMinor)));
  const shippingPrice = sum(order.shippingLines.map((s) => s.priceMinor));
  const shippingDiscount = sum(order.shippingLines.map((s) => sumAllocations(s.discountAllocations)));
  const refundedShipping = sum(order.refunds.map((r) => r.shipping?.subtotalMinor ?? 0));
  const lineDiscounts = sum(lines.map((l) => sumAllocations(l.discountAllocations)));
  const cartIndexes = new Set(
    order.discountApplications
      .filter((a) => a.kind === "discount_code" && a.targetType === "line_item")
      .map((a) => a.index),
  );
  const received = sum(
    order.transactions
      .filter((t) => (t.kind === "SALE" || t.kind === "CAPTURE") && t.status === "SUCCESS")
      .map((t) => t.amountMinor),
  );
  const refunded = sum(
    order.transactions.filter((t) => t.kind === "REFUND" && t.status === "SUCCESS").map((t) => t.amountMinor),
  );
  const currentTotalPrice = sum(sales.map(saleTotalMinor));
  const refundedLineDiscounts = sum(
    sales
      .filter((s) => s.actionType === "RETURN" && s.lineType !== "SHIPPING")
      .map((s) => -s.discountAfterTaxMinor),
  );
  return {
    lineItemsPrice: sum(lines.map((l) => l.unitPriceMinor * l.quantity)),
    subtotal,
    currentSubtotal: subtotal - refundedLines,
    totalDiscounts: lineDiscounts + shippingDiscount,
    currentDiscounts: lineDiscounts + shippingDiscount - refundedLineDiscounts,
    cartDiscount: sum(
      lines.flatMap((l) =>
        l.discountAllocations.filter((a) => cartIndexes.has(a.applicationIndex)).map((a) => a.amountMinor),
      ),
    ),
    shipping: shippingPrice,
    currentShipping: shippingPrice - shippingDiscount - refundedShipping,
    totalTax: sum(orderSales.map(saleTaxMinor)),
    currentTax: sum(sales.map(saleTaxMinor)),
    totalPrice: sum(orderSales.map(saleTotalMinor)),
    currentTotalPrice,
    tip: sum(orderSales.filter((s) => s.lineType === "TIP").map(saleTotalMinor)),
    received,
    refunded,
    refundedShipping,
    outstanding: Math.max(0, currentTotalPrice - (received - refunded)),
  };
}

export function financialStatus(order: SimOrder, amounts = computeOrderAmounts(order)): FinancialStatus {
  if (amounts.refunded > 0) return amounts.refunded >= amounts.received ? "REFUNDED" : "PARTIALLY_REFUNDED";
  if (amounts.received === 0) return amounts.totalPrice === 0 ? "PAID" : "PENDING";
  return amounts.received < amounts.totalPrice ? "PARTIALLY_PAID" : "PAID";
}
