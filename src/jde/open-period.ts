import type { OpenPeriod } from "../domain/accounting-policy.js";
import { type FiscalDatePattern, type FiscalYearDates, fiscalYearsOf } from "../domain/fiscal-years.js";
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

const PERIOD_END_COLUMNS = Array.from({ length: 14 }, (_, i) => `D${String(i + 1).padStart(2, "0")}J`);

/**
 * JDE's G/L date window for a company (reference/jde-ais.md §8): the current and the next period are
 * open. firstOpenDate = the first day of the current period (the fiscal-year start for period 1);
 * lastOpenDate = the end of the next period, which may lie in the next fiscal year; null when F0008
 * does not hold it yet. Periods are F0008's as JDE counts them (`fiscalYearsOf`: the unused adjustment
 * periods a pattern fills with period 12's end are none). Throws MLC_CONFIG_INVALID when the pattern
 * breaks JDE's own rules, or lacks the company's current fiscal year or period (JDE would reject every date).
 */
export function computeOpenPeriod(company: CompanyFiscal, rows: readonly FiscalYearDates[]): OpenPeriod {
  const checked = fiscalYearsOf(rows, company.datePattern);
  if (!checked.ok) throw new ConnectorError("MLC_CONFIG_INVALID", checked.reason);
  const { years } = checked.pattern;
  const index = years.findIndex((y) => y.firstDate === company.fiscalYearStart);
  const periods = years[index]?.periods ?? [];
  const period = company.currentPeriod;
  if (!Number.isInteger(period) || period < 1 || period > periods.length) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `JDE fiscal pattern ${company.datePattern} has no period ${period} in the fiscal year starting ${company.fiscalYearStart}`,
    );
  }
  const nextPeriod = periods[period] ?? years[index + 1]?.periods[0];
  return { firstOpenDate: periods[period - 1]!.firstDate, lastOpenDate: nextPeriod?.lastDate ?? null };
}

/** Reads F0010 (company pattern, fiscal-year begin, current period) and F0008 for that pattern. */
export async function loadOpenPeriod(
  ais: Pick<AisClient, "call">,
  options: { company: string },
): Promise<OpenPeriod> {
  const { company, years } = await loadCompanyFiscal(ais, options);
  return computeOpenPeriod(company, years);
}

/** A company's F0010 fiscal facts and the F0008 years of its date pattern, as JDE holds them. */
export async function loadCompanyFiscal(
  ais: Pick<AisClient, "call">,
  options: { company: string },
): Promise<{ company: CompanyFiscal; years: FiscalYearDates[] }> {
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
  return { company, years };
}

/** The checked fiscal years of the company's date pattern; MLC_CONFIG_INVALID when F0008 breaks JDE's rules. */
export async function loadFiscalPattern(
  ais: Pick<AisClient, "call">,
  options: { company: string },
): Promise<FiscalDatePattern> {
  const { company, years } = await loadCompanyFiscal(ais, options);
  const checked = fiscalYearsOf(years, company.datePattern);
  if (!checked.ok) throw new ConnectorError("MLC_CONFIG_INVALID", checked.reason);
  return checked.pattern;
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
