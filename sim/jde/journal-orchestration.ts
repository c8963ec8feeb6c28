import { epochMsToJdeTime, epochMsToJulian } from "./jde-formats.js";
import type { F0911Z1Row } from "./jde-tables.js";
import { type JournalError, journalError } from "./journal-errors.js";
import { draftDocuments, type GridRow } from "./journal-input.js";
import { processStagedRows } from "./journal-processor.js";
import type { SimState } from "./sim-state.js";
import { validateJournalDocument } from "./validate-journal-document.js";

export interface DocumentOutcome {
  EDTN: string;
  status: "accepted" | "staged" | "rejected";
  DOC?: number;
  ICU?: number;
  errors?: JournalError[];
}

/**
 * The simulated `MLC_JournalEntryBatch` orchestration: validate each document (EDTN) on its own,
 * stage the valid ones in F0911Z1 (rejecting Z-table primary-key duplicates), and in `sync` mode
 * run the processor on them at once so the answer carries DOC and ICU.
 */
export function runJournalBatch(
  state: SimState,
  grid: GridRow[],
  options: { processing: "staged" | "sync"; user: string },
): DocumentOutcome[] {
  const nowMs = state.nowMs();
  const drafts = draftDocuments(grid, {
    tables: state.tables,
    nowJulian: epochMsToJulian(nowMs),
    nowTime: epochMsToJdeTime(nowMs),
    user: options.user,
  });
  const existingKeys = new Set(state.tables.F0911Z1.map(primaryKey));
  const outcomes: DocumentOutcome[] = [];
  const staged: { edtn: string; rows: F0911Z1Row[] }[] = [];
  for (const draft of drafts) {
    const errors = [...draft.errors];
    if (errors.length === 0) errors.push(...validateJournalDocument(draft.rows, state.tables, state).errors);
    for (const row of draft.rows) {
      const key = primaryKey(row);
      if (existingKeys.has(key)) errors.push(journalError("duplicateKey", key));
      existingKeys.add(key);
    }
    if (errors.length > 0) {
      outcomes.push({ EDTN: draft.edtn, status: "rejected", errors });
      continue;
    }
    state.tables.F0911Z1.push(...draft.rows);
    staged.push({ edtn: draft.edtn, rows: draft.rows });
    outcomes.push({ EDTN: draft.edtn, status: "staged" });
  }
  if (options.processing === "sync") {
    const processed = processStagedRows(
      state,
      staged.flatMap((s) => s.rows),
    );
    for (const result of processed) {
      const outcome = outcomes.find((o) => o.EDTN === result.edtn && o.status === "staged");
      if (!outcome) continue;
      if (result.ok) Object.assign(outcome, { status: "accepted", DOC: result.doc, ICU: result.icu });
      else {
        Object.assign(outcome, { status: "rejected", errors: result.errors });
        discardStaged(state, staged.find((s) => s.edtn === result.edtn)?.rows ?? []);
      }
    }
  }
  return outcomes;
}

/** Sync mode behaves like form entry: a document that fails leaves nothing behind. */
function discardStaged(state: SimState, rows: F0911Z1Row[]): void {
  const table = state.tables.F0911Z1;
  for (let index = table.length - 1; index >= 0; index -= 1) {
    if (rows.includes(table[index]!)) table.splice(index, 1);
  }
  for (const row of rows) state.stagingErrors.delete(`${row.VNEDUS}|${row.VNEDBT}|${row.VNEDTN}`);
}

function primaryKey(row: F0911Z1Row): string {
  return `${row.VNEDUS}|${row.VNEDTN}|${row.VNEDLN}|${row.VNEDBT}`;
}
