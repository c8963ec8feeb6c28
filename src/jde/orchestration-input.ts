import { formatAccount } from "../domain/journal.js";
import { formatMinor } from "../domain/money.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { JournalBatch, KeyedDocument } from "../posting/journal-poster.js";

export type AisDateFormat = "MM/dd/yyyy" | "dd/MM/yyyy" | "yyyy-MM-dd";

/** One F0911Z1-shaped grid row in AIS display form (DESIGN.md §3 "JDE journal orchestration"). */
export type GridRow = Record<string, string>;

/** Field widths from reference/jde-ais.md §6.3 and "Implications" 10. */
export const FIELD_WIDTHS = { EDTN: 22, EDBT: 15, EDUS: 10, EXA: 30, EXR: 30, VINV: 25 } as const;

export interface FieldViolation {
  field: keyof typeof FIELD_WIDTHS | "EDTN-duplicate";
  value: string;
  transactionNumber?: string;
}

/**
 * Refuses keys and references that do not fit their JDE fields (or are blank): truncating a key
 * would post under a different key and break the exactly-once lookup. Throws MLC_JDE_FIELD_INVALID
 * before anything is sent.
 */
export function assertBatchKeysFit(batch: JournalBatch): void {
  const violations: FieldViolation[] = [];
  if (!fits(batch.batchId, FIELD_WIDTHS.EDBT)) violations.push({ field: "EDBT", value: batch.batchId });
  const seen = new Set<string>();
  for (const document of batch.documents) {
    const transactionNumber = document.transactionNumber;
    const checks = [
      ["EDTN", transactionNumber],
      ["EDUS", document.ediUser],
      ["VINV", document.reference],
    ] as const;
    for (const [field, value] of checks) {
      if (!fits(value, FIELD_WIDTHS[field])) violations.push({ field, value, transactionNumber });
    }
    const key = `${document.ediUser}|${transactionNumber}`;
    if (seen.has(key))
      violations.push({ field: "EDTN-duplicate", value: transactionNumber, transactionNumber });
    seen.add(key);
  }
  if (violations.length > 0) {
    const list = violations.map((v) => `${v.field}=${JSON.stringify(v.value)}`).join(", ");
    throw new ConnectorError("MLC_JDE_FIELD_INVALID", `batch ${batch.batchId} refused: ${list}`, {
      detail: { batchId: batch.batchId, violations },
    });
  }
}

/** Rows of every document in the batch: `EDLN` 1, 2, 3 per document, amounts signed (debit +). */
export function buildGridRows(batch: JournalBatch, dateFormat: AisDateFormat): GridRow[] {
  return batch.documents.flatMap((document) => documentRows(batch.batchId, document, dateFormat));
}

function documentRows(batchId: string, keyed: KeyedDocument, dateFormat: AisDateFormat): GridRow[] {
  const { document } = keyed;
  const glDate = formatDisplayDate(document.glDate, dateFormat);
  return document.lines.map((line, index) => ({
    EDUS: keyed.ediUser,
    EDBT: batchId,
    EDTN: keyed.transactionNumber,
    EDLN: String(index + 1),
    KCO: keyed.company,
    DCT: keyed.documentType,
    DGJ: glDate,
    ANI: formatAccount(line.account),
    LT: "AA",
    AA: formatMinor(line.amountMinor, document.decimals),
    CRCD: document.currency,
    EXA: truncate(keyed.explanation, FIELD_WIDTHS.EXA),
    EXR: truncate(line.explanation, FIELD_WIDTHS.EXR),
    VINV: keyed.reference,
    AN8: line.addressNumber ?? "",
  }));
}

/** v3 Generic input: `{ EDBT, GridData: [ {…} ] }`. */
export function toGenericInput(batchId: string, rows: GridRow[]): Record<string, unknown> {
  return { EDBT: batchId, GridData: rows };
}

/** v2 JDE Standard input: header `inputs` + `detailInputs` GridData `repeatingInputs` (§3.2). */
export function toStandardInput(batchId: string, rows: GridRow[]): Record<string, unknown> {
  return {
    inputs: [{ name: "EDBT", value: batchId }],
    detailInputs: [
      {
        name: "GridData",
        repeatingInputs: rows.map((row) => ({
          inputs: Object.entries(row).map(([name, value]) => ({ name, value })),
        })),
      },
    ],
  };
}

/** ISO `yyyy-MM-dd` → the AIS user's display date format (reference/jde-ais.md "Implications" 9). */
export function formatDisplayDate(isoDate: string, dateFormat: AisDateFormat): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) {
    throw new ConnectorError(
      "MLC_JDE_FIELD_INVALID",
      `G/L date ${JSON.stringify(isoDate)} is not yyyy-MM-dd`,
    );
  }
  const [, year, month, day] = match;
  if (dateFormat === "MM/dd/yyyy") return `${month}/${day}/${year}`;
  if (dateFormat === "dd/MM/yyyy") return `${day}/${month}/${year}`;
  return isoDate;
}

function fits(value: string, width: number): boolean {
  return value.trim() !== "" && value.length <= width;
}

/** Cuts free text to a field width without splitting a UTF-16 surrogate pair. */
function truncate(value: string, width: number): string {
  if (value.length <= width) return value;
  const cut = value.slice(0, width);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
