import type { Clock } from "../../lib/clock.js";
import { ConnectorError } from "../../lib/errors/connector-error.js";
import type { Logger } from "../../lib/logger.js";
import type {
  DocumentOutcome,
  JournalBatch,
  JournalPoster,
  KeyedDocument,
} from "../../posting/journal-poster.js";
import { readZTableBatchStates } from "./batch-states.js";
import { assertWritableShape, encodeRow } from "./encode-row.js";
import { buildF0911Z1Rows, F0911Z1_WRITTEN_COLUMNS } from "./f0911z1-rows.js";
import { insertRows } from "./insert-rows.js";
import { JdeDatabaseError } from "./jde-database-error.js";
import type { JdeDatabasePort, SqlExecutor, SqlValue, TableShape } from "./jde-database-port.js";
import { readStagingRows, stagingKey } from "./staging-rows.js";
import { createTableShapes, type TableShapes } from "./table-shapes.js";
import { lookupZTableDocuments } from "./ztable-lookup.js";

export interface ZTableJournalPosterDeps {
  database: JdeDatabasePort;
  /** Owner (Oracle) or schema (SQL Server) of the JDE business data: `PRODDTA`, `CRPDTA`. */
  owner: string;
  /** The tenant's EDI user; also written as originator and user (`VNTORG`, `VNUSER`). */
  ediUser: string;
  /** The JDE company currency (F0013); without it amounts keep each document's own decimals. */
  companyCurrency?: { code: string; decimals: number };
  /** The customer's R09110Z schedule: rows still unprocessed after `failAfterCycles` intervals are rejected. */
  processor: { intervalMs: number; failAfterCycles: number };
  clock: Clock;
  log: Logger;
  /** `VNPID` (program id), default `MLCONNECT`; `VNJOBN` (job/workstation), default the same. */
  programId?: string;
  jobName?: string;
}

export type ZTableJournalPoster = JournalPoster;

interface Prepared {
  document: KeyedDocument;
  rows: SqlValue[][];
}

/**
 * JournalPoster over a direct F0911Z1 insert (DESIGN.md §3 "Direct table insert"; reference/jde-ais.md
 * §6): each batch is one transaction of rows in storage form, answered `staged` for R09110Z, which
 * the customer schedules; `lookup` reads the outcome back from F0911Z1, F0911 and F0011.
 */
export function createZTableJournalPoster(deps: ZTableJournalPosterDeps): ZTableJournalPoster {
  const { database } = deps;
  const shapes: TableShapes = createTableShapes(database, deps.owner, (table, shape) => {
    if (table === "F0911Z1") assertWritableShape(shape, F0911Z1_WRITTEN_COLUMNS);
  });
  const programId = deps.programId ?? "MLCONNECT";
  const companyDecimals = (document: KeyedDocument) =>
    deps.companyCurrency?.decimals ?? document.document.decimals;
  return {
    description: `F0911Z1 insert (${database.dialect.name} ${deps.owner}.F0911Z1, R09110Z)`,
    postBatch,
    lookup: (documents) =>
      lookupZTableDocuments(
        { database, shapes, clock: deps.clock, processor: deps.processor, companyDecimals },
        documents,
      ),
    batchStates: (batchNumbers) => readZTableBatchStates(database, shapes, batchNumbers),
  };

  /**
   * Inserts the batch's documents in one transaction and answers `staged` for each. A document
   * JDE could not hold is answered `rejected` (and not written); one already in F0911Z1 under its
   * EDUS+EDTN (any batch) is not written again and left without an outcome, so the sender looks it up.
   */
  async function postBatch(batch: JournalBatch): Promise<DocumentOutcome[]> {
    if (batch.documents.length === 0) return [];
    const shape = await shapes.get("F0911Z1");
    const rejected: DocumentOutcome[] = [];
    const prepared: Prepared[] = [];
    const seen = new Set<string>();
    const now = deps.clock.now();
    for (const document of batch.documents) {
      const result = prepare(document, { batchId: batch.batchId, now }, shape, seen);
      if ("rows" in result) prepared.push(result);
      else rejected.push(result);
    }
    if (prepared.length === 0) return rejected;
    try {
      const written = await database.transaction((tx) => writeNew(tx, shape, prepared));
      return [...rejected, ...written.map((document) => staged(document))];
    } catch (error) {
      return [...rejected, ...handleWriteFailure(error, batch)];
    }
  }

  function prepare(
    document: KeyedDocument,
    { batchId, now }: { batchId: string; now: Date },
    shape: TableShape,
    seen: Set<string>,
  ): Prepared | DocumentOutcome {
    try {
      if (seen.has(stagingKey(document))) {
        throw new ConnectorError(
          "MLC_JDE_FIELD_INVALID",
          `EDTN ${document.transactionNumber} twice in one batch`,
        );
      }
      seen.add(stagingKey(document));
      if (deps.companyCurrency && document.document.currency !== deps.companyCurrency.code) {
        throw new ConnectorError(
          "MLC_CURRENCY_MISMATCH",
          `document in ${document.document.currency}, JDE company currency is ${deps.companyCurrency.code}`,
        );
      }
      const rows = buildF0911Z1Rows(document, {
        batchId,
        companyDecimals: companyDecimals(document),
        audit: { user: deps.ediUser, programId, jobName: deps.jobName ?? programId, now },
      });
      return { document, rows: rows.map((row) => encodeRow(shape, row, database.dialect.textLength)) };
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.retryable) throw error;
      return {
        transactionNumber: document.transactionNumber,
        status: "rejected",
        errors: [{ code: error.code, description: error.message }],
      };
    }
  }

  /** Skips keys already staged (DESIGN.md §2: never a second copy), inserts the rest; returns what it wrote. */
  async function writeNew(
    tx: SqlExecutor,
    shape: TableShape,
    prepared: Prepared[],
  ): Promise<KeyedDocument[]> {
    const existing = await readStagingRows(
      tx,
      database.dialect,
      shape,
      prepared.map((item) => item.document),
    );
    const fresh = prepared.filter((item) => !existing.has(stagingKey(item.document)));
    if (fresh.length < prepared.length) {
      const skipped = prepared.filter((item) => existing.has(stagingKey(item.document)));
      deps.log.info(
        { edtns: skipped.map((item) => item.document.transactionNumber) },
        "ztable.already_staged",
      );
    }
    await insertRows(
      tx,
      database.dialect,
      shape,
      fresh.flatMap((item) => item.rows),
    );
    return fresh.map((item) => item.document);
  }

  /**
   * The transaction rolled back, so none of its rows exist. A key violation means another writer
   * holds one of these keys: no outcome, so the sender looks each document up. Anything else is
   * thrown (MLC_JDE_DATABASE_UNAVAILABLE is retryable; the sender looks the documents up first).
   */
  function handleWriteFailure(error: unknown, batch: JournalBatch): DocumentOutcome[] {
    if (error instanceof JdeDatabaseError && error.failure === "duplicate-key") {
      deps.log.warn({ batchId: batch.batchId, err: error }, "ztable.duplicate_key");
      return [];
    }
    if (error instanceof JdeDatabaseError && error.failure === "refused") shapes.forget("F0911Z1");
    throw error;
  }
}

function staged(document: KeyedDocument): DocumentOutcome {
  return { transactionNumber: document.transactionNumber, status: "staged" };
}
