import { formatAccount, type JournalDocument } from "../../domain/journal.js";

/** Net amount per account over several documents, zero balances left out: what the ledger shows. */
export function accountBalances(documents: readonly JournalDocument[]): Record<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const line of documents.flatMap((document) => document.lines)) {
    const key = formatAccount(line.account);
    totals.set(key, (totals.get(key) ?? 0n) + line.amountMinor);
  }
  return Object.fromEntries([...totals.entries()].filter(([, total]) => total !== 0n).sort());
}
