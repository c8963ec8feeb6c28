import type { DocumentOutcome, KeyedDocument } from "../posting/journal-poster.js";
import type { AisClient } from "./ais-client.js";
import { aisDateToIso, amountToMinor } from "./ais-values.js";
import { type BrowseCondition, type BrowseRow, browseTable, positiveNumber, text } from "./data-service.js";

/** The reference column of F0911/F0911Z1 that carries the Shopify order reference. */
export type ReferenceField = "VINV";

/**
 * Reads back what JDE holds for these document keys with at most two data-service BROWSEs
 * (reference/jde-ais.md §4 idempotency lookup, "Implications" 6; DESIGN.md §2):
 * 1. F0911Z1 by EDUS + EDTN (LIST, any batch): EDSP '1' processed, '0' pending or in error (staged);
 * 2. F0911 by the reference field (LIST) and DCT, only for keys step 1 did not settle: a ledger
 *    document whose date and line amounts equal ours is accepted, with its DOC and ICU.
 * Neither → `not-found`.
 */
export async function lookupJournalDocuments(
  ais: Pick<AisClient, "call">,
  documents: KeyedDocument[],
  referenceField: ReferenceField,
): Promise<DocumentOutcome[]> {
  if (documents.length === 0) return [];
  const staging = await readStagingRows(ais, documents);
  const outcomes = documents.map((document) => stagingOutcome(document, staging));
  const unsettled = documents.filter((_, index) => needsLedger(outcomes[index]!));
  if (unsettled.length === 0) return outcomes;
  const ledgerDocuments = groupLedgerDocuments(await readLedgerRows(ais, unsettled, referenceField));
  for (const document of documents)
    for (const twin of document.confirmedTwins ?? [])
      for (const candidate of ledgerDocuments)
        if (
          candidate.doc === twin &&
          candidate.company === document.company &&
          candidate.documentType === document.documentType
        )
          candidate.taken = true;
  return documents.map((document, index) => {
    const outcome = outcomes[index]!;
    if (!needsLedger(outcome)) return outcome;
    const match = takeMatchingLedgerDocument(document, ledgerDocuments, referenceField);
    if (!match) return outcome;
    return { ...outcome, status: "accepted", documentNumber: match.doc, batchNumber: match.icu };
  });
}

async function readStagingRows(ais: Pick<AisClient, "call">, documents: KeyedDocument[]) {
  const rows = await browseTable(ais, {
    table: "F0911Z1",
    columns: ["EDUS", "EDTN", "EDBT", "EDLN", "EDSP", "DOC", "ICU"],
    conditions: [
      listOrEqual(
        "EDUS",
        documents.map((d) => d.ediUser),
      ),
      listOrEqual(
        "EDTN",
        documents.map((d) => d.transactionNumber),
      ),
    ],
  });
  const byKey = new Map<string, BrowseRow[]>();
  for (const row of rows) {
    const key = `${text(row, "EDUS")}|${text(row, "EDTN")}`;
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  return byKey;
}

function stagingOutcome(document: KeyedDocument, staging: Map<string, BrowseRow[]>): DocumentOutcome {
  const transactionNumber = document.transactionNumber;
  const rows = staging.get(`${document.ediUser}|${transactionNumber}`) ?? [];
  if (rows.length === 0) return { transactionNumber, status: "not-found" };
  const processed = rows.find((row) => text(row, "EDSP") === "1");
  if (!processed) return { transactionNumber, status: "staged" };
  const outcome: DocumentOutcome = { transactionNumber, status: "accepted" };
  const documentNumber = positiveNumber(processed, "DOC");
  const batchNumber = positiveNumber(processed, "ICU");
  if (documentNumber !== undefined) outcome.documentNumber = documentNumber;
  if (batchNumber !== undefined) outcome.batchNumber = batchNumber;
  return outcome;
}

/** Not staged anywhere, or processed without the JDE document number: ask the ledger. */
function needsLedger(outcome: DocumentOutcome): boolean {
  return (
    outcome.status === "not-found" || (outcome.status === "accepted" && outcome.documentNumber === undefined)
  );
}

function readLedgerRows(
  ais: Pick<AisClient, "call">,
  documents: KeyedDocument[],
  referenceField: ReferenceField,
): Promise<BrowseRow[]> {
  return browseTable(ais, {
    table: "F0911",
    columns: ["KCO", "DCT", "DOC", "ICU", "DGJ", "LT", "AA", referenceField],
    conditions: [
      listOrEqual(
        referenceField,
        documents.map((d) => d.reference),
      ),
      listOrEqual(
        "DCT",
        documents.map((d) => d.documentType),
      ),
      { column: "LT", operator: "EQUAL", values: ["AA"] },
    ],
  });
}

interface LedgerDocument {
  company: string;
  documentType: string;
  doc: number;
  icu: number | undefined;
  rows: BrowseRow[];
  taken: boolean;
}

function groupLedgerDocuments(rows: BrowseRow[]): LedgerDocument[] {
  const byKey = new Map<string, LedgerDocument>();
  for (const row of rows) {
    const doc = positiveNumber(row, "DOC");
    if (doc === undefined) continue;
    const key = `${text(row, "KCO")}|${text(row, "DCT")}|${doc}`;
    const existing = byKey.get(key);
    if (existing) existing.rows.push(row);
    else byKey.set(key, newLedgerDocument(row, doc));
  }
  return [...byKey.values()].sort((a, b) => a.doc - b.doc);
}

function newLedgerDocument(row: BrowseRow, doc: number): LedgerDocument {
  return {
    company: text(row, "KCO"),
    documentType: text(row, "DCT"),
    doc,
    icu: positiveNumber(row, "ICU"),
    rows: [row],
    taken: false,
  };
}

/**
 * One order can have several documents under the same reference, so a ledger document matches only
 * when company, type, reference, G/L date (when AIS returns one we can read) and the multiset of
 * line amounts all agree. Each ledger document answers at most one key.
 */
function takeMatchingLedgerDocument(
  document: KeyedDocument,
  ledger: LedgerDocument[],
  referenceField: ReferenceField,
): LedgerDocument | undefined {
  const wanted = amountSignature(document.document.lines.map((line) => line.amountMinor));
  const match = ledger.find(
    (candidate) =>
      !candidate.taken &&
      candidate.company === document.company &&
      candidate.documentType === document.documentType &&
      text(candidate.rows[0]!, referenceField) === document.reference &&
      sameDate(candidate.rows[0]!, document.document.glDate) &&
      ledgerSignature(candidate, document.document.decimals) === wanted,
  );
  if (match) match.taken = true;
  return match;
}

function ledgerSignature(candidate: LedgerDocument, decimals: number): string | undefined {
  const amounts: bigint[] = [];
  for (const row of candidate.rows) {
    const amount = amountToMinor(row.AA, decimals);
    if (amount === undefined) return undefined;
    amounts.push(amount);
  }
  return amountSignature(amounts);
}

function amountSignature(amounts: bigint[]): string {
  return amounts
    .map(String)
    .sort((a, b) => a.localeCompare(b))
    .join(",");
}

/** A date AIS returns in a form we cannot read does not take part in the match. */
function sameDate(row: BrowseRow, isoDate: string): boolean {
  const date = aisDateToIso(row.DGJ);
  return date === undefined || date === isoDate;
}

function listOrEqual(column: string, values: string[]): BrowseCondition {
  const unique = [...new Set(values)];
  return unique.length === 1
    ? { column, operator: "EQUAL", values: unique }
    : { column, operator: "LIST", values: unique };
}
