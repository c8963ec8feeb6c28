import { toJdeJulian } from "../../domain/jde-date.js";
import { chunk } from "../../lib/chunk.js";
import type { KeyedDocument } from "../../posting/journal-poster.js";
import { toCompanyAmount } from "./company-amount.js";
import { buildSelect } from "./dialects/sql-builders.js";
import { MAX_IN_LIST, type SqlDialect } from "./dialects/sql-dialect.js";
import type { SqlExecutor, SqlRow, TableShape } from "./jde-database-port.js";
import { readInteger, readText } from "./read-values.js";

/** A JDE ledger document (F0911 AA rows sharing KCO, DCT, DOC and G/L date). */
export interface LedgerDocument {
  company: string;
  documentType: string;
  documentNumber: bigint;
  batchNumber: bigint;
  glDate: bigint;
  reference: string;
  amounts: string; // sorted signature of the AA amounts
  taken: boolean;
}

const COLUMNS = ["GLKCO", "GLDCT", "GLDOC", "GLICU", "GLDGJ", "GLAA", "GLVINV"];

/**
 * F0911 AA rows whose reference field (`GLVINV`) names one of these documents, per company and
 * document type (reference/jde-ais.md §6.6, "Implications" 6), grouped into ledger documents.
 */
export async function readLedgerDocuments(
  executor: Pick<SqlExecutor, "query">,
  dialect: SqlDialect,
  shape: TableShape,
  documents: KeyedDocument[],
): Promise<LedgerDocument[]> {
  const rows: SqlRow[] = [];
  for (const [header, references] of groupByHeader(documents)) {
    const [company, documentType] = header.split("|") as [string, string];
    for (const part of chunk(references, MAX_IN_LIST)) {
      const statement = buildSelect(dialect, shape, COLUMNS, [
        { column: "GLVINV", values: part },
        { column: "GLKCO", values: [company] },
        { column: "GLDCT", values: [documentType] },
        { column: "GLLT", values: ["AA"] },
      ]);
      rows.push(...(await executor.query(statement.sql, statement.params)));
    }
  }
  return groupRows(rows);
}

/**
 * One order can have several documents under one reference, so a ledger document answers a key only
 * when company, type, reference, G/L date and the multiset of line amounts (in company decimals) all
 * agree, and each ledger document answers at most one key.
 */
export function takeLedgerMatch(
  document: KeyedDocument,
  ledger: LedgerDocument[],
  companyDecimals: number,
): LedgerDocument | undefined {
  const wanted = documentSignature(document, companyDecimals);
  const glDate = julianOrUndefined(document.document.glDate);
  if (wanted === undefined || glDate === undefined) return undefined;
  const match = ledger.find(
    (candidate) =>
      !candidate.taken &&
      candidate.company === document.company &&
      candidate.documentType === document.documentType &&
      candidate.reference === document.reference &&
      candidate.glDate === glDate &&
      candidate.amounts === wanted,
  );
  if (match) match.taken = true;
  return match;
}

/** A ledger document already answered through F0911Z1's own VNDOC must not answer a second key. */
export function markTaken(
  ledger: LedgerDocument[],
  company: string,
  documentType: string,
  doc: number,
): void {
  for (const candidate of ledger) {
    if (
      candidate.company === company &&
      candidate.documentType === documentType &&
      candidate.documentNumber === BigInt(doc)
    )
      candidate.taken = true;
  }
}

function documentSignature(document: KeyedDocument, companyDecimals: number): string | undefined {
  try {
    return signature(
      document.document.lines.map((line) =>
        toCompanyAmount(line.amountMinor, document.document.decimals, companyDecimals),
      ),
    );
  } catch {
    return undefined; // not writable in company decimals, so never written either
  }
}

/** A date JDE cannot hold was never written either: such a key matches nothing. */
function julianOrUndefined(isoDate: string): bigint | undefined {
  try {
    return BigInt(toJdeJulian(isoDate));
  } catch {
    return undefined;
  }
}

function signature(amounts: bigint[]): string {
  return amounts
    .map(String)
    .sort((a, b) => a.localeCompare(b))
    .join(",");
}

function groupRows(rows: SqlRow[]): LedgerDocument[] {
  const byKey = new Map<string, { first: SqlRow; amounts: bigint[] }>();
  for (const row of rows) {
    const key = ["GLKCO", "GLDCT", "GLDOC", "GLDGJ"].map((column) => readText(row, column)).join("|");
    const group = byKey.get(key) ?? { first: row, amounts: [] };
    group.amounts.push(readInteger(row, "GLAA"));
    byKey.set(key, group);
  }
  return [...byKey.values()]
    .map(({ first, amounts }) => ({
      company: readText(first, "GLKCO"),
      documentType: readText(first, "GLDCT"),
      documentNumber: readInteger(first, "GLDOC"),
      batchNumber: readInteger(first, "GLICU"),
      glDate: readInteger(first, "GLDGJ"),
      reference: readText(first, "GLVINV"),
      amounts: signature(amounts),
      taken: false,
    }))
    .sort((a, b) => (a.documentNumber < b.documentNumber ? -1 : a.documentNumber > b.documentNumber ? 1 : 0));
}

function groupByHeader(documents: KeyedDocument[]): Map<string, string[]> {
  const byHeader = new Map<string, string[]>();
  for (const document of documents) {
    const key = `${document.company}|${document.documentType}`;
    const references = byHeader.get(key) ?? [];
    if (!references.includes(document.reference)) references.push(document.reference);
    byHeader.set(key, references);
  }
  return byHeader;
}
