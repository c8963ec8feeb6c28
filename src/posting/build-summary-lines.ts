import { assertBalanced, type JournalLine } from "../domain/journal.js";
import { mergeJournalLines } from "../mapping/merge-journal-lines.js";

/**
 * The lines of a day's summary document: every contribution's lines merged per account (BU = cost
 * center) and kind, with no customer number (AN8); clearing lines stay one per gateway (their
 * explanation names it) even when gateways share an account. Empty when the day nets to zero.
 */
export function buildSummaryLines(
  contributions: readonly { lines: readonly JournalLine[] }[],
  reference = "summary",
): JournalLine[] {
  const withoutCustomer = contributions
    .flatMap((contribution) => contribution.lines)
    .map(({ addressNumber: _dropped, ...line }) => line);
  const gateways = new Map<string, JournalLine[]>();
  const others: JournalLine[] = [];
  for (const line of withoutCustomer) {
    if (line.kind !== "clearing") others.push(line);
    else {
      const group = gateways.get(line.explanation);
      if (group) group.push(line);
      else gateways.set(line.explanation, [line]);
    }
  }
  const lines = [...mergeJournalLines(others), ...[...gateways.values()].flatMap(mergeJournalLines)];
  if (lines.length > 0) assertBalanced({ lines, orderName: reference });
  return lines;
}
