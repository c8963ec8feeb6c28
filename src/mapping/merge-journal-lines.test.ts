import { describe, expect, it } from "vitest";
import { parseAccountKey } from "../domain/account-key.js";
import type { JournalLine, JournalLineKind } from "../domain/journal.js";
import { mergeJournalLines } from "./merge-journal-lines.js";
import { lineTable } from "./test-support/line-table.js";

function line(
  key: string,
  amountMinor: bigint,
  kind: JournalLineKind,
  explanation = "x",
  addressNumber?: string,
): JournalLine {
  const base = { account: parseAccountKey(key), amountMinor, kind, explanation };
  return addressNumber ? { ...base, addressNumber } : base;
}

describe("mergeJournalLines", () => {
  it.each<[string, JournalLine[], string[]]>([
    [
      "same account and kind add up",
      [line("100.4100", -10000n, "revenue"), line("100.4100", -3000n, "revenue")],
      ["100.4100 Cr 130.00 revenue"],
    ],
    [
      "a receivable that nets to zero disappears",
      [line("100.1130", 12744n, "receivable"), line("100.1130", -12744n, "receivable")],
      [],
    ],
    ["zero lines are dropped", [line("100.4150", 0n, "discount")], []],
    [
      "different kinds on one account stay apart",
      [line("100.4100", -100n, "revenue"), line("100.4100", 100n, "refund-adjustment")],
      ["100.4100 Cr 1.00 revenue", "100.4100 Dr 1.00 refund-adjustment"],
    ],
    [
      "different customers stay apart",
      [line("100.1130", 100n, "receivable", "x", "4242"), line("100.1130", 100n, "receivable")],
      ["100.1130 Dr 1.00 receivable", "100.1130 Dr 1.00 receivable AN8=4242"],
    ],
    [
      "different business units stay apart",
      [line("100.4100", -100n, "revenue"), line("140.4100", -100n, "revenue")],
      ["100.4100 Cr 1.00 revenue", "140.4100 Cr 1.00 revenue"],
    ],
  ])("%s", (_name, lines, expected) => {
    expect(lineTable({ lines: mergeJournalLines(lines) })).toEqual(expected);
  });

  it("keeps the first occurrence's place and explanation, or a generic one when they differ", () => {
    const merged = mergeJournalLines([
      line("100.4150", 1900n, "discount", "Product discounts"),
      line("100.4100", -13000n, "revenue", "Product revenue"),
      line("100.4100", -100n, "revenue", "Product revenue"),
      line("100.4150", 500n, "discount", "Shipping discounts"),
    ]);
    expect(merged.map((l) => [l.explanation, l.amountMinor])).toEqual([
      ["Discounts", 2400n],
      ["Product revenue", -13100n],
    ]);
  });
});
