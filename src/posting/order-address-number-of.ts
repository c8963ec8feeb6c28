import type { JournalLine } from "../domain/journal.js";
import type { PostingDocument } from "./posting-store.js";

/**
 * The customer AN8 an order is posted to (docs/customers.md §5): the one on the receivable lines of its
 * earliest document (by sequence) that carries one; documents recorded before customers were configured
 * carry none, and summaries are not the order's. Null when no document carries one.
 */
export function orderAddressNumberOf(
  documents: ReadonlyArray<Pick<PostingDocument, "kind" | "sequence" | "lines">>,
): string | null {
  let earliest: { sequence: number; addressNumber: string } | undefined;
  for (const document of documents) {
    if (document.kind === "summary") continue;
    const addressNumber = receivableAddressNumber(document.lines);
    if (addressNumber === null) continue;
    if (!earliest || document.sequence < earliest.sequence)
      earliest = { sequence: document.sequence, addressNumber };
  }
  return earliest?.addressNumber ?? null;
}

/** The AN8 a document's receivable lines carry (one customer per document), or null. */
function receivableAddressNumber(lines: readonly JournalLine[]): string | null {
  return lines.find((line) => line.kind === "receivable" && line.addressNumber)?.addressNumber ?? null;
}
