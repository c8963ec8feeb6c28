import { describe, expect, it } from "vitest";
import type { RevenueRule } from "../domain/accounting-policy.js";
import { formatAccount } from "../domain/journal.js";
import { checkRevenueRules, resolveRevenueAccount, revenueRuleSubject } from "./resolve-revenue-account.js";
import { makeLineItem, makeOrder } from "./test-support/make-order.js";
import { makePolicy } from "./test-support/make-policy.js";

const renoRule: RevenueRule = { match: { location: "Reno DC" }, costCenter: "140" };
const outerwearRule: RevenueRule = {
  match: { productType: "Outerwear" },
  revenueAccount: { object: "4120", subsidiary: "" },
  effectiveFrom: "2026-01-01",
};

function resolve(rules: RevenueRule[], subject: Partial<Parameters<typeof resolveRevenueAccount>[1]> = {}) {
  const resolved = resolveRevenueAccount(makePolicy({ rules }), {
    location: null,
    productType: null,
    sku: null,
    salesChannel: "web",
    tags: [],
    shippingCountry: "US",
    glDate: "2026-03-14",
    ...subject,
  });
  return {
    revenue: formatAccount(resolved.revenue),
    discounts: formatAccount(resolved.discounts),
    returns: formatAccount(resolved.returns),
    shipping: formatAccount(resolved.shipping),
    refundAdjustments: formatAccount(resolved.refundAdjustments),
    ruleIndex: resolved.ruleIndex,
  };
}

interface Resolved {
  revenue: string;
  discounts: string;
  returns: string;
  shipping: string;
  refundAdjustments: string;
  ruleIndex: number | null;
}

const defaults: Resolved = {
  revenue: "100.4100",
  discounts: "100.4150",
  returns: "100.4160",
  shipping: "100.4300",
  refundAdjustments: "100.4170",
  ruleIndex: null,
};

describe("resolveRevenueAccount", () => {
  it.each<[string, RevenueRule[], Parameters<typeof resolve>[1], Resolved]>([
    ["no rules: the configured accounts", [], {}, defaults],
    [
      "location moves every revenue-side account to the cost center",
      [renoRule],
      { location: "Reno DC" },
      {
        revenue: "140.4100",
        discounts: "140.4150",
        returns: "140.4160",
        shipping: "140.4300",
        refundAdjustments: "140.4170",
        ruleIndex: 0,
      },
    ],
    ["another location does not match", [renoRule], { location: "Ottawa Store" }, defaults],
    [
      "product type replaces the revenue object only",
      [outerwearRule],
      { productType: "Outerwear" },
      { ...defaults, revenue: "100.4120", ruleIndex: 0 },
    ],
    [
      "before effectiveFrom the rule is not in force",
      [outerwearRule],
      { productType: "Outerwear", glDate: "2025-12-31" },
      defaults,
    ],
    [
      "effectiveTo is exclusive",
      [{ ...outerwearRule, effectiveTo: "2026-03-14" }],
      { productType: "Outerwear" },
      defaults,
    ],
    [
      "the day before effectiveTo is in force",
      [{ ...outerwearRule, effectiveTo: "2026-03-15" }],
      { productType: "Outerwear" },
      { ...defaults, revenue: "100.4120", ruleIndex: 0 },
    ],
    [
      "first match wins",
      [renoRule, { match: { location: "Reno DC" }, costCenter: "150" }],
      { location: "Reno DC" },
      {
        revenue: "140.4100",
        discounts: "140.4150",
        returns: "140.4160",
        shipping: "140.4300",
        refundAdjustments: "140.4170",
        ruleIndex: 0,
      },
    ],
    [
      "revenue account with a subsidiary and a cost center",
      [
        {
          match: { skuPrefix: "TEE-" },
          costCenter: "150",
          revenueAccount: { object: "4110", subsidiary: "TEES" },
        },
      ],
      { sku: "TEE-BLK-M" },
      {
        revenue: "150.4110.TEES",
        discounts: "150.4150",
        returns: "150.4160",
        shipping: "150.4300",
        refundAdjustments: "150.4170",
        ruleIndex: 0,
      },
    ],
    [
      "sku prefix does not match another sku",
      [{ match: { skuPrefix: "TEE-" }, costCenter: "150" }],
      { sku: "MUG-01" },
      defaults,
    ],
    [
      "sku prefix does not match a sale without sku",
      [{ match: { skuPrefix: "TEE-" }, costCenter: "150" }],
      {},
      defaults,
    ],
    [
      "sales channel",
      [{ match: { salesChannel: "pos" }, costCenter: "160" }],
      { salesChannel: "pos" },
      {
        revenue: "160.4100",
        discounts: "160.4150",
        returns: "160.4160",
        shipping: "160.4300",
        refundAdjustments: "160.4170",
        ruleIndex: 0,
      },
    ],
    [
      "tag, case-insensitive like Shopify's",
      [{ match: { tag: "Wholesale" }, revenueAccount: { object: "4190", subsidiary: "" } }],
      { tags: ["vip", "wholesale"] },
      { ...defaults, revenue: "100.4190", ruleIndex: 0 },
    ],
    [
      "shipping country",
      [{ match: { shippingCountry: "ca" }, costCenter: "170" }],
      { shippingCountry: "CA" },
      {
        revenue: "170.4100",
        discounts: "170.4150",
        returns: "170.4160",
        shipping: "170.4300",
        refundAdjustments: "170.4170",
        ruleIndex: 0,
      },
    ],
    [
      "all conditions must hold",
      [{ match: { location: "Reno DC", productType: "Outerwear" }, costCenter: "140" }],
      { location: "Reno DC", productType: "Apparel" },
      defaults,
    ],
  ])("%s", (_name, rules, subject, expected) => {
    expect(resolve(rules, subject)).toEqual(expected);
  });
});

describe("revenueRuleSubject", () => {
  const reno = makeLineItem({ fulfillmentLocationName: "Reno DC" });
  const unknownLocation = makeLineItem({ id: "gid://shopify/LineItem/2", fulfillmentLocationName: null });

  it.each([
    ["the line's fulfillment location first", reno, "Ottawa Store", [reno], "Reno DC"],
    ["else the order's retail location", unknownLocation, "Ottawa Store", [unknownLocation], "Ottawa Store"],
    ["a sale without a line item: the retail location", null, "Ottawa Store", [reno], "Ottawa Store"],
    ["a sale without a line item: the single fulfillment location", null, null, [reno], "Reno DC"],
    [
      "a sale without a line item: no location when lines ship from several",
      null,
      null,
      [reno, unknownLocation],
      null,
    ],
  ] as const)("location is %s", (_name, lineItem, retail, lineItems, expected) => {
    const order = makeOrder({ retailLocationName: retail, lineItems: [...lineItems] });
    expect(revenueRuleSubject(order, lineItem, "2026-03-14").location).toBe(expected);
  });
});

describe("checkRevenueRules", () => {
  it("reports a cost center JDE cannot hold and an object too long", () => {
    const policy = makePolicy({
      rules: [
        { match: {}, costCenter: "1234567890123" },
        { match: {}, revenueAccount: { object: "4120000", subsidiary: "" } },
      ],
    });
    expect(checkRevenueRules(policy).map((problem) => problem.message)).toEqual([
      "rule 1: cost center '1234567890123' is not a business unit of 1-12 characters",
      "rule 2: revenue object '4120000' is not 1-6 characters",
    ]);
  });
});
