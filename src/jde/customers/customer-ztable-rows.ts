import type { JdeCustomerWrite } from "../../customers/jde-customer-port.js";
import type { JdeCustomerRecord } from "../../customers/jde-customer-record.js";
import { parseDecimalToMinor } from "../../domain/money.js";
import { ConnectorError } from "../../lib/errors/connector-error.js";
import { toAuditStamp } from "../ztable/audit-stamp.js";
import type { StorageRow } from "../ztable/f0911z1-rows.js";

/** The batch-wide values of one write: EDI user and batch, audit stamp, company currency decimals. */
export interface CustomerZRowContext {
  ediUser: string; // EDUS
  batchId: string; // EDBT, one per write
  /** F0013.CVCDEC of the company currency: `ACL` is stored with implied decimals. */
  currencyDecimals: number;
  audit: { programId: string; jobName: string; now: Date };
}

/** `EDLN` 1000 (line 1, three implied decimals, as F0911Z1). */
const LINE_ONE = 1000n;
/** docs/customers.md §2: the connector's e-mail is who's-who line 0, sequence 1, type `E`. */
const EMAIL_LINE = { IDLN: 0n, RCK7: 1n, ETP: "E" } as const;
/** `ACL` is N15 in storage form. */
const MAX_N15 = 999_999_999_999_999n;

/** F0101Z2 columns of each `UPDATE` group (docs/customers.md §3–§4); `EMAL` goes to F01151Z1. */
const ADDRESS_BOOK_GROUPS: Readonly<Record<string, readonly (keyof JdeCustomerRecord)[]>> = {
  ALPH: ["ALPH"],
  MLNM: ["MLNM"],
  ADD: ["ADD1", "ADD2", "CTY1", "ADDS", "ADDZ", "CTR"],
  PH: ["AR1", "PH1", "PHTP"],
  ALKY: ["ALKY"],
  EMAL: [],
};

/** The record's name of each F0101Z2 column (the phone type is `PHT1` there). */
const ADDRESS_BOOK_COLUMNS: Readonly<Partial<Record<keyof JdeCustomerRecord, string>>> = {
  ALKY: "SZALKY",
  ALPH: "SZALPH",
  MLNM: "SZMLNM",
  AT1: "SZAT1",
  MCU: "SZMCU",
  ADD1: "SZADD1",
  ADD2: "SZADD2",
  CTY1: "SZCTY1",
  ADDS: "SZADDS",
  ADDZ: "SZADDZ",
  CTR: "SZCTR",
  AR1: "SZAR1",
  PH1: "SZPH1",
  PHTP: "SZPHT1",
};

/**
 * `EDTN` of a customer's rows (the same in all three tables): `A` (add) or `C` (change) and the
 * cross-reference, at most 21 characters (A22). Nothing of the customer's values goes in: the number
 * is kept in the audit trail, where a hash of the values would let a guessed record be confirmed.
 * Unique within a write (one row per customer and kind); `EDBT`, part of the key, differs per write.
 */
export function customerTransactionNumber(write: JdeCustomerWrite): string {
  return `${write.kind === "change" ? "C" : "A"}${write.record.ALKY.trim()}`;
}

/** The `UPDATE` list as groups; MLC_JDE_FIELD_INVALID for a name §3 does not define. */
export function updateGroups(write: JdeCustomerWrite): string[] {
  if (write.kind === "add") return [];
  const groups = write.update
    .split(",")
    .map((group) => group.trim())
    .filter((group) => group !== "");
  const unknown = groups.filter((group) => !Object.hasOwn(ADDRESS_BOOK_GROUPS, group));
  if (unknown.length > 0) {
    throw new ConnectorError("MLC_JDE_FIELD_INVALID", `UPDATE names unknown groups: ${unknown.join(", ")}`, {
      detail: { ref: write.ref, unknown },
    });
  }
  return groups;
}

/**
 * The F0101Z2 row (R01010Z): an add carries every Address Book value (`SZAN8` the pre-assigned
 * number, else 0 for Next Numbers); a change only the UPDATE groups' columns, the others blank ("no
 * change" — so the Z-table path cannot clear a field). `undefined` for a change with no F0101Z2 group.
 */
export function addressBookZRow(
  write: JdeCustomerWrite,
  context: CustomerZRowContext,
): StorageRow | undefined {
  const adding = write.kind === "add";
  const fields = adding
    ? (Object.keys(ADDRESS_BOOK_COLUMNS) as (keyof JdeCustomerRecord)[])
    : updateGroups(write).flatMap((group) => ADDRESS_BOOK_GROUPS[group] ?? []);
  if (fields.length === 0) return undefined;
  const row: StorageRow = {
    ...batchColumns("SZ", write, context, adding ? "A" : "C"),
    SZAN8: addressNumberOf(write),
  };
  for (const field of fields) {
    const value = write.record[field];
    row[ADDRESS_BOOK_COLUMNS[field]!] = field === "MCU" ? rightJustified(value, 12) : value;
  }
  return row;
}

/** The F03012Z1 add (R03010Z) for the company: written only with a known AN8. */
export function customerMasterZRow(write: JdeCustomerWrite, context: CustomerZRowContext): StorageRow {
  const { record } = write;
  return {
    ...batchColumns("VO", write, context, "A"),
    VOAN8: addressNumberOf(write),
    VOCO: record.CO,
    VOCRCD: record.CRCD,
    VOTRAR: record.TRAR,
    VOARC: record.ARC,
    VOTXA1: record.TXA1,
    VOEXR1: record.EXR1,
    VOACL: creditLimit(record.ACL, context.currencyDecimals),
  };
}

/** The F01151Z1 row (prefix EB) of the e-mail: `A` where F01151 has none yet, else `C`; known AN8 only. */
export function emailZRow(
  write: JdeCustomerWrite,
  context: CustomerZRowContext,
  action: "A" | "C",
): StorageRow {
  return {
    ...batchColumns("EB", write, context, action),
    EBAN8: addressNumberOf(write),
    EBIDLN: EMAIL_LINE.IDLN,
    EBRCK7: EMAIL_LINE.RCK7,
    EBETP: EMAIL_LINE.ETP,
    EBEMAL: write.record.EMAL,
  };
}

/** Keys, processing flags and audit columns every customer Z row carries (docs/customers.md §4). */
function batchColumns(
  prefix: "SZ" | "VO" | "EB",
  write: JdeCustomerWrite,
  context: CustomerZRowContext,
  action: "A" | "C",
): StorageRow {
  const stamp = toAuditStamp(context.audit.now);
  return {
    [`${prefix}EDUS`]: context.ediUser,
    [`${prefix}EDBT`]: context.batchId,
    [`${prefix}EDTN`]: customerTransactionNumber(write),
    [`${prefix}EDLN`]: LINE_ONE,
    [`${prefix}DRIN`]: "0", // inbound (reference/jde-ais.md §7.2)
    [`${prefix}EDSP`]: "", // blank: the processor sets Y or N
    [`${prefix}TNAC`]: action,
    [`${prefix}TORG`]: context.ediUser,
    [`${prefix}USER`]: context.ediUser,
    [`${prefix}PID`]: context.audit.programId,
    [`${prefix}JOBN`]: context.audit.jobName,
    [`${prefix}UPMJ`]: stamp.date,
    [`${prefix}UPMT`]: stamp.time,
  };
}

function addressNumberOf(write: JdeCustomerWrite): bigint {
  const number = write.addressNumber?.trim() ?? "";
  return number === "" ? 0n : BigInt(number);
}

/** `MCU` is stored right-justified in 12 characters (reference/jde-ais.md §6.2). */
function rightJustified(value: string, width: number): string {
  return value.trim() === "" ? "" : value.trim().padStart(width, " ");
}

/** The display credit limit in the currency's implied decimals; N15 holds at most 15 digits. */
function creditLimit(display: string, decimals: number): bigint {
  let stored: bigint;
  try {
    stored = parseDecimalToMinor(display.trim() === "" ? "0" : display, decimals);
  } catch (error) {
    throw new ConnectorError(
      "MLC_JDE_FIELD_INVALID",
      `ACL ${JSON.stringify(display)}: ${(error as Error).message}`,
    );
  }
  if (stored < 0n || stored > MAX_N15) {
    throw new ConnectorError(
      "MLC_JDE_FIELD_INVALID",
      `ACL ${display} does not fit VOACL (N15, ${decimals} decimals)`,
    );
  }
  return stored;
}

const ADDRESS_BOOK_CHAR =
  "SZEDUS SZEDBT SZEDTN SZDRIN SZEDSP SZTNAC SZALKY SZALPH SZMLNM SZAT1 SZMCU SZADD1 SZADD2 SZCTY1 " +
  "SZADDS SZADDZ SZCTR SZAR1 SZPH1 SZPHT1 SZTORG SZUSER SZPID SZJOBN";
const CUSTOMER_MASTER_CHAR =
  "VOEDUS VOEDBT VOEDTN VODRIN VOEDSP VOTNAC VOCO VOCRCD VOTRAR VOARC VOTXA1 VOEXR1 VOTORG VOUSER VOPID VOJOBN";
const EMAIL_CHAR = "EBEDUS EBEDBT EBEDTN EBDRIN EBEDSP EBTNAC EBETP EBEMAL EBTORG EBUSER EBPID EBJOBN";

/** The columns each builder fills, with the kind each must have in the customer's table. */
export const CUSTOMER_Z_WRITTEN_COLUMNS = {
  F0101Z2: columnKinds(ADDRESS_BOOK_CHAR, "SZEDLN SZAN8 SZUPMJ SZUPMT"),
  F03012Z1: columnKinds(CUSTOMER_MASTER_CHAR, "VOEDLN VOAN8 VOACL VOUPMJ VOUPMT"),
  F01151Z1: columnKinds(EMAIL_CHAR, "EBEDLN EBAN8 EBIDLN EBRCK7 EBUPMJ EBUPMT"),
} as const;

export type CustomerZTable = keyof typeof CUSTOMER_Z_WRITTEN_COLUMNS;

function columnKinds(chars: string, numbers: string): Record<string, "char" | "number"> {
  return Object.fromEntries([
    ...chars.split(" ").map((alias) => [alias, "char"] as const),
    ...numbers.split(" ").map((alias) => [alias, "number"] as const),
  ]);
}
