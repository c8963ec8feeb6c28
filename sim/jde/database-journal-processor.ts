import type { JdeDatabase, SqlStatement } from "./jde-database.js";
import { insertStatements, selectRows, updateRows } from "./jde-database-rows.js";
import type { F0011Row, F0911Row, F0911Z1Row, JdeTables } from "./jde-tables.js";
import { processStagedRows } from "./journal-processor.js";
import type { SimState } from "./sim-state.js";

/**
 * R09110Z over the JDE database stand-in. Each cycle reads the F0911Z1 rows at EDSP '0', runs them
 * through the same processor and JDE edits as staged orchestration rows ({@link processStagedRows}),
 * then writes F0911 lines, one F0011 header per EDBT, and the EDSP flag in one transaction. The
 * in-memory tables mirror the database (data service, ledger view); if the write fails, the cycle's
 * in-memory changes are taken back (numbers stay consumed, as Next Numbers would) and it is retried.
 */
export function createDatabaseJournalProcessor(deps: { state: SimState; database: JdeDatabase }) {
  const { state, database } = deps;
  const mirrored = new Set<F0911Z1Row>();
  return { loadExisting, runCycle, isMirrored: (row: F0911Z1Row) => mirrored.has(row) };

  /** Loads what earlier runs left (F0911, F0011, processed F0911Z1) and moves Next Numbers past it. */
  async function loadExisting(): Promise<void> {
    const ledger = await selectRows<F0911Row>(database, "F0911");
    const batches = await selectRows<F0011Row>(database, "F0011");
    const processed = await selectRows<F0911Z1Row>(database, "F0911Z1", { notEqual: { VNEDSP: "0" } });
    state.tables.F0911.push(...ledger);
    state.tables.F0011.push(...batches);
    addMirrored(processed);
    const numbers = state.nextNumbers;
    // A loop, not Math.max(...spread): a big ledger exceeds the argument limit.
    for (const line of ledger) numbers.document = Math.max(numbers.document, line.GLDOC + 1);
    for (const batch of batches) numbers.batch = Math.max(numbers.batch, batch.ICICU + 1);
  }

  /** One R09110Z run; true when there were rows to process. */
  async function runCycle(): Promise<boolean> {
    const pending = await selectRows<F0911Z1Row>(database, "F0911Z1", { equal: { VNEDSP: "0" } });
    // Rows still pending are re-read each cycle: the writer may have fixed or deleted them (P0911Z1).
    removeRows(
      state.tables.F0911Z1,
      [...mirrored].filter((row) => row.VNEDSP === "0"),
    );
    if (pending.length === 0) return false;
    const rows = pending.map((row) => withBlankDefaults(row, state.tables));
    addMirrored(rows);
    const ledgerStart = state.tables.F0911.length;
    const batchStart = state.tables.F0011.length;
    processStagedRows(state, rows);
    const ledger = state.tables.F0911.slice(ledgerStart);
    const batches = state.tables.F0011.slice(batchStart);
    try {
      await database.runInTransaction([
        ...insertStatements(database, "F0911", ledger),
        ...insertStatements(database, "F0011", batches),
        ...processedDocuments(rows).map(markProcessed),
      ]);
    } catch (error) {
      removeRows(state.tables.F0911, ledger);
      removeRows(state.tables.F0011, batches);
      removeRows(state.tables.F0911Z1, rows);
      throw error;
    }
    return true;
  }

  /**
   * EDSP '1' plus what the simulator's in-memory processor writes back per document (DOC, ICU, KCO),
   * one UPDATE per document. Unconfirmed which columns the real R09110Z updates besides EDSP;
   * readers should find the document in F0911 by reference, not rely on these.
   */
  function markProcessed(row: F0911Z1Row): SqlStatement {
    return updateRows(
      database,
      "F0911Z1",
      { VNEDSP: "1", VNDOC: row.VNDOC, VNICU: row.VNICU, VNKCO: row.VNKCO },
      { VNEDUS: row.VNEDUS, VNEDTN: row.VNEDTN, VNEDBT: row.VNEDBT, VNEDSP: "0" },
    );
  }

  function addMirrored(rows: F0911Z1Row[]): void {
    for (const row of rows) mirrored.add(row);
    state.tables.F0911Z1.push(...rows);
  }

  function removeRows<T>(table: T[], rows: T[]): void {
    const gone = new Set(rows);
    for (let index = table.length - 1; index >= 0; index -= 1) {
      if (gone.has(table[index]!)) table.splice(index, 1);
    }
    for (const row of rows) mirrored.delete(row as F0911Z1Row);
  }
}

/** The first line of every processed document (EDUS + EDTN + EDBT): its lines are processed together. */
function processedDocuments(rows: readonly F0911Z1Row[]): F0911Z1Row[] {
  const seen = new Map<string, F0911Z1Row>();
  for (const row of rows) {
    if (row.VNEDSP !== "1") continue;
    const key = `${row.VNEDUS}|${row.VNEDTN}|${row.VNEDBT}`;
    if (!seen.has(key)) seen.set(key, row);
  }
  return [...seen.values()];
}

/** R09110Z defaults for blank fields: ledger type AA (data dictionary default), currency of the company. */
function withBlankDefaults(row: F0911Z1Row, tables: JdeTables): F0911Z1Row {
  const company = tables.F0010.find((c) => c.CCCO === row.VNKCO);
  return { ...row, VNLT: row.VNLT || "AA", VNCRCD: row.VNCRCD || company?.CCCRCD || "" };
}

export type DatabaseJournalProcessor = ReturnType<typeof createDatabaseJournalProcessor>;
