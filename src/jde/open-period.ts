import type { OpenPeriod } from "../domain/accounting-policy.js";
import { fromJdeJulian, parseIsoDate } from "../domain/jde-date.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { AisClient } from "./ais-client.js";
import { type BrowseRow, browseTable, text } from "./data-service.js";

/** F0010 fiscal facts of a company: date pattern, fiscal-year begin (YYYY-MM-DD), current period. */
export interface CompanyFiscal {
  datePattern: string; // CCDTPN
  fiscalYearStart: string; // CCDFYJ
  currentPeriod: number; // CCPNC
}

/** One F0008 row: a fiscal year of a date pattern and its period end dates (YYYY-MM-DD, in order). */
export interface FiscalYearPattern {
  datePattern: string; // CDDTPN
  fiscalYearStart: string; // CDDFYJ
  periodEnds: string[]; // CDD01J…CDD14J, blanks dropped
}

const PERIOD_END_COLUMNS = Array.from({ length: 14 }, (_, i) => `D${String(i + 1).padStart(2, "0")}J`);

/**
 * JDE's G/L date window for a company (reference/jde-ais.md §8): the current and the next period are
 * open. firstOpenDate = the day after the end of the period before the current one (the fiscal-year
 * start for period 1); lastOpenDate = the end of the next period, which may lie in the next fiscal
 * year; null when F0008 does not hold it yet. Throws MLC_CONFIG_INVALID when the pattern lacks the
 * company's current fiscal year or period (JDE would reject every date).
 */
export function computeOpenPeriod(company: CompanyFiscal, years: readonly FiscalYearPattern[]): OpenPeriod {
  const ofPattern = years
    .filter((y) => y.datePattern === company.datePattern)
    .sort((a, b) => a.fiscalYearStart.localeCompare(b.fiscalYearStart));
  const index = ofPattern.findIndex((y) => y.fiscalYearStart === company.fiscalYearStart);
  const current = ofPattern[index] && { ...ofPattern[index]!, periodEnds: realPeriodEnds(ofPattern[index]!) };
  const period = company.currentPeriod;
  if (!current || !Number.isInteger(period) || period < 1 || period > current.periodEnds.length) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `JDE fiscal pattern ${company.datePattern} has no period ${period} in the fiscal year starting ${company.fiscalYearStart}`,
    );
  }
  const firstOpenDate = period === 1 ? current.fiscalYearStart : nextDay(current.periodEnds[period - 2]!);
  const lastOpenDate =
    period < current.periodEnds.length
      ? current.periodEnds[period]!
      : (ofPattern[index + 1]?.periodEnds[0] ?? null);
  return { firstOpenDate, lastOpenDate };
}

/**
 * The year's period ends without JDE's unused adjustment periods: a pattern without a 13th or 14th
 * period repeats period 12's end in CDD13J and CDD14J, and those are not periods.
 */
function realPeriodEnds(year: FiscalYearPattern): string[] {
  return year.periodEnds.filter((end, i) => i === 0 || end > year.periodEnds[i - 1]!);
}

/** Reads F0010 (company pattern, fiscal-year begin, current period) and F0008 for that pattern. */
export async function loadOpenPeriod(
  ais: Pick<AisClient, "call">,
  options: { company: string },
): Promise<OpenPeriod> {
  const companies = await browseTable(ais, {
    table: "F0010",
    columns: ["CO", "DTPN", "DFYJ", "PNC"],
    conditions: [{ column: "CO", operator: "EQUAL", values: [options.company] }],
  });
  const row = companies[0];
  if (!row)
    throw new ConnectorError("MLC_CONFIG_INVALID", `JDE company ${options.company} not found in F0010`);
  const company: CompanyFiscal = {
    datePattern: text(row, "DTPN"),
    fiscalYearStart: parseJdeDate(row, "DFYJ"),
    currentPeriod: Number(row.PNC),
  };
  const patternRows = await browseTable(ais, {
    table: "F0008",
    columns: ["DTPN", "DFYJ", ...PERIOD_END_COLUMNS],
    conditions: [{ column: "DTPN", operator: "EQUAL", values: [company.datePattern] }],
  });
  const years = patternRows.map((r) => ({
    datePattern: text(r, "DTPN"),
    fiscalYearStart: parseJdeDate(r, "DFYJ"),
    periodEnds: PERIOD_END_COLUMNS.map((column) => parseJdeDate(r, column, true)).filter((d) => d !== ""),
  }));
  return computeOpenPeriod(company, years);
}

/**
 * A data-service date as YYYY-MM-DD. AIS converts Julian dates (observed as `yyyyMMdd` strings, §4);
 * `yyyy-MM-dd` and a raw Julian `CYYDDD` number are accepted too. Blank/zero → "" when `optional`.
 */
export function parseJdeDate(row: BrowseRow, column: string, optional = false): string {
  const value = text(row, column);
  if (optional && (value === "" || value === "0")) return "";
  try {
    if (/^\d{8}$/.test(value)) {
      const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
      parseIsoDate(iso);
      return iso;
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      parseIsoDate(value);
      return value;
    }
    if (typeof row[column] === "number") return fromJdeJulian(Number(value));
  } catch {
    // falls through to the error below
  }
  throw new ConnectorError("MLC_AIS_RESPONSE_INVALID", `JDE date ${column} "${value}" is not a date`);
}

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
