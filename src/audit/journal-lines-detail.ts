import type { JournalLine } from "../domain/journal.js";

/** A document's size and totals as the audit keeps them: line count, debits and credits (minor units). */
export function lineTotals(lines: readonly JournalLine[]) {
  let debitMinor = 0n;
  let creditMinor = 0n;
  for (const line of lines) {
    if (line.amountMinor > 0n) debitMinor += line.amountMinor;
    else creditMinor -= line.amountMinor;
  }
  return { lineCount: lines.length, debitMinor: debitMinor.toString(), creditMinor: creditMinor.toString() };
}

/**
 * Computed lines as the audit keeps them — account, signed amount, kind and the customer's AN8 (a JDE
 * reference) — with their totals. The explanation text (EXR) is left out: the kind says why a line exists.
 */
export function linesDetail(lines: readonly JournalLine[]) {
  return {
    lines: lines.map((l) => ({
      account: l.account,
      amountMinor: l.amountMinor.toString(),
      kind: l.kind,
      ...(l.addressNumber ? { addressNumber: l.addressNumber } : {}),
    })),
    ...lineTotals(lines),
  };
}
