import { chunk } from "../../lib/chunk.js";
import type { DocumentOutcome, KeyedDocument } from "../../posting/journal-poster.js";
import { fromAuditStamp } from "./audit-stamp.js";
import { buildSelect } from "./dialects/sql-builders.js";
import type { SqlDialect } from "./dialects/sql-dialect.js";
import { MAX_IN_LIST } from "./dialects/sql-dialect.js";
import type { SqlExecutor, SqlRow, TableShape } from "./jde-database-port.js";
import { readInteger, readText } from "./read-values.js";

/** The F0911Z1 columns the look-up reads. */
export interface StagingRow {
  ediUser: string;
  transactionNumber: string;
  batchId: string;
  processed: string; // VNEDSP
  documentNumber: bigint; // VNDOC
  batchNumber: bigint; // VNICU
  stagedAt: Date | undefined; // VNUPMJ + VNUPMT, as we wrote them
}

const COLUMNS = ["VNEDUS", "VNEDTN", "VNEDBT", "VNEDSP", "VNDOC", "VNICU", "VNUPMJ", "VNUPMT"];

/** F0911Z1 rows of these documents by `VNEDUS + VNEDTN`, in any batch, keyed `EDUS|EDTN`. */
export async function readStagingRows(
  executor: Pick<SqlExecutor, "query">,
  dialect: SqlDialect,
  shape: TableShape,
  documents: Pick<KeyedDocument, "ediUser" | "transactionNumber">[],
): Promise<Map<string, StagingRow[]>> {
  const byKey = new Map<string, StagingRow[]>();
  for (const [ediUser, transactionNumbers] of groupByUser(documents)) {
    for (const part of chunk(transactionNumbers, MAX_IN_LIST)) {
      const statement = buildSelect(dialect, shape, COLUMNS, [
        { column: "VNEDUS", values: [ediUser] },
        { column: "VNEDTN", values: part },
      ]);
      for (const row of (await executor.query(statement.sql, statement.params)).map(toStagingRow)) {
        const key = stagingKey(row);
        byKey.set(key, [...(byKey.get(key) ?? []), row]);
      }
    }
  }
  return byKey;
}

export function stagingKey(document: Pick<KeyedDocument, "ediUser" | "transactionNumber">): string {
  return `${document.ediUser}|${document.transactionNumber}`;
}

export interface UnprocessedPolicy {
  now: Date;
  processorIntervalMs: number;
  failAfterCycles: number;
}

/**
 * What the staging rows say: `VNEDSP` '1' → accepted (R09110Z created the ledger document); still
 * '0' → staged while younger than `failAfterCycles` processor intervals, then rejected (JDE leaves
 * rows in error at '0'; its messages are in P0911Z1 and the EDUS user's Work Center); none → not-found.
 * The age runs from the oldest `UPMJ/UPMT` stamp of the rows, which we wrote when staging them.
 */
export function stagingOutcome(
  document: Pick<KeyedDocument, "ediUser" | "transactionNumber">,
  rows: StagingRow[],
  policy: UnprocessedPolicy,
): DocumentOutcome {
  const transactionNumber = document.transactionNumber;
  if (rows.length === 0) return { transactionNumber, status: "not-found" };
  const processed = rows.filter((row) => row.processed === "1");
  if (processed.length > 0) {
    const outcome: DocumentOutcome = { transactionNumber, status: "accepted" };
    const numbered = processed.find((row) => row.documentNumber > 0n);
    const batched = processed.find((row) => row.batchNumber > 0n);
    if (numbered) outcome.documentNumber = Number(numbered.documentNumber);
    if (batched) outcome.batchNumber = Number(batched.batchNumber);
    return outcome;
  }
  const stagedAt = oldest(rows.map((row) => row.stagedAt));
  const limitMs = policy.failAfterCycles * policy.processorIntervalMs;
  if (!stagedAt || policy.now.getTime() - stagedAt.getTime() < limitMs) {
    return { transactionNumber, status: "staged" };
  }
  return {
    transactionNumber,
    status: "rejected",
    errors: [{ code: "MLC_JDE_BATCH_UNPROCESSED", description: unprocessedText(document, rows, policy) }],
  };
}

function unprocessedText(
  document: Pick<KeyedDocument, "ediUser">,
  rows: StagingRow[],
  policy: UnprocessedPolicy,
): string {
  const batches = [...new Set(rows.map((row) => row.batchId))].join(", ");
  const minutes = Math.round((policy.failAfterCycles * policy.processorIntervalMs) / 60_000);
  return (
    `F0911Z1 rows (batch ${batches}) are still unprocessed (VNEDSP '${rows[0]!.processed || " "}') after ` +
    `${policy.failAfterCycles} R09110Z cycles (~${minutes} min); JDE's errors are in P0911Z1 ` +
    `(Journal Entry Revisions) and the Work Center of user ${document.ediUser}`
  );
}

function oldest(dates: (Date | undefined)[]): Date | undefined {
  const known = dates.filter((date): date is Date => date !== undefined);
  return known.length === 0 ? undefined : new Date(Math.min(...known.map((date) => date.getTime())));
}

function groupByUser(
  documents: Pick<KeyedDocument, "ediUser" | "transactionNumber">[],
): Map<string, string[]> {
  const byUser = new Map<string, string[]>();
  for (const { ediUser, transactionNumber } of documents) {
    const list = byUser.get(ediUser) ?? [];
    if (!list.includes(transactionNumber)) list.push(transactionNumber);
    byUser.set(ediUser, list);
  }
  return byUser;
}

function toStagingRow(row: SqlRow): StagingRow {
  return {
    ediUser: readText(row, "VNEDUS"),
    transactionNumber: readText(row, "VNEDTN"),
    batchId: readText(row, "VNEDBT"),
    processed: readText(row, "VNEDSP"),
    documentNumber: readInteger(row, "VNDOC"),
    batchNumber: readInteger(row, "VNICU"),
    stagedAt: fromAuditStamp(readInteger(row, "VNUPMJ"), readInteger(row, "VNUPMT")),
  };
}
