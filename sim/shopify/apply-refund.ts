import { formatGateway } from "./build-order.js";
import { saleTotalMinor } from "./build-sales.js";
import type { IdAllocator } from "./id-allocator.js";
import { unitShare } from "./money.js";
import { computeOrderAmounts } from "./order-math.js";
import type { SimOrder, SimRefund, SimSale } from "./types.js";

export interface RefundRequest {
  lineItems?: { lineItemGid: string; quantity: number }[];
  shipping?: boolean;
  at?: Date;
  gateway?: string;
}

/**
 * Adds a refund: a RefundAgreement of RETURN sales (negative amounts, each component shared per unit
 * with telescoping rounding so refunding every unit returns exactly the original), the Refund record
 * and one REFUND transaction for the whole amount to the original card gateway.
 */
export function applyRefund(
  order: SimOrder,
  request: RefundRequest,
  ids: IdAllocator,
  nowMs: number,
): SimRefund {
  const atMs = request.at?.getTime() ?? nowMs;
  const orderSales = order.agreements.filter((a) => a.reason === "ORDER").flatMap((a) => a.sales);
  const refundId = ids.next("Refund");
  const refund: SimRefund = {
    id: refundId,
    processedAtMs: atMs,
    note: null,
    lineItems: [],
    shipping: null,
    transactionIds: [],
  };
  const sales: SimSale[] = [];
  for (const item of request.lineItems ?? []) {
    const lineId = item.lineItemGid.replace(/^gid:\/\/shopify\/LineItem\//, "");
    const line = order.lineItems.find((l) => l.id === lineId);
    const sale = orderSales.find((s) => s.lineItemId === lineId);
    if (!line || !sale) throw new Error(`simulator: order ${order.gid} has no line item ${item.lineItemGid}`);
    const done = order.refunds.flatMap((r) => r.lineItems).filter((r) => r.lineItemId === lineId);
    const doneQty = done.reduce((s, r) => s + r.quantity, 0);
    if (doneQty + item.quantity > line.quantity)
      throw new Error(`simulator: refund exceeds quantity of ${item.lineItemGid}`);
    const ret = returnSale(sale, doneQty, item.quantity, line.quantity, ids);
    sales.push(ret);
    const tax = -ret.taxes.reduce((s, t) => s + t.amountMinor, 0);
    const net = -saleTotalMinor(ret) - (order.taxesIncluded ? 0 : tax);
    refund.lineItems.push({
      id: ids.next("RefundLineItem"),
      lineItemId: lineId,
      quantity: item.quantity,
      subtotalMinor: net,
      taxMinor: tax,
    });
  }
  if (request.shipping) {
    const sale = orderSales.find((s) => s.lineType === "SHIPPING");
    const already = order.refunds.some((r) => r.shipping);
    if (sale && !already) {
      const ret = returnSale(sale, 0, 1, 1, ids);
      sales.push(ret);
      const tax = -ret.taxes.reduce((s, t) => s + t.amountMinor, 0);
      const subtotal = -saleTotalMinor(ret) - (order.taxesIncluded ? 0 : tax);
      refund.shipping = {
        id: ids.next("RefundShippingLine"),
        shippingLineId: sale.shippingLineId!,
        subtotalMinor: subtotal,
        taxMinor: tax,
      };
    }
  }
  const amount = -sales.reduce((s, x) => s + saleTotalMinor(x), 0);
  const paid = computeOrderAmounts(order);
  const parent = order.transactions.find(
    (t) =>
      (t.kind === "SALE" || t.kind === "CAPTURE") &&
      t.status === "SUCCESS" &&
      (!request.gateway ? t.gateway !== "gift_card" : t.gateway === request.gateway),
  );
  const gateway = request.gateway ?? parent?.gateway ?? "shopify_payments";
  const refundable = paid.received - paid.refunded;
  const moneyBack = Math.min(amount, refundable);
  if (moneyBack > 0) {
    const id = ids.next("OrderTransaction");
    order.transactions.push({
      id,
      kind: "REFUND",
      status: "SUCCESS",
      gateway,
      formattedGateway: formatGateway(gateway),
      amountMinor: moneyBack,
      processedAtMs: atMs,
      parentId: parent?.id ?? null,
      test: order.test,
    });
    refund.transactionIds.push(id);
  }
  order.refunds.push(refund);
  order.agreements.push({
    id: ids.next("SalesAgreement"),
    typename: "RefundAgreement",
    reason: "REFUND",
    happenedAtMs: atMs,
    refundId,
    sales,
  });
  order.updatedAtMs = Math.max(order.updatedAtMs + 1000, atMs);
  return refund;
}

function returnSale(
  sale: SimSale,
  doneQty: number,
  qty: number,
  totalQty: number,
  ids: IdAllocator,
): SimSale {
  const share = (v: number) => -unitShare(v, doneQty, qty, totalQty);
  const ret: SimSale = {
    id: ids.next("Sale"),
    typename: sale.typename,
    lineType: sale.lineType,
    actionType: "RETURN",
    quantity: sale.quantity === null ? null : -qty,
    grossMinor: share(sale.grossMinor),
    discountBeforeTaxMinor: share(sale.discountBeforeTaxMinor),
    discountAfterTaxMinor: share(sale.discountAfterTaxMinor),
    taxes: sale.taxes.map((t) => ({ ...t, id: ids.next("SaleTax"), amountMinor: share(t.amountMinor) })),
  };
  if (sale.lineItemId) ret.lineItemId = sale.lineItemId;
  if (sale.shippingLineId) ret.shippingLineId = sale.shippingLineId;
  return ret;
}
