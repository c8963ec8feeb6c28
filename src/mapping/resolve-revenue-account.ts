import { ACCOUNT_KEY_LIMITS } from "../domain/account-key.js";
import type { AccountingPolicy, RevenueRule } from "../domain/accounting-policy.js";
import type { AccountRef } from "../domain/journal.js";
import type { OrderLineItem, OrderSnapshot } from "../domain/order.js";
import { type MappingProblem, mappingProblem } from "./mapping-problem.js";

/** The accounts of the revenue side (income statement) for one sale, after the tenant's rules. */
export interface RevenueAccounts {
  revenue: AccountRef;
  discounts: AccountRef;
  returns: AccountRef;
  shipping: AccountRef;
  refundAdjustments: AccountRef;
  ruleIndex: number | null; // the rule that matched (audit), null for the defaults
}

/** What a rule can match on, for one sale on one GL date. */
export interface RevenueRuleSubject {
  location: string | null;
  productType: string | null;
  sku: string | null;
  salesChannel: string | null;
  tags: readonly string[];
  shippingCountry: string | null;
  glDate: string; // YYYY-MM-DD, compared with effectiveFrom/effectiveTo
}

/**
 * Applies the first matching rule: `costCenter` replaces the BU of every revenue-side account;
 * `revenueAccount` replaces OBJ/SUB of the revenue account (BU from `costCenter`, else the default
 * revenue account's). Balance-sheet accounts are not touched here: they keep their configured BU.
 */
export function resolveRevenueAccount(
  policy: AccountingPolicy,
  subject: RevenueRuleSubject,
): RevenueAccounts {
  const { accounts } = policy;
  const ruleIndex = policy.rules.findIndex((rule) => ruleMatches(rule, subject));
  const rule = ruleIndex >= 0 ? policy.rules[ruleIndex] : undefined;
  const inCostCenter = (account: AccountRef): AccountRef =>
    rule?.costCenter ? { ...account, businessUnit: rule.costCenter } : account;
  const revenue = inCostCenter(
    rule?.revenueAccount ? { ...accounts.revenue, ...rule.revenueAccount } : accounts.revenue,
  );
  return {
    revenue,
    discounts: inCostCenter(accounts.discounts),
    returns: inCostCenter(accounts.returns),
    shipping: inCostCenter(accounts.shipping),
    refundAdjustments: inCostCenter(accounts.refundAdjustments),
    ruleIndex: ruleIndex >= 0 ? ruleIndex : null,
  };
}

/** Every condition a rule states must hold (AND); a rule without conditions matches everything. */
export function ruleMatches(rule: RevenueRule, subject: RevenueRuleSubject): boolean {
  if (rule.effectiveFrom && subject.glDate < rule.effectiveFrom) return false;
  if (rule.effectiveTo && subject.glDate >= rule.effectiveTo) return false;
  const { match } = rule;
  if (match.location !== undefined && match.location !== subject.location) return false;
  if (match.productType !== undefined && match.productType !== subject.productType) return false;
  if (match.skuPrefix !== undefined && !subject.sku?.startsWith(match.skuPrefix)) return false;
  if (match.salesChannel !== undefined && match.salesChannel !== subject.salesChannel) return false;
  if (match.tag !== undefined && !hasTag(subject.tags, match.tag)) return false;
  if (match.shippingCountry !== undefined && !sameCountry(match.shippingCountry, subject.shippingCountry)) {
    return false;
  }
  return true;
}

/**
 * The rule subject of a sale. Location is the line's fulfillment location, else the order's retail
 * (POS) location; a sale without a line item (shipping, tips…) takes the retail location, else the
 * fulfillment location when every line of the order ships from the same one.
 */
export function revenueRuleSubject(
  order: OrderSnapshot,
  lineItem: OrderLineItem | null,
  glDate: string,
): RevenueRuleSubject {
  return {
    location: lineItem
      ? (lineItem.fulfillmentLocationName ?? order.retailLocationName)
      : (order.retailLocationName ?? singleFulfillmentLocation(order)),
    productType: lineItem?.productType ?? null,
    sku: lineItem?.sku ?? null,
    salesChannel: order.sourceName,
    tags: order.tags,
    shippingCountry: order.shippingCountryCode,
    glDate,
  };
}

/** Rules the configuration layer should have refused; checked again because a bad BU reaches JDE. */
export function checkRevenueRules(policy: AccountingPolicy): MappingProblem[] {
  return policy.rules.flatMap((rule, index) => {
    const problems: MappingProblem[] = [];
    const bad = (what: string) =>
      problems.push(mappingProblem("INVALID_POLICY", `rule ${index + 1}: ${what}`));
    if (rule.costCenter !== undefined && !fits(rule.costCenter, ACCOUNT_KEY_LIMITS.businessUnit)) {
      bad(`cost center '${rule.costCenter}' is not a business unit of 1-12 characters`);
    }
    const account = rule.revenueAccount;
    if (account && !fits(account.object, ACCOUNT_KEY_LIMITS.object)) {
      bad(`revenue object '${account.object}' is not 1-6 characters`);
    }
    if (account && account.subsidiary.length > ACCOUNT_KEY_LIMITS.subsidiary) {
      bad(`revenue subsidiary '${account.subsidiary}' is longer than 8 characters`);
    }
    return problems;
  });
}

function fits(value: string, maxLength: number): boolean {
  return value.length > 0 && value.length <= maxLength && !/\s/.test(value);
}

function hasTag(tags: readonly string[], tag: string): boolean {
  // Shopify tags are case-insensitive ("VIP" and "vip" are one tag).
  const wanted = tag.trim().toLowerCase();
  return tags.some((candidate) => candidate.trim().toLowerCase() === wanted);
}

function sameCountry(wanted: string, actual: string | null): boolean {
  return actual !== null && wanted.toUpperCase() === actual.toUpperCase();
}

function singleFulfillmentLocation(order: OrderSnapshot): string | null {
  const locations = new Set(order.lineItems.map((item) => item.fulfillmentLocationName));
  const [only] = [...locations];
  return locations.size === 1 && only ? only : null;
}
