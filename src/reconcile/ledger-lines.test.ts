import { describe, expect, it } from "vitest";
import { parseAccountKey } from "../domain/account-key.js";
import {
  compareAccounts,
  describePeriod,
  differenceLines,
  isInPeriod,
  linesSignature,
  negatedLines,
} from "./ledger-lines.js";
import { line, NOVEMBER } from "./test-support/reconcile-builders.js";

describe("differenceLines", () => {
  it.each([
    {
      name: "later minus earlier per account, zeros dropped",
      later: [line("100.4100", -900n), line("100.1115", 900n)],
      earlier: [line("100.4100", -1000n), line("100.1115", 1000n)],
      difference: [line("100.1115", -100n), line("100.4100", 100n)],
    },
    {
      name: "an account only the earlier side holds comes out negated",
      later: [],
      earlier: [line("140.4100", -500n)],
      difference: [line("140.4100", 500n)],
    },
    {
      name: "lines split differently but equal per account differ in nothing",
      later: [line("100.4100", -300n), line("100.4100", -700n)],
      earlier: [line("100.4100", -1000n)],
      difference: [],
    },
  ])("$name", ({ later, earlier, difference }) => {
    expect(differenceLines(later, earlier)).toEqual(difference);
  });

  it("negates what the later side lacks", () => {
    expect(negatedLines([line("100.1115", 250n), line("100.4100", -250n)])).toEqual([
      line("100.1115", -250n),
      line("100.4100", 250n),
    ]);
  });
});

describe("linesSignature", () => {
  it("is the same for the same totals per account, however split or ordered", () => {
    const a = [line("100.1115", 100n), line("100.4100", -60n), line("100.4100", -40n)];
    const b = [line("100.4100", -100n), line("100.1115", 100n)];
    expect(linesSignature(a)).toBe(linesSignature(b));
  });

  it("differs when an amount or an account differs", () => {
    const base = linesSignature([line("100.1115", 100n), line("100.4100", -100n)]);
    expect(linesSignature([line("100.1115", 100n), line("140.4100", -100n)])).not.toBe(base);
    expect(linesSignature([line("100.1115", 101n), line("100.4100", -101n)])).not.toBe(base);
  });
});

describe("compareAccounts", () => {
  it.each([
    ["20.4100", "100.4100"],
    ["100.1115", "100.4100"],
    ["100.4100", "100.4100.BEAR"],
  ])("puts %s before %s (business unit right-justified as JDE sorts MCU)", (first, second) => {
    expect(compareAccounts(parseAccountKey(first), parseAccountKey(second))).toBeLessThan(0);
    expect(compareAccounts(parseAccountKey(second), parseAccountKey(first))).toBeGreaterThan(0);
  });
});

describe("isInPeriod", () => {
  it.each([
    ["2026-10-31", false],
    ["2026-11-01", true],
    ["2026-11-30", true],
    ["2026-12-01", false],
  ])("%s in 2026-11-01..2026-11-30: %s", (date, inside) => {
    expect(isInPeriod(date, NOVEMBER)).toBe(inside);
  });

  it("names a period by its label, else by its dates", () => {
    expect(describePeriod(NOVEMBER)).toBe("2026/11");
    expect(describePeriod({ firstDate: "2026-11-01", lastDate: "2026-11-30" })).toBe(
      "2026-11-01..2026-11-30",
    );
  });
});
