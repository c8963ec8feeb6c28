import { epochMsToJdeTime, epochMsToJulian } from "./jde-formats.js";
import type { F0911Row, F0911Z1Row } from "./jde-tables.js";
import { type JournalError, journalError } from "./journal-errors.js";
import { type SimState, stagingKey, takeNextNumber } from "./sim-state.js";
import { validateJournalDocument } from "./validate-journal-document.js";

export interface ProcessedDocument {
  edus: string;
  edbt: string;
  edtn: string;
  ok: boolean;
  doc?: number;
  icu?: number;
  errors?: JournalError[];
}

const PROCESSOR = "R09110Z";

/**
 * R09110Z-like Journal Entries Batch Processor (final mode, out-of-balance rejected, no purge):
 * each EDBT value in this run becomes one F0911 batch (ICU, type G, one F0011 header); each
 * (EDUS, EDTN) becomes one document with the next JE document number. Valid rows get EDSP '1' (and
 * DOC/ICU/JELN written back, a simulator convenience); failing rows stay '0' and their errors go to
 * the P0911Z1-like list `state.stagingErrors`.
 */
export function processStagedRows(state: SimState, rows?: F0911Z1Row[]): ProcessedDocument[] {
  const pending = (rows ?? state.tables.F0911Z1).filter((row) => row.VNEDSP === "0");
  const results: ProcessedDocument[] = [];
  for (const [edbt, batchRows] of groupBy(pending, (row) => row.VNEDBT)) {
    let icu: number | undefined;
    let documents = 0;
    for (const documentRows of groupBy(batchRows, (row) => `${row.VNEDUS}|${row.VNEDTN}`).values()) {
      const first = documentRows[0]!;
      const sorted = [...documentRows].sort((a, b) => a.VNEDLN - b.VNEDLN);
      const errors = processingErrors(state, sorted);
      const base = { edus: first.VNEDUS, edbt, edtn: first.VNEDTN };
      if (errors.length > 0) {
        state.stagingErrors.set(stagingKey(first), errors);
        results.push({ ...base, ok: false, errors });
        continue;
      }
      icu ??= takeNextNumber(state, "batch");
      const doc = first.VNDOC || takeNextNumber(state, "document");
      writeLedger(state, sorted, { doc, icu });
      state.stagingErrors.delete(stagingKey(first));
      documents += 1;
      results.push({ ...base, ok: true, doc, icu });
    }
    if (icu !== undefined) writeBatchHeader(state, icu, documents);
  }
  return results;
}

function processingErrors(state: SimState, rows: F0911Z1Row[]): JournalError[] {
  const first = rows[0]!;
  if (state.rejectOnProcess.delete(first.VNEDTN)) return [journalError("processingRejected", first.VNEDTN)];
  const validated = validateJournalDocument(rows, state.tables, state);
  const errors = [...validated.errors];
  if (first.VNDOC && state.tables.F0911.some((l) => l.GLDOC === first.VNDOC && l.GLDCT === first.VNDCT)) {
    errors.push(journalError("duplicateKey", `document ${first.VNDOC} already in F0911`));
  }
  return errors;
}

function writeLedger(state: SimState, rows: F0911Z1Row[], numbers: { doc: number; icu: number }): void {
  const validated = validateJournalDocument(rows, state.tables, state);
  const company = validated.company!;
  const fiscal = validated.fiscal!;
  const nowMs = state.nowMs();
  rows.forEach((row, index) => {
    const account = validated.accounts[index]!;
    const line: F0911Row = {
      GLKCO: company.CCCO,
      GLDCT: row.VNDCT || "JE",
      GLDOC: numbers.doc,
      GLDGJ: row.VNDGJ,
      GLJELN: index + 1,
      GLEXTL: "",
      GLLT: "AA",
      GLPOST: " ",
      GLICU: numbers.icu,
      GLICUT: "G",
      GLDICJ: epochMsToJulian(nowMs),
      GLCO: account.GMCO,
      GLANI: row.VNANI,
      GLAM: "2",
      GLAID: account.GMAID,
      GLMCU: account.GMMCU,
      GLOBJ: account.GMOBJ,
      GLSUB: account.GMSUB,
      GLPN: fiscal.period,
      GLFY: fiscal.fiscalYear,
      GLCTRY: fiscal.century,
      GLAA: row.VNAA,
      GLCRCD: row.VNCRCD,
      GLCRRM: "D",
      GLEXA: row.VNEXA,
      GLEXR: row.VNEXR,
      GLVINV: row.VNVINV,
      GLAN8: row.VNAN8,
      GLTORG: row.VNTORG,
      GLUSER: row.VNUSER,
      GLPID: PROCESSOR,
      GLUPMJ: epochMsToJulian(nowMs),
      GLUPMT: epochMsToJdeTime(nowMs),
    };
    state.tables.F0911.push(line);
    Object.assign(row, {
      VNEDSP: "1",
      VNKCO: company.CCCO,
      VNDOC: numbers.doc,
      VNICU: numbers.icu,
      VNJELN: index + 1,
      VNAID: account.GMAID,
    });
  });
}

function writeBatchHeader(state: SimState, icu: number, documents: number): void {
  const nowJulian = epochMsToJulian(state.nowMs());
  state.tables.F0011.push({
    ICICUT: "G",
    ICICU: icu,
    ICIST: state.managerApprovalOfInput ? "P" : "A",
    ICDICJ: nowJulian,
    ICUSER: PROCESSOR,
    ICNDO: documents,
    ICBAL: "Y",
    ICUPMJ: nowJulian,
  });
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
