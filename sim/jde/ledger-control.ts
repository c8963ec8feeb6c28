import type { JdeDatabase, SqlStatement } from "./jde-database.js";
import { anyRow, deleteRows, insertStatements, updateRows } from "./jde-database-rows.js";
import { isoToJulian } from "./jde-formats.js";
import type { F0011Row, F0911Row } from "./jde-tables.js";
import { batchHeaderColumns, batchLineColumns, documentColumns, lineColumns } from "./ledger-statements.js";
import type { ProcessorSchedule } from "./processor-schedule.js";
import { type SimState, takeNextNumber } from "./sim-state.js";
import { fiscalPosition } from "./validate-journal-document.js";

/** A journal entry in F0911: document company, document type and document number. */
export interface LedgerDocumentKey {
  kco: string;
  dct: string;
  doc: number;
}

/** A new amount for one line of a document (JELN 1, 2, …), in minor units of its currency. */
export interface LineAmountChange {
  jeln: number;
  amountMinor: bigint;
}

/**
 * Ledger knobs: F0911 and F0011 changed as someone in JDE would have changed them, so that
 * reconciliation meets real disagreement. Each knob runs after any running processor cycle, changes
 * the database stand-in as well when it holds the rows, and is what the AIS data service reads from
 * then on. Each throws when the document or batch does not exist: a knob that silently did nothing
 * would hide a mistake in the test.
 */
export interface LedgerControl {
  /**
   * Deletes the document's F0911 lines ("someone deleted the JE"). F0911Z1 stays as it was; the
   * batch's F0011 ICNDO is recounted (a batch left empty keeps its header, at 0).
   */
  lose(document: LedgerDocumentKey): Promise<void>;
  /**
   * Sets the GLAA of these lines (ledger type AA) as given. The result may be unbalanced on purpose:
   * that models a bad manual edit; keeping it balanced is the caller's choice. F0011 is untouched.
   */
  alter(document: LedgerDocumentKey, changes: readonly LineAmountChange[]): Promise<void>;
  /**
   * Copies the document under the next JE document number into the same batch ("posted twice"),
   * posted code included; ICNDO is recounted. Returns the new document number.
   */
  duplicate(document: LedgerDocumentKey): Promise<{ doc: number }>;
  /** Moves the document to G/L date `dgj` (ISO), with the period and fiscal year of its company's pattern. */
  moveToPeriod(document: LedgerDocumentKey, dgj: string): Promise<void>;
  /**
   * The JE batch stays unposted: its lines get a blank GLPOST, a posted header (ICIST D) goes back to
   * A, and {@link LedgerControl.postBatches} passes it over from now on.
   */
  leaveUnposted(batch: { icu: number }): Promise<void>;
  /**
   * An R09801 General Ledger Post now (the simulator posts nothing by itself): every approved JE
   * batch (ICIST A) not left unposted gets GLPOST 'P' on its lines and ICIST 'D' (both codes
   * Unconfirmed, reference/jde-ais.md §6.5–§6.6). Returns the batch numbers it posted.
   */
  postBatches(): Promise<number[]>;
}

/** The ledger knobs over the simulator's tables and, when started with one, its database stand-in. */
export function createLedgerControl(deps: {
  state: SimState;
  database: JdeDatabase | undefined;
  /** Serialises a knob with the processor cycles (after close nothing runs). */
  schedule: Pick<ProcessorSchedule, "runNow">;
}): LedgerControl {
  const { state, database } = deps;
  const leftUnposted = new Set<number>();

  return {
    lose: (document) => exclusive(() => lose(document)),
    alter: (document, changes) => exclusive(() => alter(document, changes)),
    duplicate: (document) => exclusive(() => duplicate(document)),
    moveToPeriod: (document, dgj) => exclusive(() => moveToPeriod(document, dgj)),
    leaveUnposted: (batch) => exclusive(() => leaveUnposted(batch.icu)),
    postBatches: () => exclusive(postBatches),
  };

  async function lose(document: LedgerDocumentKey): Promise<void> {
    const lines = documentLines(document);
    const first = lines[0]!;
    const remaining = documentsInBatch(first.GLICU) - 1;
    await commit((db) => [
      deleteRows(db, "F0911", documentColumns(first)),
      countStatement(db, first.GLICU, remaining),
    ]);
    const gone = new Set(lines);
    const ledger = state.tables.F0911;
    for (let index = ledger.length - 1; index >= 0; index -= 1) {
      if (gone.has(ledger[index]!)) ledger.splice(index, 1);
    }
    setDocumentCount(first.GLICU, remaining);
  }

  async function alter(document: LedgerDocumentKey, changes: readonly LineAmountChange[]): Promise<void> {
    const lines = documentLines(document);
    if (changes.length === 0) throw new Error("alter needs at least one line change");
    const targets = changes.map((change) => {
      const line = lines.find((l) => l.GLJELN === change.jeln && l.GLLT === "AA");
      if (!line) throw new Error(`${documentLabel(document)} has no AA line ${change.jeln}`);
      return { line, amountMinor: change.amountMinor };
    });
    await commit((db) =>
      targets.map(({ line, amountMinor }) =>
        updateRows(db, "F0911", { GLAA: amountMinor }, lineColumns(line)),
      ),
    );
    for (const { line, amountMinor } of targets) line.GLAA = amountMinor;
  }

  async function duplicate(document: LedgerDocumentKey): Promise<{ doc: number }> {
    const lines = documentLines(document);
    const first = lines[0]!;
    const inDatabase = database !== undefined && (await isInDatabase(database, first));
    const doc = takeNextNumber(state, "document");
    const copies = lines.map((line) => ({ ...line, GLDOC: doc }));
    const documents = documentsInBatch(first.GLICU) + 1;
    await commit((db) => [
      ...(inDatabase ? insertStatements(db, "F0911", copies) : []),
      countStatement(db, first.GLICU, documents),
    ]);
    state.tables.F0911.push(...copies);
    setDocumentCount(first.GLICU, documents);
    return { doc };
  }

  async function moveToPeriod(document: LedgerDocumentKey, dgj: string): Promise<void> {
    const lines = documentLines(document);
    const first = lines[0]!;
    const julian = isoToJulian(dgj);
    if (julian === undefined) throw new Error(`moveToPeriod needs an ISO date (yyyy-MM-dd), got "${dgj}"`);
    const company = state.tables.F0010.find((c) => c.CCCO === first.GLKCO);
    const fiscal = company && fiscalPosition(julian, company.CCDTPN, state.tables);
    if (!fiscal) throw new Error(`no fiscal period of company ${first.GLKCO} holds ${dgj}`);
    const moved = { GLDGJ: julian, GLPN: fiscal.period, GLFY: fiscal.fiscalYear, GLCTRY: fiscal.century };
    await commit((db) => [updateRows(db, "F0911", moved, documentColumns(first))]);
    for (const line of lines) Object.assign(line, moved);
  }

  async function leaveUnposted(icu: number): Promise<void> {
    const header = batchHeader(icu);
    const lines = batchLines(icu);
    if (!header && lines.length === 0) throw new Error(`no JE batch ${icu} in F0011 or F0911`);
    const reopen = header?.ICIST === "D";
    await commit((db) => [
      updateRows(db, "F0911", { GLPOST: " " }, batchLineColumns(icu)),
      ...(reopen ? [updateRows(db, "F0011", { ICIST: "A" }, batchHeaderColumns(icu))] : []),
    ]);
    for (const line of lines) line.GLPOST = " ";
    if (header && reopen) header.ICIST = "A";
    leftUnposted.add(icu);
  }

  async function postBatches(): Promise<number[]> {
    const approved = state.tables.F0011.filter(
      (h) => h.ICICUT === "G" && h.ICIST === "A" && !leftUnposted.has(h.ICICU),
    );
    await commit((db) =>
      approved.flatMap((h) => [
        updateRows(db, "F0911", { GLPOST: "P" }, batchLineColumns(h.ICICU)),
        updateRows(db, "F0011", { ICIST: "D" }, batchHeaderColumns(h.ICICU)),
      ]),
    );
    for (const header of approved) {
      for (const line of batchLines(header.ICICU)) line.GLPOST = "P";
      header.ICIST = "D";
    }
    return approved.map((h) => h.ICICU);
  }

  /** Runs the knob after any running cycle; throws if it could not run (simulator closed). */
  async function exclusive<T>(knob: () => Promise<T>): Promise<T> {
    let outcome: { value: T } | undefined;
    await deps.schedule.runNow(async () => {
      outcome = { value: await knob() };
    });
    if (!outcome) throw new Error("the JDE simulator is closed");
    return outcome.value;
  }

  /** The database first: if its transaction fails, memory is left as it was. */
  async function commit(statements: (db: JdeDatabase) => SqlStatement[]): Promise<void> {
    if (!database) return;
    const list = statements(database);
    if (list.length > 0) await database.runInTransaction(list);
  }

  async function isInDatabase(db: JdeDatabase, line: F0911Row): Promise<boolean> {
    const probe = anyRow(db, "F0911", documentColumns(line));
    return (await db.query(probe.sql, probe.params)).length > 0;
  }

  function documentLines(document: LedgerDocumentKey): F0911Row[] {
    const lines = state.tables.F0911.filter(
      (l) =>
        l.GLKCO.trim() === document.kco.trim() &&
        l.GLDCT.trim() === document.dct.trim() &&
        l.GLDOC === document.doc,
    );
    if (lines.length === 0) throw new Error(`F0911 has no ${documentLabel(document)}`);
    return lines;
  }

  function batchLines(icu: number): F0911Row[] {
    return state.tables.F0911.filter((l) => l.GLICUT === "G" && l.GLICU === icu);
  }

  function batchHeader(icu: number): F0011Row | undefined {
    return state.tables.F0011.find((h) => h.ICICUT === "G" && h.ICICU === icu);
  }

  function documentsInBatch(icu: number): number {
    return new Set(batchLines(icu).map((l) => `${l.GLKCO}|${l.GLDCT}|${l.GLDOC}`)).size;
  }

  function countStatement(db: JdeDatabase, icu: number, documents: number): SqlStatement {
    return updateRows(db, "F0011", { ICNDO: documents }, batchHeaderColumns(icu));
  }

  function setDocumentCount(icu: number, documents: number): void {
    const header = batchHeader(icu);
    if (header) header.ICNDO = documents;
  }
}

function documentLabel(document: LedgerDocumentKey): string {
  return `document ${document.kco} ${document.dct} ${document.doc}`;
}
