import type { AccountingPolicy } from "../domain/accounting-policy.js";
import { documentTotalMinor, type JournalLine } from "../domain/journal.js";
import { journalLine } from "./sale-context.js";

/**
 * Closes one event's lines against the order's receivable control account with −(sum of the lines):
 * a sale debits receivable for its total including tax, a payment credits it. Lines of one order on
 * one GL date are merged later, so a paid-at-checkout order's receivable nets to zero.
 */
export function balanceWithReceivable(
  lines: readonly JournalLine[],
  policy: AccountingPolicy,
  addressNumber: string | null,
): JournalLine[] {
  const receivable = journalLine(
    policy.accounts.receivable,
    -documentTotalMinor({ lines: [...lines] }),
    "receivable",
    "Order receivable",
  );
  return [...lines, addressNumber ? { ...receivable, addressNumber } : receivable];
}
