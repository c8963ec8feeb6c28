import type { AccountingPolicy } from "../../domain/accounting-policy.js";
import { resolveRevenueAccount } from "../resolve-revenue-account.js";
import type { SaleContext } from "../sale-context.js";
import { makePolicy } from "./make-policy.js";

/** A component mapper's context on the demo policy with its default (rule-free) revenue accounts. */
export function makeSaleContext(policyOverrides: Partial<AccountingPolicy> = {}): SaleContext {
  const policy = makePolicy(policyOverrides);
  const subject = {
    location: null,
    productType: null,
    sku: null,
    salesChannel: "web",
    tags: [],
    shippingCountry: "US",
    glDate: "2026-03-14",
  };
  return {
    policy,
    eventId: "gid://shopify/OrderAgreement/1",
    revenueAccounts: resolveRevenueAccount(policy, subject),
  };
}
