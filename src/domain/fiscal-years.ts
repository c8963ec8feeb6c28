import { addDays, parseIsoDate } from "./jde-date.js";

/**
 * One F0008 row as read from JDE: a fiscal year of a date pattern and its period end dates
 * (YYYY-MM-DD, CDD01J…CDD14J in order, blanks dropped).
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

/** The checked fiscal years of one date pattern, oldest first. */
export interface FiscalDatePattern {
  datePattern: string;
  years: FiscalYear[];
}

/** `reason` names the pattern and what is wrong with it, for an operator. */
export type FiscalYearsResult = { ok: true; pattern: FiscalDatePattern } | { ok: false; reason: string };

const MAX_PERIODS = 14;

/**
 * The fiscal years of one date pattern, oldest first. The year's number is the year of period 1's end
 * date: JDE E1's rule, so a year starting 2025-12-28 whose period 1 ends 2026-01-24 is fiscal year 2026.
 * Not ok when F0008 breaks JDE's own edits (periods out of order, years overlapping or sharing a
 * number): periods found from such a pattern would be wrong.
 */
export function fiscalYearsOf(rows: readonly FiscalYearDates[], datePattern: string): FiscalYearsResult {
  const years: FiscalYear[] = [];
  for (const row of rows) {
    if (row.datePattern !== datePattern) continue;
    const year = toFiscalYear(row);
    if ("problem" in year) return invalid(datePattern, year.problem);
    years.push(year);
  }
  years.sort((a, b) => a.firstDate.localeCompare(b.firstDate));
  for (let i = 1; i < years.length; i++) {
    const [before, after] = [years[i - 1]!, years[i]!];
    if (after.fiscalYear === before.fiscalYear) {
      return invalid(datePattern, `holds fiscal year ${after.fiscalYear} twice`);
    }
    if (after.firstDate <= before.lastDate) {
      return invalid(datePattern, `fiscal year ${after.fiscalYear} starts before ${before.fiscalYear} ends`);
    }
  }
  return { ok: true, pattern: { datePattern, years } };
}

/**
 * Period n starts the day after period n-1 ends. JDE counts only periods whose end differs from the
 * previous one: 13 and 14 ending on period 12's end mean a 12-period year (no adjustment periods).
 */
function toFiscalYear(row: FiscalYearDates): FiscalYear | { problem: string } {
  const start = row.fiscalYearStart;
  if (!isCalendarDate(start)) return notADate(start);
  if (row.periodEnds.length === 0 || row.periodEnds.length > MAX_PERIODS) {
    return { problem: `year starting ${start} has ${row.periodEnds.length} period end dates` };
  }
  const periods: PeriodSpan[] = [];
  let previousEnd = addDays(start, -1);
  let sawRepeatedEnd = false;
  for (const end of row.periodEnds) {
    if (!isCalendarDate(end)) return notADate(end);
    if (periods.length > 0 && end === previousEnd) {
      sawRepeatedEnd = true;
      continue;
    }
    // JDE's edit: once an end date repeats, every later one must repeat it too.
    if (end <= previousEnd || sawRepeatedEnd) {
      return { problem: `year starting ${start} has period end dates out of order` };
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

function isCalendarDate(isoDate: string): boolean {
  try {
    parseIsoDate(isoDate);
    return true;
  } catch {
    return false;
  }
}

function notADate(isoDate: string): { problem: string } {
  return { problem: `has a date that is not YYYY-MM-DD: ${JSON.stringify(isoDate)}` };
}

function invalid(datePattern: string, problem: string): FiscalYearsResult {
  return { ok: false, reason: `JDE fiscal date pattern ${datePattern} (F0008) ${problem}` };
}
