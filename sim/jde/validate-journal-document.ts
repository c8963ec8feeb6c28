import { padMcu, parseAccountKey } from "./jde-formats.js";
import type { F0010Row, F0901Row, F0911Z1Row, JdeTables } from "./jde-tables.js";
import { type JournalError, journalError } from "./journal-errors.js";

const DOCUMENT_TYPES = new Set(["JE", "##", "%", "AE", "AF", "JX"]);

const FIELD_LIMITS: [keyof F0911Z1Row, number][] = [
  ["VNEDUS", 10],
  ["VNEDTN", 22],
  ["VNEDBT", 15],
  ["VNKCO", 5],
  ["VNDCT", 2],
  ["VNEXA", 30],
  ["VNEXR", 30],
  ["VNVINV", 25],
  ["VNANI", 29],
  ["VNCRCD", 3],
];

export interface FiscalPosition {
  period: number;
  fiscalYear: number;
  century: number;
}

export interface ValidatedDocument {
  errors: JournalError[];
  company?: F0010Row;
  /** Account per line, same order as the rows (undefined where invalid). */
  accounts: (F0901Row | undefined)[];
  fiscal?: FiscalPosition;
}

/**
 * The Journal Entry MBF edits a document (all rows of one EDTN, storage form) must pass, shared by
 * the orchestration (before staging) and the R09110Z-like processor. Header fields come from the
 * first line; blank KCO defaults to the first line's BU company, blank DCT to JE.
 */
export function validateJournalDocument(
  rows: F0911Z1Row[],
  tables: JdeTables,
  options: { enforceGlDateWindow: boolean },
): ValidatedDocument {
  const errors: JournalError[] = [];
  const first = rows[0]!;
  for (const row of rows) {
    for (const [column, limit] of FIELD_LIMITS) {
      const value = String(row[column]);
      if (value.length > limit) errors.push(journalError("fieldTooLong", `${column} (max ${limit})`));
    }
    if (!row.VNEDUS || !row.VNEDTN || !row.VNEDBT || !row.VNANI) {
      errors.push(journalError("requiredMissing", "EDUS, EDTN, EDBT and ANI are required"));
    }
    if (row.VNLT !== "AA") errors.push(journalError("ledgerTypeInvalid", row.VNLT));
    if (row.VNEDTC !== "A") errors.push(journalError("transactionActionInvalid", row.VNEDTC));
    if (row.VNEDTR !== "J") errors.push(journalError("transactionTypeInvalid", row.VNEDTR));
    // A left-justified BU matches no F0006 key: storage form is right-justified to 12.
    if (row.VNMCU.trim() && row.VNMCU !== padMcu(row.VNMCU)) {
      errors.push(journalError("businessUnitInvalid", `"${row.VNMCU}" is not right-justified`));
    }
    for (const column of ["VNKCO", "VNDCT", "VNDGJ", "VNCRCD"] as const) {
      if (row[column] !== first[column]) errors.push(journalError("headerMismatch", column.slice(2)));
    }
  }
  const accounts = rows.map((row) => findAccount(row, tables, errors));
  const kco = first.VNKCO || accounts[0]?.GMCO || "";
  const company = tables.F0010.find((c) => c.CCCO === kco);
  if (!company) errors.push(journalError("companyInvalid", kco));
  if (!DOCUMENT_TYPES.has(first.VNDCT || "JE")) errors.push(journalError("documentTypeInvalid", first.VNDCT));
  checkBusinessUnits(accounts, kco, tables, errors);
  checkCurrency(first.VNCRCD, company, tables, errors);
  for (const row of rows) {
    if (row.VNAN8 !== 0 && !tables.F0101.some((ab) => ab.ABAN8 === row.VNAN8)) {
      errors.push(journalError("addressNumberInvalid", String(row.VNAN8)));
    }
  }
  const total = rows.reduce((sum, row) => sum + row.VNAA, 0n);
  if (total !== 0n) errors.push(journalError("outOfBalance", `net ${total} (minor units)`));
  const fiscal = company ? checkGlDate(first, company, tables, options, errors) : undefined;
  return { errors: dedupe(errors), company, accounts, fiscal };
}

function findAccount(row: F0911Z1Row, tables: JdeTables, errors: JournalError[]): F0901Row | undefined {
  const key = parseAccountKey(row.VNANI);
  const account =
    key &&
    tables.F0901.find((a) => a.GMMCU === padMcu(key.bu) && a.GMOBJ === key.obj && a.GMSUB.trim() === key.sub);
  if (!account) {
    errors.push(journalError("accountInvalid", row.VNANI));
    return undefined;
  }
  if (account.GMPEC.trim() !== "") errors.push(journalError("accountNonPosting", row.VNANI));
  return account;
}

function checkBusinessUnits(
  accounts: (F0901Row | undefined)[],
  kco: string,
  tables: JdeTables,
  errors: JournalError[],
): void {
  for (const account of accounts) {
    if (!account) continue;
    const bu = tables.F0006.find((b) => b.MCMCU === account.GMMCU);
    const label = account.GMMCU.trim();
    if (!bu) errors.push(journalError("businessUnitInvalid", label));
    else if (bu.MCPECC.trim() !== "") errors.push(journalError("businessUnitNonPosting", label));
    else if (bu.MCCO !== kco)
      errors.push(journalError("businessUnitCompany", `${label} belongs to ${bu.MCCO}`));
  }
}

function checkCurrency(
  crcd: string,
  company: F0010Row | undefined,
  tables: JdeTables,
  errors: JournalError[],
) {
  if (!tables.F0013.some((c) => c.CVCRCD === crcd)) errors.push(journalError("currencyInvalid", crcd));
  else if (company && crcd !== company.CCCRCD) errors.push(journalError("foreignCurrency", crcd));
}

function checkGlDate(
  first: F0911Z1Row,
  company: F0010Row,
  tables: JdeTables,
  options: { enforceGlDateWindow: boolean },
  errors: JournalError[],
): FiscalPosition | undefined {
  const position = fiscalPosition(first.VNDGJ, company.CCDTPN, tables);
  if (!position) {
    errors.push(journalError("dateNoPeriod", String(first.VNDGJ)));
    return undefined;
  }
  if (!options.enforceGlDateWindow) return position;
  const years = tables.F0008.filter((p) => p.CDDTPN === company.CCDTPN).sort((a, b) => a.CDDFYJ - b.CDDFYJ);
  const yearIndex = years.findIndex((y) => y.CDDFYJ === company.CCDFYJ);
  const currentYear = years[yearIndex];
  if (!currentYear) return position;
  const openStart = company.CCPNC > 1 ? currentYear.periodEnds[company.CCPNC - 2]! + 1 : currentYear.CDDFYJ;
  const nextEnd =
    currentYear.periodEnds[company.CCPNC] ?? years[yearIndex + 1]?.periodEnds[0] ?? Number.MAX_SAFE_INTEGER;
  if (first.VNDGJ < currentYear.CDDFYJ && first.VNDCT !== "##") errors.push(journalError("priorYear"));
  else if (first.VNDGJ < openStart) errors.push(journalError("postBeforeCutoff"));
  else if (first.VNDGJ > nextEnd) errors.push(journalError("postAfterCutoff"));
  return position;
}

/** Period, fiscal year and century of a G/L date in a fiscal date pattern (F0008). */
export function fiscalPosition(dgj: number, pattern: string, tables: JdeTables): FiscalPosition | undefined {
  for (const year of tables.F0008) {
    if (year.CDDTPN !== pattern || dgj < year.CDDFYJ) continue;
    const index = year.periodEnds.findIndex((end) => dgj <= end);
    if (index >= 0) {
      const startYear = 1900 + Math.floor(year.CDDFYJ / 1000);
      return { period: index + 1, fiscalYear: startYear % 100, century: Math.floor(startYear / 100) };
    }
  }
  return undefined;
}

function dedupe(errors: JournalError[]): JournalError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.CODE}|${e.DESC}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
