import type { FiscalDatePattern } from "../domain/fiscal-years.js";
import { addDays, parseIsoDate } from "../domain/jde-date.js";
import { ConnectorError } from "../lib/errors/connector-error.js";

/** A JDE fiscal period by number: `fiscalYear` as JDE counts it (GLFY, 4 digits), `period` 1..14. */
export interface FiscalPeriodRef {
  fiscalYear: number;
  period: number;
}

/** A fiscal period and its dates (YYYY-MM-DD, both inclusive). */
export interface FiscalPeriod extends FiscalPeriodRef {
  firstDate: string;
  lastDate: string;
}

/** The one form operators type, e.g. `2026/08`; spaces around the parts are ignored. */
const PERIOD_LABEL = /^\s*(\d{4})\s*\/\s*(\d{2})\s*$/;
const LABEL_FORM = "YYYY/PP, e.g. 2026/08 (fiscal year, then period 01-14)";

/** Parses an operator's period label `YYYY/PP`; throws MLC_CONFIG_INVALID naming the expected form. */
export function parsePeriodLabel(text: string): FiscalPeriodRef {
  const match = PERIOD_LABEL.exec(text);
  const fiscalYear = Number(match?.[1]);
  const period = Number(match?.[2]);
  if (!match || period < 1 || period > 14) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `period ${JSON.stringify(text.slice(0, 40))} is not of the form ${LABEL_FORM}`,
    );
  }
  return { fiscalYear, period };
}

/** The canonical label of a period: `{ fiscalYear: 2026, period: 8 }` → `2026/08`. */
export function formatPeriodLabel(ref: FiscalPeriodRef): string {
  return `${ref.fiscalYear}/${String(ref.period).padStart(2, "0")}`;
}

/**
 * The dates of a fiscal period in a company's date pattern (its F0008 years, checked once by
 * `fiscalYearsOf`). Throws MLC_CONFIG_INVALID when F0008 has no such fiscal year, or the year has fewer
 * periods (13 and 14 exist only when their end dates are set apart from period 12's).
 */
export function periodDates(label: string | FiscalPeriodRef, pattern: FiscalDatePattern): FiscalPeriod {
  const { fiscalYear, period } = typeof label === "string" ? parsePeriodLabel(label) : label;
  const { datePattern, years } = pattern;
  const year = years.find((y) => y.fiscalYear === fiscalYear);
  if (!year) {
    const held = years.map((y) => y.fiscalYear).join(", ") || "none";
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `JDE fiscal date pattern ${datePattern} (F0008) has no fiscal year ${fiscalYear} (years held: ${held})`,
    );
  }
  const span = year.periods[period - 1];
  if (!span) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `fiscal year ${fiscalYear} of JDE date pattern ${datePattern} has ${year.periods.length} periods; there is no period ${period}`,
    );
  }
  return { fiscalYear, period, ...span };
}

/**
 * The fiscal period a G/L date falls in, or null when no F0008 year of the pattern holds the date
 * (reconciliation reports such a date rather than guessing a period for it).
 */
export function periodOfDate(isoDate: string, pattern: FiscalDatePattern): FiscalPeriod | null {
  parseIsoDate(isoDate);
  for (const year of pattern.years) {
    const index = year.periods.findIndex((p) => p.firstDate <= isoDate && isoDate <= p.lastDate);
    if (index >= 0) return { fiscalYear: year.fiscalYear, period: index + 1, ...year.periods[index]! };
  }
  return null;
}

/** Every date of a period, in order (the per-day comparison walks these). */
export function daysOf(period: Pick<FiscalPeriod, "firstDate" | "lastDate">): string[] {
  const days: string[] = [];
  for (let day = period.firstDate; day <= period.lastDate; day = addDays(day, 1)) days.push(day);
  return days;
}
