import { formatDecimal, ppmToRate } from "./money.js";
import type { SimTaxLine } from "./types.js";

export interface MoneyContext {
  currency: string;
  decimals: number;
}

/** MoneyBag with equal shop and presentment amounts (the simulator sells in the shop currency only). */
export function moneyBag(minor: number, m: MoneyContext) {
  const money = { amount: formatDecimal(minor, m.decimals), currencyCode: m.currency };
  return { shopMoney: money, presentmentMoney: money };
}

export function moneyV2(minor: number, m: MoneyContext) {
  return { amount: formatDecimal(minor, m.decimals), currencyCode: m.currency };
}

export function taxLineView(
  t: Pick<SimTaxLine, "title" | "ratePpm" | "amountMinor" | "channelLiable">,
  m: MoneyContext,
) {
  return {
    title: t.title,
    rate: ppmToRate(t.ratePpm),
    ratePercentage: t.ratePpm / 10_000,
    channelLiable: t.channelLiable,
    priceSet: moneyBag(t.amountMinor, m),
    price: formatDecimal(t.amountMinor, m.decimals),
    source: "Shopify",
  };
}
