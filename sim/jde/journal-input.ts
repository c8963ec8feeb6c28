import { padMcu, parseAccountKey, parseDecimalToMinor, parseDisplayDate } from "./jde-formats.js";
import type { F0911Z1Row, JdeTables } from "./jde-tables.js";
import { type JournalError, journalError } from "./journal-errors.js";

/** One orchestration grid row in display form (keys EDUS, EDBT, EDTN, EDLN, KCO, DCT, DGJ, ANI, …). */
export type GridRow = Record<string, string>;

export type ParsedInput = { ok: true; rows: GridRow[] } | { ok: false; message: string };

/** v3 Generic input `{ EDBT, GridData: [ {...} ] }` (DESIGN.md §3). Numbers are accepted as values. */
export function parseGenericInput(body: unknown): ParsedInput {
  if (!isRecord(body) || !Array.isArray(body.GridData)) {
    return { ok: false, message: "Orchestration input GridData is missing or not an array" };
  }
  const batch = typeof body.EDBT === "string" ? body.EDBT : "";
  const rows: GridRow[] = [];
  for (const item of body.GridData) {
    if (!isRecord(item)) return { ok: false, message: "GridData entries must be objects" };
    rows.push(withBatch(toStrings(Object.entries(item)), batch));
  }
  return { ok: true, rows };
}

/** v1/v2 JDE Standard input `{ inputs: [{name, value}], detailInputs: [{ name: "GridData", repeatingInputs }] }`. */
export function parseStandardInput(body: unknown): ParsedInput {
  if (!isRecord(body)) return { ok: false, message: "Orchestration input must be a JSON object" };
  const inputs = Array.isArray(body.inputs) ? body.inputs : [];
  const header = toStrings(inputs.filter(isRecord).map((i) => [String(i.name), i.value]));
  const detail = Array.isArray(body.detailInputs)
    ? body.detailInputs.find((d) => isRecord(d) && d.name === "GridData")
    : undefined;
  if (!isRecord(detail) || !Array.isArray(detail.repeatingInputs)) {
    return { ok: false, message: "detailInputs GridData with repeatingInputs is required" };
  }
  const rows: GridRow[] = [];
  for (const repeating of detail.repeatingInputs) {
    if (!isRecord(repeating) || !Array.isArray(repeating.inputs)) {
      return { ok: false, message: "each repeatingInputs entry needs an inputs array" };
    }
    const pairs = repeating.inputs.filter(isRecord).map((i): [string, unknown] => [String(i.name), i.value]);
    rows.push(withBatch(toStrings(pairs), header.EDBT ?? ""));
  }
  return { ok: true, rows };
}

export interface DraftDocument {
  edus: string;
  edbt: string;
  edtn: string;
  rows: F0911Z1Row[];
  /** Conversion errors (display → storage form). */
  errors: JournalError[];
}

/** Groups grid rows by (EDUS, EDBT, EDTN) and converts them to F0911Z1 storage form. */
export function draftDocuments(
  grid: GridRow[],
  context: { tables: JdeTables; nowJulian: number; nowTime: number; user: string },
): DraftDocument[] {
  const documents = new Map<string, DraftDocument>();
  for (const row of grid) {
    const edus = row.EDUS ?? "";
    const edbt = row.EDBT ?? "";
    const edtn = row.EDTN ?? "";
    const key = `${edus}|${edbt}|${edtn}`;
    let document = documents.get(key);
    if (!document) {
      document = { edus, edbt, edtn, rows: [], errors: [] };
      documents.set(key, document);
    }
    document.rows.push(toZRow(row, context, document.errors));
  }
  return [...documents.values()];
}

function toZRow(
  row: GridRow,
  context: { tables: JdeTables; nowJulian: number; nowTime: number; user: string },
  errors: JournalError[],
): F0911Z1Row {
  const lineNumber = Number(row.EDLN);
  if (!Number.isInteger(lineNumber) || lineNumber <= 0)
    errors.push(journalError("lineNumberInvalid", row.EDLN));
  const dgj = parseDisplayDate(row.DGJ ?? "");
  if (dgj === undefined) errors.push(journalError("dateInvalid", row.DGJ));
  const kco = row.KCO ?? "";
  const company = context.tables.F0010.find((c) => c.CCCO === kco);
  const crcd = row.CRCD || company?.CCCRCD || "";
  const currency = context.tables.F0013.find((c) => c.CVCRCD === crcd);
  const amount = parseDecimalToMinor(row.AA ?? "", currency?.CVCDEC ?? 2);
  if (!amount.ok) {
    const kind = amount.reason === "tooManyDecimals" ? "tooManyDecimals" : "amountInvalid";
    errors.push(journalError(kind, `${row.AA} ${crcd}`));
  }
  const an8 = row.AN8?.trim() ? Number(row.AN8) : 0;
  if (!Number.isInteger(an8) || an8 < 0) errors.push(journalError("addressNumberInvalid", row.AN8));
  const key = parseAccountKey(row.ANI ?? "");
  return {
    VNEDUS: row.EDUS ?? "",
    VNEDTN: row.EDTN ?? "",
    VNEDLN: Number.isInteger(lineNumber) ? lineNumber * 1000 : 0,
    VNEDBT: row.EDBT ?? "",
    VNEDSP: "0",
    VNEDTC: "A",
    VNEDTR: "J",
    VNKCO: kco,
    VNDCT: row.DCT || "JE",
    VNDOC: 0,
    VNDGJ: dgj ?? 0,
    VNJELN: 0,
    VNPOST: " ",
    VNICU: 0,
    VNICUT: "G",
    VNCO: kco,
    VNANI: row.ANI ?? "",
    VNAM: "2",
    VNAID: "",
    VNMCU: key ? padMcu(key.bu) : padMcu(""),
    VNOBJ: key?.obj ?? "",
    VNSUB: key?.sub ?? "",
    VNLT: row.LT || "AA",
    VNAA: amount.ok ? amount.minor : 0n,
    VNCRCD: crcd,
    VNCRRM: "D",
    VNEXA: row.EXA ?? "",
    VNEXR: row.EXR ?? "",
    VNVINV: row.VINV ?? "",
    VNAN8: Number.isInteger(an8) ? an8 : 0,
    VNTORG: context.user,
    VNUSER: context.user,
    VNPID: "MLCJEORCH",
    VNUPMJ: context.nowJulian,
    VNUPMT: context.nowTime,
  };
}

function withBatch(row: GridRow, batch: string): GridRow {
  return row.EDBT ? row : { ...row, EDBT: batch };
}

function toStrings(entries: [string, unknown][]): GridRow {
  const row: GridRow = {};
  for (const [key, value] of entries) {
    if (value === null || value === undefined) row[key] = "";
    else row[key] = typeof value === "string" ? value : String(value);
  }
  return row;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
