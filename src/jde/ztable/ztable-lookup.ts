import type { Clock } from "../../lib/clock.js";
import type { DocumentOutcome, KeyedDocument } from "../../posting/journal-poster.js";
import type { JdeDatabasePort } from "./jde-database-port.js";
import { markTaken, readLedgerDocuments, takeLedgerMatch } from "./ledger-documents.js";
import { readStagingRows, stagingKey, stagingOutcome } from "./staging-rows.js";
import type { TableShapes } from "./table-shapes.js";

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
 * keys without staging rows (purged by R0911Z1P) or processed without a document number. Batch
 * states are read separately (`batchStates`), when reconciliation asks.
 */
export async function lookupZTableDocuments(
  deps: ZTableLookupDeps,
  documents: KeyedDocument[],
): Promise<DocumentOutcome[]> {
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
  const outcomes: DocumentOutcome[] = documents.map((document) =>
    stagingOutcome(document, staging.get(stagingKey(document)) ?? [], policy),
  );
  await settleFromLedger(deps, documents, outcomes);
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
  outcomes: DocumentOutcome[],
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
