import type { Clock } from "../../lib/clock.js";
import type { DocumentOutcome, JdeBatchState, KeyedDocument } from "../../posting/journal-poster.js";
import { readZTableBatchStates } from "./batch-states.js";
import type { JdeDatabasePort } from "./jde-database-port.js";
import { markTaken, readLedgerDocuments, takeLedgerMatch } from "./ledger-documents.js";
import { readStagingRows, stagingKey, stagingOutcome } from "./staging-rows.js";
import type { TableShapes } from "./table-shapes.js";

/** A look-up outcome with its JDE batch's state (F0011/F0911), when the document is in the ledger. */
export interface ZTableDocumentOutcome extends DocumentOutcome {
  batchState?: JdeBatchState;
}

export interface ZTableLookupDeps {
  database: JdeDatabasePort;
  shapes: TableShapes;
  clock: Clock;
  processor: { intervalMs: number; failAfterCycles: number };
  /** The company currency's decimals for a document (F0013.CVCDEC), to compare ledger amounts. */
  companyDecimals: (document: KeyedDocument) => number;
}

/**
 * Reads back what JDE holds for these keys (DESIGN.md §2 "Exactly once"; reference/jde-ais.md
 * "Implications" 6): F0911Z1 by `VNEDUS + VNEDTN` across batches; F0911 by the reference field for
 * keys without staging rows (purged by R0911Z1P) or processed without a document number; then F0011
 * and F0911 for the batch state of accepted documents.
 */
export async function lookupZTableDocuments(
  deps: ZTableLookupDeps,
  documents: KeyedDocument[],
): Promise<ZTableDocumentOutcome[]> {
  if (documents.length === 0) return [];
  const { database } = deps;
  const staging = await readStagingRows(
    database,
    database.dialect,
    await deps.shapes.get("F0911Z1"),
    documents,
  );
  const policy = {
    now: deps.clock.now(),
    processorIntervalMs: deps.processor.intervalMs,
    failAfterCycles: deps.processor.failAfterCycles,
  };
  const outcomes: ZTableDocumentOutcome[] = documents.map((document) =>
    stagingOutcome(document, staging.get(stagingKey(document)) ?? [], policy),
  );
  await settleFromLedger(deps, documents, outcomes);
  await attachBatchState(deps, outcomes);
  return outcomes;
}

/** Not staged, or processed without VNDOC: the ledger says whether R09110Z made a document. */
function needsLedger(outcome: DocumentOutcome): boolean {
  return (
    outcome.status === "not-found" || (outcome.status === "accepted" && outcome.documentNumber === undefined)
  );
}

async function settleFromLedger(
  deps: ZTableLookupDeps,
  documents: KeyedDocument[],
  outcomes: ZTableDocumentOutcome[],
): Promise<void> {
  const unsettled = documents.filter((_, index) => needsLedger(outcomes[index]!));
  if (unsettled.length === 0) return;
  const shape = await deps.shapes.get("F0911");
  const ledger = await readLedgerDocuments(deps.database, deps.database.dialect, shape, unsettled);
  documents.forEach((document, index) => {
    const known = outcomes[index]!.documentNumber;
    if (known !== undefined) markTaken(ledger, document.company, document.documentType, known);
    for (const twin of document.confirmedTwins ?? [])
      markTaken(ledger, document.company, document.documentType, twin);
  });
  documents.forEach((document, index) => {
    const outcome = outcomes[index]!;
    if (!needsLedger(outcome)) return;
    const match = takeLedgerMatch(document, ledger, deps.companyDecimals(document));
    if (!match) return;
    outcome.status = "accepted";
    outcome.documentNumber = Number(match.documentNumber);
    if (match.batchNumber > 0n) outcome.batchNumber = Number(match.batchNumber);
  });
}

async function attachBatchState(deps: ZTableLookupDeps, outcomes: ZTableDocumentOutcome[]): Promise<void> {
  const batchNumbers = outcomes
    .filter((outcome) => outcome.status === "accepted" && outcome.batchNumber !== undefined)
    .map((outcome) => outcome.batchNumber!);
  if (batchNumbers.length === 0) return;
  const states = new Map(
    (await readZTableBatchStates(deps.database, deps.shapes, batchNumbers)).map((state) => [
      state.batchNumber,
      state,
    ]),
  );
  for (const outcome of outcomes) {
    const state = outcome.batchNumber === undefined ? undefined : states.get(outcome.batchNumber);
    if (outcome.status === "accepted" && state) outcome.batchState = state;
  }
}
