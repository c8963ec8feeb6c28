import type { JournalLine } from "../../domain/journal.js";

/** A journal line as stored in JSON: the amount is a decimal string, exact beyond 2^53. */
interface StoredLine {
  account: JournalLine["account"];
  amountMinor: string;
  kind: JournalLine["kind"];
  explanation: string;
  addressNumber?: string;
}

export function encodeDocumentLines(lines: JournalLine[]): string {
  return JSON.stringify(
    lines.map((line): StoredLine => ({ ...line, amountMinor: line.amountMinor.toString() })),
  );
}

export function decodeDocumentLines(stored: StoredLine[]): JournalLine[] {
  return stored.map((line) => ({ ...line, amountMinor: BigInt(line.amountMinor) }));
}
