import { saleTotalMinor } from "./build-sales.js";
import type { SimOrder, SimSale } from "./types.js";

export interface LocationTypeTotals {
  productGross: number;
  productDiscounts: number;
  returnsGross: number;
  returnDiscounts: number;
}

/**
 * Shopify's own view of one order's money, in integer minor units of the shop currency, computed from
 * the simulator's sales ledger (agreements) and transactions. Revenue-side amounts are before tax
 * (tax-inclusive shops: the included tax is taken out), discounts before tax. Returns and refunds are
 * positive numbers in their own fields.
 */
export interface ExpectedTotals {
  currency: string;
  decimals: number;
  /** PRODUCT sales of ORDER agreements: price × qty before tax and discounts */
  productGross: number;
  productDiscounts: number;
  /** PRODUCT sales of REFUND agreements (returned goods), positive */
  returnsGross: number;
  returnDiscounts: number;
  /** SHIPPING sales of ORDER agreements, before tax */
  shippingGross: number;
  shippingDiscounts: number;
  /** refunded shipping, net of its discount, before tax, positive */
  shippingRefunds: number;
  /** the shipping discount given back by those refunds, positive (free shipping refunded: gross back, discount back) */
  shippingRefundDiscounts: number;
  /** merchant-liable tax by tax-line title, net of refunded tax */
  taxByTitle: Record<string, number>;
  /** channel-liable (marketplace-remitted) tax by title, net of refunds */
  channelTaxByTitle: Record<string, number>;
  /** GIFT_CARD sales net of returns (a liability, not revenue) */
  giftCardSales: number;
  tips: number;
  duties: number;
  fees: number;
  adjustments: number;
  /** successful SALE and CAPTURE transactions per gateway (gift_card = redemptions) */
  paymentsByGateway: Record<string, number>;
  /** successful REFUND transactions per gateway, positive */
  refundsByGateway: Record<string, number>;
  /** Σ sales totalAmount − payments + refunds: what the customer still owes */
  outstanding: number;
  /** product amounts by fulfillment location (else retail location, else "(none)") and product type */
  byLocation: Record<string, Record<string, LocationTypeTotals>>;
}

export function computeExpectedTotals(order: SimOrder): ExpectedTotals {
  const t: ExpectedTotals = {
    currency: order.currency,
    decimals: order.decimals,
    productGross: 0,
    productDiscounts: 0,
    returnsGross: 0,
    returnDiscounts: 0,
    shippingGross: 0,
    shippingDiscounts: 0,
    shippingRefunds: 0,
    shippingRefundDiscounts: 0,
    taxByTitle: {},
    channelTaxByTitle: {},
    giftCardSales: 0,
    tips: 0,
    duties: 0,
    fees: 0,
    adjustments: 0,
    paymentsByGateway: {},
    refundsByGateway: {},
    outstanding: 0,
    byLocation: {},
  };
  const add = (map: Record<string, number>, key: string, v: number) => {
    map[key] = (map[key] ?? 0) + v;
  };
  for (const sale of order.agreements.flatMap((a) => a.sales)) {
    addSale(t, order, sale);
    for (const tax of sale.taxes)
      add(tax.channelLiable ? t.channelTaxByTitle : t.taxByTitle, tax.title, tax.amountMinor);
    t.outstanding += saleTotalMinor(sale);
  }
  for (const tx of order.transactions) {
    if (tx.status !== "SUCCESS") continue;
    if (tx.kind === "SALE" || tx.kind === "CAPTURE") {
      add(t.paymentsByGateway, tx.gateway, tx.amountMinor);
      t.outstanding -= tx.amountMinor;
    } else if (tx.kind === "REFUND") {
      add(t.refundsByGateway, tx.gateway, tx.amountMinor);
      t.outstanding += tx.amountMinor;
    }
  }
  return t;
}

function addSale(t: ExpectedTotals, order: SimOrder, sale: SimSale): void {
  const isReturn = sale.actionType === "RETURN";
  const net = sale.grossMinor - sale.discountBeforeTaxMinor;
  switch (sale.lineType) {
    case "PRODUCT": {
      const bucket = locationBucket(t, order, sale);
      if (isReturn) {
        t.returnsGross -= sale.grossMinor;
        t.returnDiscounts -= sale.discountBeforeTaxMinor;
        bucket.returnsGross -= sale.grossMinor;
        bucket.returnDiscounts -= sale.discountBeforeTaxMinor;
      } else {
        t.productGross += sale.grossMinor;
        t.productDiscounts += sale.discountBeforeTaxMinor;
        bucket.productGross += sale.grossMinor;
        bucket.productDiscounts += sale.discountBeforeTaxMinor;
      }
      return;
    }
    case "SHIPPING":
      if (isReturn) {
        t.shippingRefunds -= net;
        t.shippingRefundDiscounts -= sale.discountBeforeTaxMinor;
      } else {
        t.shippingGross += sale.grossMinor;
        t.shippingDiscounts += sale.discountBeforeTaxMinor;
      }
      return;
    case "GIFT_CARD":
      t.giftCardSales += net;
      return;
    case "TIP":
      t.tips += net;
      return;
    case "ADJUSTMENT":
      t.adjustments += net;
      return;
  }
}

function locationBucket(t: ExpectedTotals, order: SimOrder, sale: SimSale): LocationTypeTotals {
  const line = order.lineItems.find((l) => l.id === sale.lineItemId);
  const fulfilled = order.fulfillments.find((f) => f.lineItems.some((x) => x.lineItemId === sale.lineItemId));
  const location = fulfilled?.location ?? order.retailLocation ?? "(none)";
  const type = line?.productType ?? "";
  const byType = t.byLocation[location] ?? {};
  t.byLocation[location] = byType;
  const bucket = byType[type] ?? {
    productGross: 0,
    productDiscounts: 0,
    returnsGross: 0,
    returnDiscounts: 0,
  };
  byType[type] = bucket;
  return bucket;
}
