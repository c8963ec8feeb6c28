import { parseAccountKey } from "../../domain/account-key.js";
import type { AccountingPolicy, TenantAccounts } from "../../domain/accounting-policy.js";

/** The demo tenant's chart of accounts (DESIGN.md §3). */
export function demoAccounts(): TenantAccounts {
  const a = parseAccountKey;
  return {
    receivable: a("100.1130"),
    clearing: { shopify_payments: a("100.1115"), paypal: a("100.1116"), default: a("100.1118") },
    revenue: a("100.4100"),
    discounts: a("100.4150"),
    returns: a("100.4160"),
    refundAdjustments: a("100.4170"),
    shipping: a("100.4300"),
    fees: a("100.4500"),
    taxPayable: { default: a("100.2110"), "CA State Tax": a("100.2111") },
    channelTax: a("100.2115"),
    giftCardLiability: a("100.2400"),
    storeCredit: a("100.2410"),
    tips: a("100.2450"),
    duties: a("100.2460"),
    deferredRevenue: a("100.2480"),
    rounding: a("100.7990"),
  };
}

/**
 * The demo tenant's policy: USD, 2 decimals, America/New_York, gross discounts, recognition on the
 * order, no rules, no accounting start date (every event posts). Override what a test is about.
 */
export function makePolicy(overrides: Partial<AccountingPolicy> = {}): AccountingPolicy {
  return {
    tenantId: "acme",
    company: "00100",
    currency: "USD",
    decimals: 2,
    timezone: "America/New_York",
    accountingStartDate: null,
    includeTestOrders: false,
    discounts: "gross",
    recognition: "order",
    accounts: demoAccounts(),
    rules: [],
    ...overrides,
  };
}
