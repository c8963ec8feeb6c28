import type { ExpectedTotals } from "../../../sim/shopify/index.js";

/** The demo tenant's accounts and rules, as plain data shared by its config and this check. */
export const DEMO_ACCOUNTS = {
  receivable: "100.1130",
  clearing: { shopify_payments: "100.1115", paypal: "100.1116", default: "100.1118" } as Record<
    string,
    string
  >,
  revenue: "100.4100",
  discounts: "100.4150",
  returns: "100.4160",
  refundAdjustments: "100.4170",
  shipping: "100.4300",
  fees: "100.4500",
  taxPayable: { default: "100.2110", "CA State Tax": "100.2111" } as Record<string, string>,
  channelTax: "100.2115",
  giftCardLiability: "100.2400",
  storeCredit: "100.2410",
  tips: "100.2450",
  duties: "100.2460",
  deferredRevenue: "100.2480",
  rounding: "100.7990",
};

export const DEMO_RULES = [
  { match: { location: "Reno DC" }, costCenter: "140" },
  { match: { productType: "Outerwear" }, revenueAccount: "4120" },
];

/** Where an order's lines ship from, as the Shopify simulator recorded it. */
export interface OrderPlaces {
  retailLocation: string | null;
  lineItems: { location: string | null; isTip?: boolean }[];
}

/**
 * What JDE should hold for one order, per account, computed from the Shopify simulator's own sales
 * records with the demo's chart — independently of the connector's mapper (the demo's witness).
 * Debits positive, credits negative, minor units.
 */
export function expectedAccountSums(totals: ExpectedTotals, order: OrderPlaces): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  const add = (account: string, amount: number) => {
    if (amount !== 0) sums.set(account, (sums.get(account) ?? 0n) + BigInt(amount));
  };
  const withBu = (account: string, bu: string) => `${bu}.${account.split(".").slice(1).join(".")}`;
  for (const [location, byType] of Object.entries(totals.byLocation)) {
    for (const [productType, t] of Object.entries(byType)) {
      const rule = DEMO_RULES.find((r) =>
        "location" in r.match ? r.match.location === location : r.match.productType === productType,
      );
      const bu = (rule && "costCenter" in rule ? rule.costCenter : undefined) ?? "100";
      const revenueObject = (rule && "revenueAccount" in rule ? rule.revenueAccount : undefined) ?? "4100";
      add(`${bu}.${revenueObject}`, -t.productGross);
      add(withBu(DEMO_ACCOUNTS.discounts, bu), t.productDiscounts - t.returnDiscounts);
      add(withBu(DEMO_ACCOUNTS.returns, bu), t.returnsGross);
    }
  }
  // Shipping has no line: the order's retail location, else the one place every line ships from.
  const places = new Set(order.lineItems.filter((line) => !line.isTip).map((line) => line.location));
  const shippingPlace = order.retailLocation ?? (places.size === 1 ? [...places][0] : null);
  const shippingBu =
    DEMO_RULES.find((r) => "location" in r.match && r.match.location === shippingPlace)?.costCenter ?? "100";
  // A shipping refund reverses its gross and gives its discount back (gross presentation).
  const shippingRefundGross = totals.shippingRefunds + totals.shippingRefundDiscounts;
  add(withBu(DEMO_ACCOUNTS.shipping, shippingBu), -totals.shippingGross + shippingRefundGross);
  add(withBu(DEMO_ACCOUNTS.discounts, shippingBu), totals.shippingDiscounts - totals.shippingRefundDiscounts);
  for (const [title, amount] of Object.entries(totals.taxByTitle))
    add(DEMO_ACCOUNTS.taxPayable[title] ?? DEMO_ACCOUNTS.taxPayable.default!, -amount);
  for (const amount of Object.values(totals.channelTaxByTitle)) add(DEMO_ACCOUNTS.channelTax, -amount);
  add(DEMO_ACCOUNTS.giftCardLiability, -totals.giftCardSales);
  add(DEMO_ACCOUNTS.tips, -totals.tips);
  add(DEMO_ACCOUNTS.duties, -totals.duties);
  add(DEMO_ACCOUNTS.fees, -totals.fees);
  add(DEMO_ACCOUNTS.refundAdjustments, -totals.adjustments);
  for (const [gateway, amount] of Object.entries(totals.paymentsByGateway))
    add(paymentAccount(gateway), amount);
  for (const [gateway, amount] of Object.entries(totals.refundsByGateway))
    add(paymentAccount(gateway), -amount);
  add(DEMO_ACCOUNTS.receivable, totals.outstanding);
  for (const [account, amount] of sums) if (amount === 0n) sums.delete(account);
  return sums;
}

function paymentAccount(gateway: string): string {
  if (gateway === "gift_card") return DEMO_ACCOUNTS.giftCardLiability;
  if (gateway === "shopify_store_credit") return DEMO_ACCOUNTS.storeCredit;
  return DEMO_ACCOUNTS.clearing[gateway] ?? DEMO_ACCOUNTS.clearing.default!;
}

/** Accounts whose JDE sum differs from the expectation (both directions). */
export function mismatchedAccounts(
  expected: Map<string, bigint>,
  actual: Map<string, bigint>,
): { account: string; expected: bigint; actual: bigint }[] {
  const accounts = new Set([...expected.keys(), ...actual.keys()]);
  const out: { account: string; expected: bigint; actual: bigint }[] = [];
  for (const account of accounts) {
    const e = expected.get(account) ?? 0n;
    const a = actual.get(account) ?? 0n;
    if (e !== a) out.push({ account, expected: e, actual: a });
  }
  return out;
}
