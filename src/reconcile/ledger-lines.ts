import { type AccountRef, formatAccount } from "../domain/journal.js";
import type { ReconcileLine, ReconcilePeriod } from "./reconciliation.js";

/** Amounts per account, keyed by `formatAccount` so BU/OBJ/SUB compare as one string. */
export type AccountAmounts = Map<string, ReconcileLine>;

/**
 * Adds `lines` (times `sign`) into `into`, one entry per account; returns `into`. The entries are the
 * map's own and are updated in place (the input lines never are): do not share them between maps.
 */
export function addLines(
  into: AccountAmounts,
  lines: readonly ReconcileLine[],
  sign: 1n | -1n = 1n,
): AccountAmounts {
  for (const line of lines) {
    const key = formatAccount(line.account);
    const amountMinor = sign === 1n ? line.amountMinor : -line.amountMinor;
    const held = into.get(key);
    if (held) held.amountMinor += amountMinor;
    else into.set(key, { account: line.account, amountMinor });
  }
  return into;
}

/** The lines of every group summed per account. */
export function sumByAccount(...groups: readonly (readonly ReconcileLine[])[]): AccountAmounts {
  const amounts: AccountAmounts = new Map();
  for (const lines of groups) addLines(amounts, lines);
  return amounts;
}

/** One line per account with a non-zero amount, sorted by account: the form every variance carries. */
export function nonZeroLines(amounts: AccountAmounts): ReconcileLine[] {
  return [...amounts.values()]
    .filter((line) => line.amountMinor !== 0n)
    .sort((a, b) => compareAccounts(a.account, b.account));
}

/** `later − earlier` per account (the variance sign convention, reconciliation.ts). */
export function differenceLines(
  later: readonly ReconcileLine[],
  earlier: readonly ReconcileLine[],
): ReconcileLine[] {
  return nonZeroLines(addLines(sumByAccount(later), earlier, -1n));
}

/** What a side lacks when the earlier side holds `lines` and the later side nothing. */
export function negatedLines(lines: readonly ReconcileLine[]): ReconcileLine[] {
  return differenceLines([], lines);
}

/**
 * A canonical text of the lines' totals per account: two documents with the same signature carry the
 * same amounts, however their lines are split or ordered. Used as a map key, never shown.
 */
export function linesSignature(lines: readonly ReconcileLine[]): string {
  // Hot when documents pair by reference: plain amounts and a text sort, no line objects.
  const totals = new Map<string, bigint>();
  for (const line of lines) {
    const key = formatAccount(line.account);
    totals.set(key, (totals.get(key) ?? 0n) + line.amountMinor);
  }
  return [...totals]
    .filter(([, amountMinor]) => amountMinor !== 0n)
    .map(([key, amountMinor]) => `${key}=${amountMinor}`)
    .sort()
    .join(";");
}

/** The accounts of some lines, for explanations ("100.4100, 100.1130"). */
export function accountList(lines: readonly ReconcileLine[]): string {
  return lines.map((line) => formatAccount(line.account)).join(", ");
}

/**
 * Orders accounts as JDE lists them: the business unit right-justified (MCU is CHAR(12) padded on the
 * left, so BU 20 comes before BU 100), then object and subsidiary.
 */
export function compareAccounts(a: AccountRef, b: AccountRef): number {
  return (
    compareText(a.businessUnit.padStart(12), b.businessUnit.padStart(12)) ||
    compareText(a.object, b.object) ||
    compareText(a.subsidiary, b.subsidiary)
  );
}

/** Code-unit order, not locale order: the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isInPeriod(glDate: string, period: ReconcilePeriod): boolean {
  return period.firstDate <= glDate && glDate <= period.lastDate;
}

/** `2026/11`, or the dates when the caller gave no label. */
export function describePeriod(period: ReconcilePeriod): string {
  return period.label ?? `${period.firstDate}..${period.lastDate}`;
}
