import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FiscalYearDates } from "../domain/fiscal-years.js";
import { addDays } from "../domain/jde-date.js";
import {
  calendarYear,
  checkedPattern,
  FOUR_FOUR_FIVE,
  julyYear,
  weeksYear,
} from "../domain/test-support/fiscal-patterns.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { daysOf, formatPeriodLabel, parsePeriodLabel, periodDates, periodOfDate } from "./fiscal-period.js";

const rows: FiscalYearDates[] = [
  calendarYear(2025),
  calendarYear(2026),
  julyYear(2025),
  julyYear(2026),
  weeksYear("2026-01-04", FOUR_FOUR_FIVE, "A"),
  weeksYear("2027-01-03", FOUR_FOUR_FIVE, "A"),
  weeksYear("2026-01-04", Array(13).fill(4), "B"),
];
/** The checked years of one pattern of `rows`. */
const ofPattern = (datePattern: string) => checkedPattern(rows, datePattern);

function configError(run: () => unknown): ConnectorError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error("expected a ConnectorError");
}

describe("parsePeriodLabel", () => {
  it.each([
    ["2026/08", 2026, 8],
    ["  2026 / 08 ", 2026, 8],
    ["2026/01", 2026, 1],
    ["2025/14", 2025, 14],
  ])("reads %j as fiscal year %i, period %i", (text, fiscalYear, period) => {
    expect(parsePeriodLabel(text)).toEqual({ fiscalYear, period });
  });

  it.each(["2026-P08", "FY2026P8", "2026/8", "26/08", "2026/00", "2026/15", "2026/08/01", "", "2026 08"])(
    "refuses %j with MLC_CONFIG_INVALID naming the form YYYY/PP",
    (text) => {
      const error = configError(() => parsePeriodLabel(text));
      expect(error.code).toBe("MLC_CONFIG_INVALID");
      expect(error.message).toContain("YYYY/PP");
    },
  );

  it("formats what it parses back to the canonical label", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 14 }),
        (fiscalYear, period) => {
          const label = formatPeriodLabel({ fiscalYear, period });
          expect(label).toMatch(/^\d{4}\/\d{2}$/);
          expect(parsePeriodLabel(label)).toEqual({ fiscalYear, period });
        },
      ),
    );
  });
});

describe("periodDates", () => {
  it.each([
    ["calendar month: August", "2026/08", "R", "2026-08-01", "2026-08-31"],
    ["calendar month: February of a common year", "2026/02", "R", "2026-02-01", "2026-02-28"],
    ["calendar month: December", "2025/12", "R", "2025-12-01", "2025-12-31"],
    ["July year: period 1 is July", "2026/01", "F", "2026-07-01", "2026-07-31"],
    ["July year: period 8 is February of the next calendar year", "2026/08", "F", "2027-02-01", "2027-02-28"],
    ["July year: period 12 is June", "2026/12", "F", "2027-06-01", "2027-06-30"],
    ["4-4-5: period 1 (4 weeks)", "2026/01", "A", "2026-01-04", "2026-01-31"],
    ["4-4-5: period 2 (4 weeks)", "2026/02", "A", "2026-02-01", "2026-02-28"],
    ["4-4-5: period 3 (5 weeks)", "2026/03", "A", "2026-03-01", "2026-04-04"],
    ["4-4-5: period 12 ends in the next calendar year", "2026/12", "A", "2026-11-29", "2027-01-02"],
    ["4-4-5: the next year starts the day after", "2027/01", "A", "2027-01-03", "2027-01-30"],
    ["13 periods: period 13", "2026/13", "B", "2026-12-06", "2027-01-02"],
  ])("%s", (_, label, pattern, firstDate, lastDate) => {
    const [fiscalYear, period] = label.split("/").map(Number);
    expect(periodDates(label, ofPattern(pattern))).toEqual({ fiscalYear, period, firstDate, lastDate });
  });

  it("takes a parsed period as well as a label", () => {
    expect(periodDates({ fiscalYear: 2026, period: 8 }, ofPattern("F"))).toEqual(
      periodDates("2026/08", ofPattern("F")),
    );
  });

  it("gives a 12-period year with CDD13J/CDD14J on period 12's end no period 13 or 14", () => {
    for (const label of ["2026/13", "2026/14"]) {
      const error = configError(() => periodDates(label, ofPattern("R")));
      expect(error.code).toBe("MLC_CONFIG_INVALID");
      expect(error.message).toContain("has 12 periods");
    }
  });

  it("gives a 12-period July year (blanks dropped) no period 13", () => {
    expect(configError(() => periodDates("2026/13", ofPattern("F"))).message).toContain("no period 13");
  });

  it("opens adjustment period 13 when its end date is set after period 12's", () => {
    const withAdjustment: FiscalYearDates = {
      datePattern: "C",
      fiscalYearStart: "2026-01-01",
      periodEnds: [...calendarYear(2026).periodEnds.slice(0, 11), "2026-12-30", "2026-12-31"],
    };
    expect(periodDates("2026/12", checkedPattern([withAdjustment], "C"))).toMatchObject({
      firstDate: "2026-12-01",
      lastDate: "2026-12-30",
    });
    expect(periodDates("2026/13", checkedPattern([withAdjustment], "C"))).toMatchObject({
      firstDate: "2026-12-31",
      lastDate: "2026-12-31",
    });
  });

  it("refuses a fiscal year F0008 does not hold for the pattern, listing the years it does", () => {
    const error = configError(() => periodDates("2024/01", ofPattern("F")));
    expect(error.code).toBe("MLC_CONFIG_INVALID");
    expect(error.message).toContain("no fiscal year 2024");
    expect(error.message).toContain("2025, 2026");
  });

  it("refuses a pattern with no rows at all", () => {
    expect(configError(() => periodDates("2026/01", ofPattern("Z"))).message).toContain("years held: none");
  });

  it("numbers a year by its period 1's end, as JDE does, when period 1 crosses the new year", () => {
    const lateStart = [weeksYear("2025-12-28", FOUR_FOUR_FIVE, "W")];
    expect(periodDates("2026/01", checkedPattern(lateStart, "W"))).toEqual({
      fiscalYear: 2026,
      period: 1,
      firstDate: "2025-12-28",
      lastDate: "2026-01-24",
    });
    expect(configError(() => periodDates("2025/01", checkedPattern(lateStart, "W"))).message).toContain(
      "no fiscal year 2025",
    );
  });
});

describe("periodOfDate", () => {
  it.each([
    ["2026-08-15", "R", { fiscalYear: 2026, period: 8 }],
    ["2026-01-01", "R", { fiscalYear: 2026, period: 1 }],
    ["2025-12-31", "R", { fiscalYear: 2025, period: 12 }],
    ["2027-02-28", "F", { fiscalYear: 2026, period: 8 }],
    ["2026-06-30", "F", { fiscalYear: 2025, period: 12 }],
    ["2026-07-01", "F", { fiscalYear: 2026, period: 1 }],
    ["2026-04-04", "A", { fiscalYear: 2026, period: 3 }],
    ["2026-04-05", "A", { fiscalYear: 2026, period: 4 }],
    ["2027-01-02", "A", { fiscalYear: 2026, period: 12 }],
    ["2027-01-01", "B", { fiscalYear: 2026, period: 13 }],
  ])("puts %s (pattern %s) in %o", (date, pattern, expected) => {
    expect(periodOfDate(date, ofPattern(pattern))).toMatchObject(expected);
  });

  it("returns the period's dates with it", () => {
    expect(periodOfDate("2027-02-14", ofPattern("F"))).toEqual({
      fiscalYear: 2026,
      period: 8,
      firstDate: "2027-02-01",
      lastDate: "2027-02-28",
    });
  });

  it.each([
    ["before any fiscal year", "2024-12-31", "R"],
    ["after the last fiscal year", "2027-01-01", "R"],
    ["before the July years", "2025-06-30", "F"],
    ["of a pattern F0008 does not hold", "2026-05-01", "Z"],
  ])("returns null for a date %s", (_, date, pattern) => {
    expect(periodOfDate(date, ofPattern(pattern))).toBeNull();
  });

  it("refuses a malformed date", () => {
    expect(() => periodOfDate("2026-02-30", ofPattern("R"))).toThrow(RangeError);
  });
});

describe("daysOf", () => {
  it("lists every day of a period, in order, across a month end", () => {
    expect(daysOf({ firstDate: "2027-02-26", lastDate: "2027-03-02" })).toEqual([
      "2027-02-26",
      "2027-02-27",
      "2027-02-28",
      "2027-03-01",
      "2027-03-02",
    ]);
  });

  it("gives 35 days for a 5-week 4-4-5 period and 29 for February of a leap year", () => {
    expect(daysOf(periodDates("2026/03", ofPattern("A")))).toHaveLength(35);
    expect(daysOf(periodDates("2028/02", checkedPattern([calendarYear(2028)], "R")))).toHaveLength(29);
  });
});

/** Consecutive fiscal years of random week/day lengths, possibly with unused periods 13/14. */
const arbitraryPattern = fc
  .record({
    startDay: fc.integer({ min: 0, max: 20_000 }), // days after 1990-01-01
    gapDays: fc.integer({ min: 0, max: 3 }),
    years: fc.array(
      fc.record({
        lengths: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 14 }),
        repeatLast: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ startDay, gapDays, years }) => {
    let start = addDays("1990-01-01", startDay);
    return years.map(({ lengths, repeatLast }) => {
      let previousEnd = addDays(start, -1);
      const ends = lengths.map((days) => {
        previousEnd = addDays(previousEnd, days);
        return previousEnd;
      });
      const repeats = Array(Math.min(repeatLast, 14 - ends.length)).fill(previousEnd);
      const row: FiscalYearDates = {
        datePattern: "P",
        fiscalYearStart: start,
        periodEnds: [...ends, ...repeats],
      };
      start = addDays(previousEnd, 1 + gapDays);
      return { row, periodCount: lengths.length };
    });
  })
  .filter((years) => new Set(years.map(({ row }) => row.periodEnds[0]!.slice(0, 4))).size === years.length);

describe("fiscal periods of any valid pattern", () => {
  it("are contiguous and ordered, and every day of a year lies in exactly one of them", () => {
    fc.assert(
      fc.property(arbitraryPattern, (years) => {
        const patternRows = years.map(({ row }) => row);
        const pattern = checkedPattern(patternRows, "P");
        for (const { row, periodCount } of years) {
          const fiscalYear = Number(row.periodEnds[0]!.slice(0, 4));
          const periods = Array.from({ length: periodCount }, (_, i) =>
            periodDates({ fiscalYear, period: i + 1 }, pattern),
          );
          expect(periods[0]!.firstDate).toBe(row.fiscalYearStart);
          expect(periods.at(-1)!.lastDate).toBe(row.periodEnds.at(-1));
          const allDays = periods.flatMap(daysOf);
          for (let i = 1; i < allDays.length; i++) expect(allDays[i]).toBe(addDays(allDays[i - 1]!, 1));
          for (const period of periods) {
            for (const day of daysOf(period)) expect(periodOfDate(day, pattern)).toEqual(period);
          }
          expect(() => periodDates({ fiscalYear, period: periodCount + 1 }, pattern)).toThrow(ConnectorError);
        }
        const first = patternRows[0]!.fiscalYearStart;
        const last = patternRows.at(-1)!.periodEnds.at(-1)!;
        expect(periodOfDate(addDays(first, -1), pattern)).toBeNull();
        expect(periodOfDate(addDays(last, 1), pattern)).toBeNull();
      }),
      { numRuns: 60 },
    );
  });
});
