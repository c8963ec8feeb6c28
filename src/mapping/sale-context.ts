import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { AccountRef, JournalLine, JournalLineKind } from "../domain/journal.js";
import type { Sale } from "../domain/order.js";
import { journalExplanation } from "./journal-explanation.js";
import type { RevenueAccounts } from "./resolve-revenue-account.js";

/** What a component mapper knows about the sale in hand: the policy and the resolved revenue side. */
export interface SaleContext {
  policy: AccountingPolicy;
  revenueAccounts: RevenueAccounts;
  eventId: string;
}

export function journalLine(
  account: AccountRef,
  amountMinor: bigint,
  kind: JournalLineKind,
  explanation: string,
): JournalLine {
  return { account, amountMinor, kind, explanation: journalExplanation(explanation) };
}

/** The sale's amount after discounts and before tax (Shopify signs returns negative). */
export function saleNetBeforeTaxMinor(sale: Sale): bigint {
  return sale.totalAmountMinor - sale.totalTaxMinor;
}

/**
 * The sale's discount, signed like the sale: a returned line gives its discount back. Shopify signs a
 * return's amounts negative; a discount reported unsigned on a negative sale is given the sale's sign
 * rather than read as a larger return.
 */
export function saleDiscountMinor(sale: Sale): bigint {
  const net = saleNetBeforeTaxMinor(sale);
  const magnitude =
    sale.discountBeforeTaxesMinor < 0n ? -sale.discountBeforeTaxesMinor : sale.discountBeforeTaxesMinor;
  if (net < 0n) return -magnitude;
  if (net > 0n) return magnitude;
  return sale.discountBeforeTaxesMinor;
}
