import { describe, expect, it } from "vitest";
import type { AccountRef, JournalLine, JournalLineKind } from "../domain/journal.js";
import { buildCorrection } from "./build-correction.js";

const acct = (key: string): AccountRef => {
  const [businessUnit = "", object = "", subsidiary = ""] = key.split(".");
  return { businessUnit, object, subsidiary };
};
const line = (
  key: string,
  amountMinor: bigint,
  kind: JournalLineKind,
  explanation: string = kind,
): JournalLine => ({
  account: acct(key),
  amountMinor,
  kind,
  explanation,
});
const paidOrder = (revenueAccount: string) => [
  line("100.1115", 10_800n, "clearing", "Shopify Payments"),
  line(revenueAccount, -10_000n, "revenue", "Product revenue"),
  line("100.2110", -800n, "tax", "CA State Tax"),
];
const brief = (lines: JournalLine[] | undefined) =>
  lines?.map((l) => [`${l.account.businessUnit}.${l.account.object}`, l.amountMinor]);

describe("buildCorrection", () => {
  it.each([
    {
      name: "a revenue rule moved from BU 100 to 140 leaves Dr 100.4100 / Cr 140.4100 only",
      posted: paidOrder("100.4100"),
      remapped: paidOrder("140.4100"),
      expected: [
        ["100.4100", 10_000n],
        ["140.4100", -10_000n],
      ],
    },
    {
      name: "a tax title remapped to another payable account moves only the tax",
      posted: paidOrder("100.4100"),
      remapped: [...paidOrder("100.4100").slice(0, 2), line("100.2111", -800n, "tax", "CA State Tax")],
      expected: [
        ["100.2110", 800n],
        ["100.2111", -800n],
      ],
    },
    {
      name: "posted across two documents (sale, then payment) and remapped the same: nothing",
      posted: [
        line("100.1130", 10_800n, "receivable"),
        line("100.4100", -10_000n, "revenue"),
        line("100.2110", -800n, "tax"),
        line("100.1115", 10_800n, "clearing"),
        line("100.1130", -10_800n, "receivable"),
      ],
      remapped: paidOrder("100.4100"),
      expected: undefined,
    },
  ])("$name", ({ posted, remapped, expected }) => {
    const correction = buildCorrection({
      orderName: "#1042",
      glDate: "2026-12-03",
      postedLines: posted,
      remappedLines: remapped,
    });
    expect(brief(correction?.lines)).toEqual(expected);
    if (correction) expect(correction.glDate).toBe("2026-12-03");
  });

  it("reverses an earlier correction's lines too, so a second correction corrects only what is left", () => {
    const posted = [
      ...paidOrder("100.4100"),
      line("100.4100", 10_000n, "revenue"),
      line("140.4100", -10_000n, "revenue"),
    ];
    const correction = buildCorrection({
      orderName: "#1042",
      glDate: "2026-12-04",
      postedLines: posted,
      remappedLines: paidOrder("150.4100"),
    });
    expect(brief(correction?.lines)).toEqual([
      ["140.4100", 10_000n],
      ["150.4100", -10_000n],
    ]);
  });

  it("keeps the posted line's explanation on the reversal", () => {
    const correction = buildCorrection({
      orderName: "#1042",
      glDate: "2026-12-03",
      postedLines: paidOrder("100.4100"),
      remappedLines: paidOrder("140.4100"),
    });
    expect(correction?.lines.map((l) => l.explanation)).toEqual(["Product revenue", "Product revenue"]);
  });
});
