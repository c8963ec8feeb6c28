import { assertBalanced, type JournalLine } from "../domain/journal.js";
import { mergeJournalLines } from "../mapping/merge-journal-lines.js";

export interface CorrectionInput {
  orderName: string;
  /** The correction date (YYYY-MM-DD, shop-local): the day the operator corrects, not the events' days. */
  glDate: string;
  /** Every line of the order's recorded documents, as posted (frozen): orders and earlier corrections. */
  postedLines: readonly JournalLine[];
  /** The same events mapped again under the current rules (every GL date of the order). */
  remappedLines: readonly JournalLine[];
}

export interface CorrectionDocument {
  glDate: string;
  lines: JournalLine[];
}

/**
 * DESIGN.md §2 "a correction … posts a reversal and the corrected lines on the correction date": the
 * reversal of everything posted plus the lines the current rules give, merged per account (and kind and
 * AN8) so only the differences remain. `null` when the ledger already says what the rules say.
 * A revenue rule moved from BU 100 to 140 gives Dr 100.4100 / Cr 140.4100 and nothing else.
 */
export function buildCorrection(input: CorrectionInput): CorrectionDocument | null {
  const reversal = input.postedLines.map((line) => ({ ...line, amountMinor: -line.amountMinor }));
  const lines = mergeJournalLines([...reversal, ...input.remappedLines]);
  if (lines.length === 0) return null;
  const document = { glDate: input.glDate, lines };
  // Both sides balance, so the difference does; a failure here is a bug upstream, never sent.
  assertBalanced({ ...document, orderName: input.orderName });
  return document;
}
