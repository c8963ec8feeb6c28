import { parseIsoDate } from "../domain/jde-date.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { addDays } from "./iso-day.js";

/**
 * One F0008 row as read from JDE: a fiscal year of a date pattern and its period end dates
 * (YYYY-MM-DD, CDD01J…CDD14J in order, blanks dropped). Same shape as `FiscalYearPattern` in
 * jde/open-period.ts, which reconcile/ may not import (only entry points import adapters).
 */
export interface FiscalYearDates {
  datePattern: string; // CDDTPN
  fiscalYearStart: string; // CDDFYJ
  periodEnds: readonly string[];
}

/** The inclusive dates of one period. */
export interface PeriodSpan {
  firstDate: string;
  lastDate: string;
}

/** A checked fiscal year: its number as JDE counts it (GLFY) and its periods, contiguous and in order. */
export interface FiscalYear {
  fiscalYear: number;
  firstDate: string;
  lastDate: string;
  periods: PeriodSpan[];
}

const MAX_PERIODS = 14;

/**
 * The fiscal years of one date pattern, oldest first. The year's number is the year of period 1's end
 * date: JDE E1's rule, so a year starting 2025-12-28 whose period 1 ends 2026-01-24 is fiscal year 2026.
 * Throws MLC_CONFIG_INVALID when F0008 breaks JDE's own edits (periods out of order, years overlapping
 * or sharing a number): periods found from such a pattern would be wrong.
 */
export function fiscalYearsOf(rows: readonly FiscalYearDates[], datePattern: string): FiscalYear[] {
  const years = rows
    .filter((row) => row.datePattern === datePattern)
    .map(toFiscalYear)
    .sort((a, b) => a.firstDate.localeCompare(b.firstDate));
  for (let i = 1; i < years.length; i++) {
    const [before, after] = [years[i - 1]!, years[i]!];
    if (after.fiscalYear === before.fiscalYear) {
      throw invalid(datePattern, `holds fiscal year ${after.fiscalYear} twice`);
    }
    if (after.firstDate <= before.lastDate) {
      throw invalid(datePattern, `fiscal year ${after.fiscalYear} starts before ${before.fiscalYear} ends`);
    }
  }
  return years;
}

/**
 * Period n starts the day after period n-1 ends. JDE counts only periods whose end differs from the
 * previous one: 13 and 14 ending on period 12's end mean a 12-period year (no adjustment periods).
 */
function toFiscalYear(row: FiscalYearDates): FiscalYear {
  const pattern = row.datePattern;
  const start = checkedDate(pattern, row.fiscalYearStart);
  if (row.periodEnds.length === 0 || row.periodEnds.length > MAX_PERIODS) {
    throw invalid(pattern, `year starting ${start} has ${row.periodEnds.length} period end dates`);
  }
  const periods: PeriodSpan[] = [];
  let previousEnd = addDays(start, -1);
  let sawRepeatedEnd = false;
  for (const rawEnd of row.periodEnds) {
    const end = checkedDate(pattern, rawEnd);
    if (periods.length > 0 && end === previousEnd) {
      sawRepeatedEnd = true;
      continue;
    }
    // JDE's edit: once an end date repeats, every later one must repeat it too.
    if (end <= previousEnd || sawRepeatedEnd) {
      throw invalid(pattern, `year starting ${start} has period end dates out of order`);
    }
    periods.push({ firstDate: addDays(previousEnd, 1), lastDate: end });
    previousEnd = end;
  }
  return {
    fiscalYear: Number(periods[0]!.lastDate.slice(0, 4)),
    firstDate: start,
    lastDate: previousEnd,
    periods,
  };
}

function checkedDate(pattern: string, isoDate: string): string {
  try {
    parseIsoDate(isoDate);
    return isoDate;
  } catch (error) {
    throw invalid(pattern, `has a date that is not YYYY-MM-DD: ${JSON.stringify(isoDate)}`, error);
  }
}

function invalid(pattern: string, problem: string, cause?: unknown): ConnectorError {
  return new ConnectorError("MLC_CONFIG_INVALID", `JDE fiscal date pattern ${pattern} (F0008) ${problem}`, {
    cause,
  });
}
