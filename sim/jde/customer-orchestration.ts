import type { CustomerInputRow } from "./customer-input.js";
import {
  ADDRESS_FIELDS,
  type AddressBookFields,
  addAddressBookRecord,
  addCustomerMaster,
  type CustomerMasterFields,
  changeAddressBookRecord,
  findCustomerMaster,
  PHONE_FIELDS,
  rejectionFor,
  takeFreeAddressNumber,
} from "./customer-records.js";
import { createMemoryWriter } from "./customer-table-writer.js";
import { epochMsToJulian, padMcu, parseDecimalToMinor } from "./jde-formats.js";
import type { F0101Row } from "./jde-tables.js";
import { type JournalError, journalError } from "./journal-errors.js";
import type { SimState } from "./sim-state.js";

/** One answer row: `errors` present means nothing of this customer was stored. */
export interface CustomerRowOutcome {
  REF: string;
  /** The assigned or given address number; for a refused add, 0. */
  AN8: number;
  action?: "created" | "updated";
  errors?: JournalError[];
}

/**
 * Data-dictionary widths in characters. JDE counts UTF-16 code units (Unicode JCHAR), so this uses
 * `String.length`: a character outside the BMP (an emoji) takes two.
 */
const WIDTHS: [keyof AddressBookFields | keyof CustomerMasterFields, number][] = [
  ["ALKY", 20],
  ["ALPH", 40],
  ["MLNM", 40],
  ["AT1", 3],
  ["MCU", 12],
  ["TAX", 20],
  ["ADD1", 40],
  ["ADD2", 40],
  ["CTY1", 25],
  ["ADDS", 3],
  ["ADDZ", 12],
  ["CTR", 3],
  ["EMAL", 256],
  ["AR1", 6],
  ["PH1", 20],
  ["PHTP", 4],
  ["CO", 5],
  ["CRCD", 3],
  ["TRAR", 3],
  ["ARC", 4],
  ["TXA1", 10],
  ["EXR1", 2],
];

/** docs/customers.md §3: the groups a change may name in `UPDATE`, and the fields each covers. */
const UPDATE_GROUPS: Record<string, readonly (keyof AddressBookFields)[]> = {
  ALPH: ["ALPH"],
  MLNM: ["MLNM"],
  ADD: ADDRESS_FIELDS,
  EMAL: ["EMAL"],
  PH: PHONE_FIELDS,
  ALKY: ["ALKY"],
};

type CheckedRow =
  | { ok: true; fields: AddressBookFields; master: CustomerMasterFields; record?: F0101Row; groups: string[] }
  | { ok: false; an8: number; errors: JournalError[] };

/**
 * The simulated `MLC_CustomerUpsert` orchestration (docs/customers.md §3): each customer on its own —
 * a blank AN8 adds an Address Book record (Next Numbers, F0116, F0111, F0115, F01151) and F03012 for
 * CO; a given AN8 changes only the UPDATE groups and adds F03012 for CO when missing, never changing
 * it. A refused row stores nothing and does not affect the others. ALKY is not unique (JDE does not
 * enforce it), so re-sending an add creates a second record.
 */
export function runCustomerBatch(state: SimState, rows: CustomerInputRow[]): CustomerRowOutcome[] {
  const today = epochMsToJulian(state.nowMs());
  return rows.map((row, index) => upsertCustomer(state, row, { ref: row.REF || String(index + 1), today }));
}

function upsertCustomer(
  state: SimState,
  row: CustomerInputRow,
  context: { ref: string; today: number },
): CustomerRowOutcome {
  const checked = checkRow(state, row);
  if (!checked.ok) return { REF: context.ref, AN8: checked.an8, errors: checked.errors };
  const writer = createMemoryWriter(state.tables);
  const { fields, master, record, groups } = checked;
  const today = context.today;
  let an8: number;
  if (record) {
    const names = groups.flatMap((group) => UPDATE_GROUPS[group] ?? []);
    const changes = Object.fromEntries(names.map((name) => [name, fields[name]]));
    changeAddressBookRecord(writer, { record, changes, today });
    an8 = record.ABAN8;
  } else {
    an8 = takeFreeAddressNumber(state);
    addAddressBookRecord(writer, { an8, fields, today });
  }
  if (!findCustomerMaster(state.tables, an8, master.CO))
    addCustomerMaster(writer, { an8, fields: master, today });
  return { REF: context.ref, AN8: an8, action: record ? "updated" : "created" };
}

/** JDE's edits of one input row, all reported together. */
function checkRow(state: SimState, row: CustomerInputRow): CheckedRow {
  const text = (key: string) => (row[key] ?? "").trimEnd();
  const errors: JournalError[] = [];
  for (const [name, width] of WIDTHS) {
    if (text(name).length > width) errors.push(journalError("fieldTooLong", `${name} (max ${width})`));
  }
  const an8Text = text("AN8").trim();
  const requestedAn8 = /^\d{1,8}$/.test(an8Text) ? Number(an8Text) : 0;
  const record = requestedAn8 > 0 ? state.tables.F0101.find((ab) => ab.ABAN8 === requestedAn8) : undefined;
  if (an8Text && !record) errors.push(journalError("addressNumberInvalid", an8Text));
  const groups = text("UPDATE")
    .split(",")
    .map((group) => group.trim())
    .filter((group) => group !== "");
  for (const group of groups) {
    if (!Object.hasOwn(UPDATE_GROUPS, group)) errors.push(journalError("updateGroupInvalid", group));
  }
  const fields = addressBookFields(text);
  const adding = an8Text === "";
  if (!fields.ALPH && (adding || groups.includes("ALPH")))
    errors.push(journalError("requiredMissing", "ALPH"));
  if (adding && fields.MCU && !state.tables.F0006.some((bu) => bu.MCMCU === padMcu(fields.MCU))) {
    errors.push(journalError("businessUnitInvalid", fields.MCU));
  }
  const master = customerMasterFields(state, text, errors);
  const rejection = rejectionFor(state, fields);
  if (rejection) errors.push(rejection);
  if (errors.length > 0) return { ok: false, an8: record ? requestedAn8 : 0, errors };
  return { ok: true, fields, master, record, groups };
}

function addressBookFields(text: (key: string) => string): AddressBookFields {
  const names: (keyof AddressBookFields)[] = [
    "ALKY",
    "ALPH",
    "MLNM",
    "AT1",
    "MCU",
    "TAX",
    ...ADDRESS_FIELDS,
    ...PHONE_FIELDS,
    "EMAL",
  ];
  return Object.fromEntries(names.map((name) => [name, text(name)])) as unknown as AddressBookFields;
}

/** CO must exist; CRCD defaults to the company's currency; ACL is a display amount in that currency. */
function customerMasterFields(
  state: SimState,
  text: (key: string) => string,
  errors: JournalError[],
): CustomerMasterFields {
  const co = text("CO");
  const company = state.tables.F0010.find((c) => c.CCCO === co);
  if (!company) errors.push(journalError("companyInvalid", co));
  const crcd = text("CRCD") || company?.CCCRCD || "";
  const currency = state.tables.F0013.find((c) => c.CVCRCD === crcd);
  if (!currency && crcd) errors.push(journalError("currencyInvalid", crcd));
  const limit = parseDecimalToMinor(text("ACL").trim() || "0", currency?.CVCDEC ?? 2);
  if (!limit.ok) {
    errors.push(
      journalError(limit.reason === "tooManyDecimals" ? "tooManyDecimals" : "amountInvalid", "ACL"),
    );
  }
  return {
    CO: co,
    CRCD: crcd,
    TRAR: text("TRAR"),
    ARC: text("ARC"),
    TXA1: text("TXA1"),
    EXR1: text("EXR1"),
    ACL: limit.ok ? limit.minor : 0n,
  };
}
