import { toJdeJulian } from "../../domain/jde-date.js";
import { formatAccount, type JournalLine } from "../../domain/journal.js";
import { ConnectorError } from "../../lib/errors/connector-error.js";
import type { KeyedDocument } from "../../posting/journal-poster.js";
import { toAuditStamp } from "./audit-stamp.js";
import { toCompanyAmount } from "./company-amount.js";

/** One F0911Z1 row in storage form by JDE column name; text unpadded (the writer pads to the column). */
export type StorageRow = Record<string, string | bigint>;

export interface F0911Z1RowContext {
  batchId: string; // VNEDBT
  /** Company currency decimals (F0013.CVCDEC); the document's minor units are re-scaled to it exactly. */
  companyDecimals: number;
  audit: { user: string; programId: string; jobName: string; now: Date };
}

/** JDE keeps 9,999 lines per document at most: `EDLN` is N7 with 3 implied decimals. */
const MAX_LINES = 9_999;

/**
 * A document's F0911Z1 rows in JDE storage form (reference/jde-ais.md §6.2–§6.4): `EDLN` 1000, 2000…,
 * Julian G/L date, signed implied-decimal `AA`, `EDSP` '0' for R09110Z. The account goes in as `ANI`
 * (`BU.OBJ.SUB`, mode 2) and also split into `MCU` (right-justified to 12), `OBJ` and `SUB`: public
 * loaders fill both, and whether R09110Z back-fills MCU/OBJ/SUB from ANI is Unconfirmed — both come
 * from the same account, so they cannot disagree. Throws MLC_JDE_FIELD_INVALID for a value JDE cannot hold.
 */
export function buildF0911Z1Rows(keyed: KeyedDocument, context: F0911Z1RowContext): StorageRow[] {
  const { document } = keyed;
  assertDocumentFits(keyed, context);
  const header = headerColumns(keyed, context);
  const amounts = document.lines.map((line) =>
    toCompanyAmount(line.amountMinor, document.decimals, context.companyDecimals),
  );
  if (amounts.reduce((sum, amount) => sum + amount, 0n) !== 0n) {
    throw new ConnectorError(
      "MLC_MAPPING_FAILED",
      `document ${keyed.transactionNumber} does not net to zero`,
      {
        detail: { transactionNumber: keyed.transactionNumber },
      },
    );
  }
  return document.lines.map((line, index) => ({
    ...header,
    VNEDLN: BigInt((index + 1) * 1000),
    ...accountColumns(line),
    VNAA: amounts[index]!,
    VNEXR: line.explanation,
    VNAN8: addressNumber(line, keyed.transactionNumber),
  }));
}

/** Columns every line of the document repeats: keys, header fields, currency, audit. */
function headerColumns(keyed: KeyedDocument, context: F0911Z1RowContext): StorageRow {
  const stamp = toAuditStamp(context.audit.now);
  return {
    VNEDUS: keyed.ediUser,
    VNEDTN: keyed.transactionNumber,
    VNEDBT: context.batchId,
    VNEDSP: "0",
    VNEDTC: "A",
    VNEDTR: "J",
    VNKCO: keyed.company,
    VNDCT: keyed.documentType,
    VNDOC: 0n,
    VNDGJ: glDate(keyed),
    VNCO: keyed.company,
    VNAM: "2",
    VNLT: "AA",
    VNCRCD: keyed.document.currency,
    VNCRRM: "D",
    VNCRR: 0n,
    VNEXA: keyed.explanation,
    VNVINV: keyed.reference,
    VNTORG: context.audit.user,
    VNUSER: context.audit.user,
    VNPID: context.audit.programId,
    VNJOBN: context.audit.jobName,
    VNUPMJ: stamp.date,
    VNUPMT: stamp.time,
  };
}

function accountColumns(line: JournalLine): StorageRow {
  return {
    VNANI: formatAccount(line.account),
    VNMCU: line.account.businessUnit.padStart(12, " "),
    VNOBJ: line.account.object,
    VNSUB: line.account.subsidiary,
  };
}

/** Keys must not be blank: a blank `EDTN` could never be found again by the exactly-once look-up. */
function assertDocumentFits(keyed: KeyedDocument, context: F0911Z1RowContext): void {
  const blank = (
    [
      ["VNEDBT", context.batchId],
      ["VNEDUS", keyed.ediUser],
      ["VNEDTN", keyed.transactionNumber],
      ["VNKCO", keyed.company],
      ["VNDCT", keyed.documentType],
    ] as const
  ).filter(([, value]) => value.trim() === "");
  const lines = keyed.document.lines.length;
  if (blank.length > 0 || lines === 0 || lines > MAX_LINES) {
    const reason = blank.length > 0 ? `blank ${blank.map(([field]) => field).join(", ")}` : `${lines} lines`;
    throw fieldInvalid(keyed, `document ${JSON.stringify(keyed.transactionNumber)} refused: ${reason}`);
  }
}

function glDate(keyed: KeyedDocument): bigint {
  try {
    return BigInt(toJdeJulian(keyed.document.glDate));
  } catch (error) {
    throw fieldInvalid(
      keyed,
      `G/L date ${JSON.stringify(keyed.document.glDate)}: ${(error as Error).message}`,
    );
  }
}

/** `AN8` is N8: the customer's address number when the line is linked to one, else 0. */
function addressNumber(line: JournalLine, transactionNumber: string): bigint {
  const value = line.addressNumber?.trim() ?? "";
  if (value === "") return 0n;
  if (!/^\d{1,8}$/.test(value)) {
    throw new ConnectorError(
      "MLC_JDE_FIELD_INVALID",
      `AN8 ${JSON.stringify(value)} is not a JDE address number`,
      {
        detail: { transactionNumber, field: "VNAN8", value },
      },
    );
  }
  return BigInt(value);
}

function fieldInvalid(keyed: KeyedDocument, message: string): ConnectorError {
  return new ConnectorError("MLC_JDE_FIELD_INVALID", message, {
    detail: { transactionNumber: keyed.transactionNumber },
  });
}

const CHAR_COLUMNS =
  "VNEDUS VNEDTN VNEDBT VNEDSP VNEDTC VNEDTR VNKCO VNDCT VNCO VNANI VNAM VNMCU VNOBJ VNSUB VNLT VNCRCD " +
  "VNCRRM VNEXA VNEXR VNVINV VNTORG VNUSER VNPID VNJOBN";
const NUMBER_COLUMNS = "VNEDLN VNDOC VNDGJ VNAA VNCRR VNAN8 VNUPMJ VNUPMT";

/** The columns {@link buildF0911Z1Rows} fills, with the kind each must have in the customer's table. */
export const F0911Z1_WRITTEN_COLUMNS: Record<string, "char" | "number"> = Object.fromEntries([
  ...CHAR_COLUMNS.split(" ").map((alias) => [alias, "char"]),
  ...NUMBER_COLUMNS.split(" ").map((alias) => [alias, "number"]),
]);
