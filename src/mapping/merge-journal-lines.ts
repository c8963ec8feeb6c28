import { formatAccount, type JournalLine, type JournalLineKind } from "../domain/journal.js";

/** Generic explanations for merged lines whose own explanations differ. */
const MERGED_EXPLANATIONS: Record<JournalLineKind, string> = {
  receivable: "Order receivable",
  revenue: "Product revenue",
  discount: "Discounts",
  returns: "Returns",
  shipping: "Shipping",
  tax: "Sales tax",
  "channel-tax": "Channel-remitted tax",
  "gift-card-liability": "Gift cards",
  "store-credit": "Store credit",
  tip: "Tips",
  duty: "Duties",
  fee: "Fees",
  "refund-adjustment": "Refund adjustments",
  "deferred-revenue": "Deferred revenue",
  clearing: "Payments",
  rounding: "Rounding",
};

/**
 * Merges lines with the same account, kind and address number (first occurrence keeps its place)
 * and drops lines that come to zero — so a paid-at-checkout order's receivable disappears.
 */
export function mergeJournalLines(lines: readonly JournalLine[]): JournalLine[] {
  const merged = new Map<string, JournalLine>();
  // Zero lines go first so that an empty "Shipping discounts" cannot blur a real line's explanation.
  for (const line of lines.filter((candidate) => candidate.amountMinor !== 0n)) {
    const key = [formatAccount(line.account), line.kind, line.addressNumber ?? ""].join("|");
    const previous = merged.get(key);
    merged.set(key, previous ? mergeTwo(previous, line) : { ...line });
  }
  return [...merged.values()].filter((line) => line.amountMinor !== 0n);
}

function mergeTwo(previous: JournalLine, line: JournalLine): JournalLine {
  const explanation =
    previous.explanation === line.explanation ? previous.explanation : MERGED_EXPLANATIONS[line.kind];
  return { ...previous, amountMinor: previous.amountMinor + line.amountMinor, explanation };
}
