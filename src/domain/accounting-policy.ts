import type { AccountRef } from "./journal.js";

/**
 * A tenant's posting rules, as the pure mapping needs them (built from the validated configuration).
 * Accounts are parsed `BU.OBJ[.SUB]`; maps fall back to their `default` entry.
 */
export interface AccountingPolicy {
  tenantId: string;
  company: string; // JDE company, e.g. "00100"
  currency: string; // JDE company currency; must equal the shop currency
  decimals: number; // company currency decimals (F0013.CVCDEC)
  timezone: string; // shop IANA timezone: GL dates are the event's local date there
  accountingStartDate: string | null; // YYYY-MM-DD; events before it are adopted, never sent
  includeTestOrders: boolean;
  discounts: "gross" | "net";
  recognition: "order" | "fulfillment";
  accounts: TenantAccounts;
  rules: RevenueRule[];
  /** JDE's open posting window (reference data, refreshed from JDE); absent or null = every date is open. */
  openPeriod?: OpenPeriod | null;
}

/**
 * The dates JDE accepts for this company. Rule: an event dated before `firstOpenDate` (a closed
 * period) posts on `firstOpenDate` and the document records its original date; an event dated after
 * `lastOpenDate` (a period not opened yet) parks the order until the window moves.
 */
export interface OpenPeriod {
  firstOpenDate: string; // YYYY-MM-DD, inclusive
  lastOpenDate: string | null; // YYYY-MM-DD, inclusive; null = open-ended
}

export interface TenantAccounts {
  receivable: AccountRef;
  clearing: Record<string, AccountRef>; // by gateway, with "default"
  revenue: AccountRef;
  discounts: AccountRef;
  returns: AccountRef;
  refundAdjustments: AccountRef;
  shipping: AccountRef;
  fees: AccountRef;
  taxPayable: Record<string, AccountRef>; // by tax line title, with "default"
  channelTax: AccountRef;
  giftCardLiability: AccountRef;
  storeCredit: AccountRef;
  tips: AccountRef;
  duties: AccountRef;
  deferredRevenue: AccountRef;
  rounding: AccountRef;
}

/** First match wins. A rule sets the revenue object and/or the cost center (BU) of revenue-side lines. */
export interface RevenueRule {
  match: RuleMatch;
  costCenter?: string; // BU for revenue-side lines
  revenueAccount?: { object: string; subsidiary: string }; // OBJ[.SUB]; BU from costCenter or the default account
  effectiveFrom?: string; // YYYY-MM-DD, inclusive
  effectiveTo?: string; // YYYY-MM-DD, exclusive
}

export interface RuleMatch {
  location?: string; // the line's fulfillment location, else the order's retail location
  productType?: string;
  skuPrefix?: string;
  salesChannel?: string; // Order.sourceName
  tag?: string;
  shippingCountry?: string;
}
