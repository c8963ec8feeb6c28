import { type FiscalDatePattern, type FiscalYearDates, fiscalYearsOf } from "../fiscal-years.js";
import { addDays } from "../jde-date.js";

/** F0008 rows as JDE holds them, for tests: calendar, July–June, and week-based patterns. */

/** Calendar months, with CDD13J/CDD14J on period 12's end as JDE keeps unused adjustment periods. */
export function calendarYear(year: number, datePattern = "R"): FiscalYearDates {
  const ends = Array.from({ length: 12 }, (_, m) => monthEnd(year, m + 1));
  return { datePattern, fiscalYearStart: `${year}-01-01`, periodEnds: [...ends, ends[11]!, ends[11]!] };
}

/** A July–June year starting in `year`. */
export function julyYear(year: number, datePattern = "F"): FiscalYearDates {
  const ends = Array.from({ length: 12 }, (_, m) => monthEnd(year, 7 + m));
  return { datePattern, fiscalYearStart: `${year}-07-01`, periodEnds: ends };
}

/** A week-based year: period n lasts `weeks[n-1]` weeks from `start`. */
export function weeksYear(start: string, weeks: readonly number[], datePattern: string): FiscalYearDates {
  let previousEnd = addDays(start, -1);
  const periodEnds = weeks.map((w) => {
    previousEnd = addDays(previousEnd, 7 * w);
    return previousEnd;
  });
  return { datePattern, fiscalYearStart: start, periodEnds };
}

export const FOUR_FOUR_FIVE = [4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4, 5] as const;

function monthEnd(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The checked years of `datePattern` in `rows`, for rows a test knows are valid; throws otherwise. */
export function checkedPattern(rows: readonly FiscalYearDates[], datePattern: string): FiscalDatePattern {
  const result = fiscalYearsOf(rows, datePattern);
  if (!result.ok) throw new Error(result.reason);
  return result.pattern;
}
