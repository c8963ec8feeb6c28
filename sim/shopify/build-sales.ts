import type { IdAllocator } from "./id-allocator.js";
import { taxExclusive, taxInclusive } from "./money.js";
import type { SaleLineType, SaleTypename, SimSale, SimTaxLine } from "./types.js";

export interface SaleSource {
  typename: SaleTypename;
  lineType: SaleLineType;
  quantity: number | null;
  lineItemId?: string;
  shippingLineId?: string;
  /** price × quantity as charged (tax-inclusive shops: includes tax) */
  amountMinor: number;
  discountMinor: number;
  /** the taxes actually charged on amount − discount */
  taxLines: SimTaxLine[];
}

/**
 * Shopify's ORDER sale for one line: gross and discount are reported before tax, so for a tax-inclusive
 * shop the tax share of the undiscounted amount is taken out of gross and the discount loses the tax
 * it no longer carries. totalAmount = gross − discountBeforeTax + Σ tax holds exactly in both modes.
 */
export function buildOrderSale(source: SaleSource, taxesIncluded: boolean, ids: IdAllocator): SimSale {
  const tax = source.taxLines.reduce((s, t) => s + t.amountMinor, 0);
  const undiscountedTax = source.taxLines.reduce(
    (s, t) =>
      s +
      (taxesIncluded
        ? taxInclusive(source.amountMinor, t.ratePpm)
        : taxExclusive(source.amountMinor, t.ratePpm)),
    0,
  );
  const taxOnDiscount = undiscountedTax - tax;
  const sale: SimSale = {
    id: ids.next("Sale"),
    typename: source.typename,
    lineType: source.lineType,
    actionType: "ORDER",
    quantity: source.quantity,
    grossMinor: taxesIncluded ? source.amountMinor - undiscountedTax : source.amountMinor,
    discountBeforeTaxMinor: taxesIncluded ? source.discountMinor - taxOnDiscount : source.discountMinor,
    discountAfterTaxMinor: taxesIncluded ? source.discountMinor : source.discountMinor + taxOnDiscount,
    taxes: source.taxLines.map((t) => ({
      id: ids.next("SaleTax"),
      title: t.title,
      ratePpm: t.ratePpm,
      amountMinor: t.amountMinor,
      channelLiable: t.channelLiable,
    })),
  };
  if (source.lineItemId) sale.lineItemId = source.lineItemId;
  if (source.shippingLineId) sale.shippingLineId = source.shippingLineId;
  return sale;
}

export function saleTaxMinor(sale: SimSale): number {
  return sale.taxes.reduce((s, t) => s + t.amountMinor, 0);
}

/** Sale.totalAmount: after discounts and taxes. */
export function saleTotalMinor(sale: SimSale): number {
  return sale.grossMinor - sale.discountBeforeTaxMinor + saleTaxMinor(sale);
}
