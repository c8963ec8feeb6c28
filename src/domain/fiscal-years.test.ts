import { describe, expect, it } from "vitest";
import { type FiscalYearDates, fiscalYearsOf } from "./fiscal-years.js";
import { calendarYear, checkedPattern, julyYear } from "./test-support/fiscal-patterns.js";

const row = (fiscalYearStart: string, periodEnds: string[]): FiscalYearDates => ({
  datePattern: "X",
  fiscalYearStart,
  periodEnds,
});

describe("fiscalYearsOf", () => {
  it("keeps only the pattern asked for, oldest year first", () => {
    const { datePattern, years } = checkedPattern([julyYear(2026), calendarYear(2026), julyYear(2025)], "F");
    expect(datePattern).toBe("F");
    expect(years.map((y) => [y.fiscalYear, y.firstDate, y.lastDate])).toEqual([
      [2025, "2025-07-01", "2026-06-30"],
      [2026, "2026-07-01", "2027-06-30"],
    ]);
  });

  it("drops trailing periods that repeat the last end date (JDE counts only distinct ends)", () => {
    const [year] = checkedPattern(
      [row("2026-01-01", ["2026-06-30", "2026-12-31", "2026-12-31", "2026-12-31"])],
      "X",
    ).years;
    expect(year!.periods).toEqual([
      { firstDate: "2026-01-01", lastDate: "2026-06-30" },
      { firstDate: "2026-07-01", lastDate: "2026-12-31" },
    ]);
  });

  it.each([
    ["an end date before the previous one", row("2026-01-01", ["2026-02-28", "2026-01-31"]), "out of order"],
    ["period 1 ending before the year starts", row("2026-01-01", ["2025-12-31"]), "out of order"],
    [
      "a later end after a repeated one",
      row("2026-01-01", ["2026-01-31", "2026-01-31", "2026-02-28"]),
      "out of order",
    ],
    ["no period end dates", row("2026-01-01", []), "0 period end dates"],
    [
      "more than 14 period end dates",
      row(
        "2026-01-01",
        Array.from({ length: 15 }, (_, i) => `2026-01-${String(i + 1).padStart(2, "0")}`),
      ),
      "15 period end dates",
    ],
    ["a date that is not a calendar date", row("2026-01-01", ["2026-02-30"]), "not YYYY-MM-DD"],
  ])("refuses a year with %s", (_, bad, message) => {
    expect(fiscalYearsOf([bad], "X")).toEqual({
      ok: false,
      reason: expect.stringMatching(new RegExp(`^JDE fiscal date pattern X \\(F0008\\) .*${message}`)),
    });
  });

  it("refuses two years with the same number and years that overlap", () => {
    const sameNumber = [row("2026-01-01", ["2026-03-31"]), row("2026-04-01", ["2026-12-31"])];
    expect(fiscalYearsOf(sameNumber, "X")).toEqual({
      ok: false,
      reason: expect.stringContaining("fiscal year 2026 twice"),
    });
    const overlapping = [row("2025-01-01", ["2025-12-31"]), row("2025-12-15", ["2026-12-14"])];
    expect(fiscalYearsOf(overlapping, "X")).toEqual({
      ok: false,
      reason: expect.stringContaining("starts before 2025 ends"),
    });
  });
});
