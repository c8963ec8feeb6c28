import { formatAccount, type JournalLine } from "../../domain/journal.js";
import { formatMinor } from "../../domain/money.js";

/**
 * Lines as sorted, readable rows (`"100.1115 Dr 107.44 clearing"`) so tests can state the expected
 * entry by hand, in any order, and a failure diff reads like a ledger.
 */
export function lineTable(
  document: { lines: readonly JournalLine[]; decimals?: number },
  decimals = 2,
): string[] {
  const places = document.decimals ?? decimals;
  return document.lines
    .map((line) => {
      const side = line.amountMinor < 0n ? "Cr" : "Dr";
      const amount = formatMinor(line.amountMinor < 0n ? -line.amountMinor : line.amountMinor, places);
      const an8 = line.addressNumber ? ` AN8=${line.addressNumber}` : "";
      return `${formatAccount(line.account)} ${side} ${amount} ${line.kind}${an8}`;
    })
    .sort();
}
