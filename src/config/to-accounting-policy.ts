import { parseAccountKey } from "../domain/account-key.js";
import type { AccountingPolicy, OpenPeriod, RevenueRule } from "../domain/accounting-policy.js";
import type { AccountRef } from "../domain/journal.js";
import type { TenantConfig } from "./config-schema.js";

/**
 * Facts learnt at start-up from Shopify (shop timezone) and JDE (company currency and decimals, and
 * the G/L date window from F0010/F0008; absent = no window known, every date open).
 */
export interface TenantFacts {
  timezone: string;
  currency: string;
  decimals: number;
  openPeriod?: OpenPeriod | null;
}

/** The pure mapping's view of a tenant: parsed accounts and rules, no secrets, no I/O settings. */
export function toAccountingPolicy(tenant: TenantConfig, facts: TenantFacts): AccountingPolicy {
  const a = tenant.accounts;
  const map = (m: Record<string, string>): Record<string, AccountRef> =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, parseAccountKey(v)]));
  return {
    tenantId: tenant.id,
    company: tenant.jde.company,
    currency: facts.currency,
    decimals: facts.decimals,
    timezone: tenant.shopify.timezone ?? facts.timezone,
    accountingStartDate: tenant.accountingStartDate ?? null,
    includeTestOrders: tenant.shopify.includeTestOrders,
    discounts: tenant.discounts,
    recognition: tenant.recognition,
    accounts: {
      receivable: parseAccountKey(a.receivable),
      clearing: map(a.clearing),
      revenue: parseAccountKey(a.revenue),
      discounts: parseAccountKey(a.discounts),
      returns: parseAccountKey(a.returns),
      refundAdjustments: parseAccountKey(a.refundAdjustments),
      shipping: parseAccountKey(a.shipping),
      fees: parseAccountKey(a.fees),
      taxPayable: map(a.taxPayable),
      channelTax: parseAccountKey(a.channelTax),
      giftCardLiability: parseAccountKey(a.giftCardLiability),
      storeCredit: parseAccountKey(a.storeCredit),
      tips: parseAccountKey(a.tips),
      duties: parseAccountKey(a.duties),
      deferredRevenue: parseAccountKey(a.deferredRevenue),
      rounding: parseAccountKey(a.rounding),
    },
    rules: tenant.rules.map(toRule),
    ...(facts.openPeriod !== undefined ? { openPeriod: facts.openPeriod } : {}),
  };
}

function toRule(rule: TenantConfig["rules"][number]): RevenueRule {
  const [object = "", subsidiary = ""] = rule.revenueAccount?.split(".") ?? [];
  return {
    match: { ...rule.match },
    ...(rule.costCenter ? { costCenter: rule.costCenter } : {}),
    ...(rule.revenueAccount ? { revenueAccount: { object, subsidiary } } : {}),
    ...(rule.effectiveFrom ? { effectiveFrom: rule.effectiveFrom } : {}),
    ...(rule.effectiveTo ? { effectiveTo: rule.effectiveTo } : {}),
  };
}
