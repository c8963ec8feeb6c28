import type { CustomerTableWriter } from "./customer-table-writer.js";
import { padMcu } from "./jde-formats.js";
import type { F0101Row, F03012Row, JdeTables } from "./jde-tables.js";
import type { JournalError } from "./journal-errors.js";
import { type SimState, takeNextNumber } from "./sim-state.js";

/**
 * Address Book fields in storage form (text right-trimmed), as both customer paths carry them: the
 * orchestration's input and an F0101Z2 row. What the Address Book MBF does with them lives here, so
 * `MLC_CustomerUpsert` and R01010Z write the same records.
 */
export interface AddressBookFields {
  ALKY: string;
  ALPH: string;
  MLNM: string;
  AT1: string;
  MCU: string;
  TAX: string;
  ADD1: string;
  ADD2: string;
  CTY1: string;
  ADDS: string;
  ADDZ: string;
  CTR: string;
  AR1: string;
  PH1: string;
  PHTP: string;
  EMAL: string;
}

export const ADDRESS_FIELDS = ["ADD1", "ADD2", "CTY1", "ADDS", "ADDZ", "CTR"] as const;
export const PHONE_FIELDS = ["AR1", "PH1", "PHTP"] as const;

/** F03012 attributes for one company. */
export interface CustomerMasterFields {
  CO: string;
  CRCD: string;
  TRAR: string;
  ARC: string;
  TXA1: string;
  EXR1: string;
  /** Credit limit in the currency's implied decimals. */
  ACL: bigint;
}

/** e-mail type, who's-who line and sequence the connector's e-mail lives at (docs/customers.md §2). */
const EMAIL = { IDLN: 0, RCK7: 1, ETP: "E" } as const;
const PHONE = { IDLN: 0, RCK7: 1 } as const;

/**
 * A new Address Book record: F0101, who's-who line 0 with the mailing name (the alpha name when
 * blank — the simulator's choice), F0116, and F0115 / F01151 when a phone / e-mail is given.
 */
export function addAddressBookRecord(
  writer: CustomerTableWriter,
  record: { an8: number; fields: AddressBookFields; today: number },
): void {
  const { an8, fields: f, today } = record;
  writer.insert("F0101", {
    ABAN8: an8,
    ABALKY: f.ALKY,
    ABALPH: f.ALPH,
    ABAT1: f.AT1,
    ABMCU: padMcu(f.MCU),
    ABTAX: f.TAX,
    ABUPMJ: today,
  });
  writer.insert("F0111", { WWAN8: an8, WWIDLN: 0, WWMLNM: f.MLNM || f.ALPH, WWUPMJ: today });
  writer.insert("F0116", {
    ALAN8: an8,
    ALEFTB: today,
    ALADD1: f.ADD1,
    ALADD2: f.ADD2,
    ALADD3: "",
    ALADD4: "",
    ALCTY1: f.CTY1,
    ALADDS: f.ADDS,
    ALADDZ: f.ADDZ,
    ALCTR: f.CTR,
    ALCOUN: "",
    ALUPMJ: today,
  });
  setPhone(writer, an8, { AR1: f.AR1, PH1: f.PH1, PHTP: f.PHTP }, today);
  setEmail(writer, an8, f.EMAL, today);
}

/**
 * Changes the fields present in `changes` (absent = untouched) on an existing record; a blank PH1 or
 * EMAL removes the phone or e-mail row. Search type, business unit and tax id are changed only when
 * present, which the orchestration never does (they are not in its UPDATE groups).
 */
export function changeAddressBookRecord(
  writer: CustomerTableWriter,
  change: { record: F0101Row; changes: Partial<AddressBookFields>; today: number },
): void {
  const { record, changes: c, today } = change;
  const an8 = record.ABAN8;
  writer.update("F0101", record, {
    ...(c.ALKY === undefined ? {} : { ABALKY: c.ALKY }),
    ...(c.ALPH === undefined ? {} : { ABALPH: c.ALPH }),
    ...(c.AT1 === undefined ? {} : { ABAT1: c.AT1 }),
    ...(c.MCU === undefined ? {} : { ABMCU: padMcu(c.MCU) }),
    ...(c.TAX === undefined ? {} : { ABTAX: c.TAX }),
    ABUPMJ: today,
  });
  if (c.MLNM !== undefined) {
    const mailingName = c.MLNM || record.ABALPH;
    const line = writer.tables.F0111.find((w) => w.WWAN8 === an8 && w.WWIDLN === 0);
    if (line) writer.update("F0111", line, { WWMLNM: mailingName, WWUPMJ: today });
    else writer.insert("F0111", { WWAN8: an8, WWIDLN: 0, WWMLNM: mailingName, WWUPMJ: today });
  }
  if (ADDRESS_FIELDS.some((name) => c[name] !== undefined)) changeAddress(writer, an8, c, today);
  if (PHONE_FIELDS.some((name) => c[name] !== undefined)) {
    const current = writer.tables.F0115.find((p) => isPhoneLine(p, an8));
    setPhone(
      writer,
      an8,
      {
        AR1: c.AR1 ?? current?.WPAR1 ?? "",
        PH1: c.PH1 ?? current?.WPPH1 ?? "",
        PHTP: c.PHTP ?? current?.WPPHTP ?? "",
      },
      today,
    );
  }
  if (c.EMAL !== undefined) setEmail(writer, an8, c.EMAL, today);
}

/** The current F0116 row (latest effective date) gets the changed fields; a record without one gets one. */
function changeAddress(
  writer: CustomerTableWriter,
  an8: number,
  c: Partial<AddressBookFields>,
  today: number,
): void {
  const current = writer.tables.F0116.filter((a) => a.ALAN8 === an8).sort((a, b) => b.ALEFTB - a.ALEFTB)[0];
  const patch = {
    ...(c.ADD1 === undefined ? {} : { ALADD1: c.ADD1 }),
    ...(c.ADD2 === undefined ? {} : { ALADD2: c.ADD2 }),
    ...(c.CTY1 === undefined ? {} : { ALCTY1: c.CTY1 }),
    ...(c.ADDS === undefined ? {} : { ALADDS: c.ADDS }),
    ...(c.ADDZ === undefined ? {} : { ALADDZ: c.ADDZ }),
    ...(c.CTR === undefined ? {} : { ALCTR: c.CTR }),
    ALUPMJ: today,
  };
  if (current) {
    writer.update("F0116", current, patch);
    return;
  }
  writer.insert("F0116", {
    ALAN8: an8,
    ALEFTB: today,
    ALADD1: "",
    ALADD2: "",
    ALADD3: "",
    ALADD4: "",
    ALCTY1: "",
    ALADDS: "",
    ALADDZ: "",
    ALCTR: "",
    ALCOUN: "",
    ...patch,
  });
}

function setPhone(
  writer: CustomerTableWriter,
  an8: number,
  phone: { AR1: string; PH1: string; PHTP: string },
  today: number,
): void {
  const current = writer.tables.F0115.find((p) => isPhoneLine(p, an8));
  if (!phone.PH1) {
    if (current) writer.remove("F0115", current);
    return;
  }
  const values = { WPPHTP: phone.PHTP, WPAR1: phone.AR1, WPPH1: phone.PH1, WPUPMJ: today };
  if (current) writer.update("F0115", current, values);
  else writer.insert("F0115", { WPAN8: an8, WPIDLN: PHONE.IDLN, WPRCK7: PHONE.RCK7, ...values });
}

function setEmail(writer: CustomerTableWriter, an8: number, email: string, today: number): void {
  const current = writer.tables.F01151.find(
    (e) => e.EAAN8 === an8 && e.EAIDLN === EMAIL.IDLN && e.EARCK7 === EMAIL.RCK7,
  );
  if (!email) {
    if (current) writer.remove("F01151", current);
    return;
  }
  const values = { EAETP: EMAIL.ETP, EAEMAL: email, EAUPMJ: today };
  if (current) writer.update("F01151", current, values);
  else writer.insert("F01151", { EAAN8: an8, EAIDLN: EMAIL.IDLN, EARCK7: EMAIL.RCK7, ...values });
}

function isPhoneLine(row: { WPAN8: number; WPIDLN: number; WPRCK7: number }, an8: number): boolean {
  return row.WPAN8 === an8 && row.WPIDLN === PHONE.IDLN && row.WPRCK7 === PHONE.RCK7;
}

/** The F03012 row of a customer in a company, if any. */
export function findCustomerMaster(tables: JdeTables, an8: number, co: string): F03012Row | undefined {
  return tables.F03012.find((c) => c.AIAN8 === an8 && c.AICO === co);
}

export function addCustomerMaster(
  writer: CustomerTableWriter,
  record: { an8: number; fields: CustomerMasterFields; today: number },
): void {
  const { an8, fields: f, today } = record;
  writer.insert("F03012", {
    AIAN8: an8,
    AICO: f.CO,
    AICRCD: f.CRCD,
    AITRAR: f.TRAR,
    AIARC: f.ARC,
    AITXA1: f.TXA1,
    AIEXR1: f.EXR1,
    AIACL: f.ACL,
    AICUSTS: "",
    AIUPMJ: today,
  });
}

/**
 * The next address number from Next Numbers (system 01). The simulator keeps no F0002, so after a
 * restart its counter starts from the seed again: numbers already in F0101 are skipped instead of
 * failing as duplicates.
 */
export function takeFreeAddressNumber(state: SimState): number {
  const taken = new Set(state.tables.F0101.map((ab) => ab.ABAN8));
  let an8 = takeNextNumber(state, "addressNumber");
  while (taken.has(an8)) an8 = takeNextNumber(state, "addressNumber");
  return an8;
}

/** The error a `control.customers.rejectWhere` rule gives this customer, if one matches. */
export function rejectionFor(
  state: SimState,
  customer: { ALPH: string; ALKY: string },
): JournalError | undefined {
  return state.customerRejections.find(
    ({ match }) =>
      (match.alphaName !== undefined || match.alky !== undefined) &&
      (match.alphaName === undefined || match.alphaName === customer.ALPH) &&
      (match.alky === undefined || match.alky === customer.ALKY),
  )?.error;
}
