import type { F0101Z2Row, F01151Z1Row, F03012Z1Row } from "./customer-batch-tables.js";
import {
  type AddressBookFields,
  addAddressBookRecord,
  addCustomerMaster,
  changeAddressBookRecord,
  findCustomerMaster,
  rejectionFor,
  takeFreeAddressNumber,
} from "./customer-records.js";
import type { CustomerTableWriter } from "./customer-table-writer.js";
import { padMcu } from "./jde-formats.js";
import { type JournalError, journalError } from "./journal-errors.js";
import type { SimState } from "./sim-state.js";

/** What a batch program did with one row: `errors` empty → EDSP 'Y' (and AN8 written back for F0101Z2). */
export interface BatchRowResult {
  an8?: number;
  errors: JournalError[];
}

interface ProgramContext {
  state: SimState;
  writer: CustomerTableWriter;
  today: number;
}

/**
 * R01010Z Address Book Batch Upload for one F0101Z2 row (reference/jde-ais.md §7.2): `A` adds with
 * the next address number when SZAN8 is 0, else with SZAN8 (refused when it exists); `C` changes the
 * record SZAN8. On a change a blank column means "no change" (Unconfirmed: how the Address Book MBF
 * treats blanks in change mode), so the Z-table path cannot clear a field. No e-mail here: F01151Z1.
 */
export function processAddressBookRow(row: F0101Z2Row, context: ProgramContext): BatchRowResult {
  const { state, writer, today } = context;
  const fields: AddressBookFields = {
    ALKY: row.SZALKY,
    ALPH: row.SZALPH,
    MLNM: row.SZMLNM,
    AT1: row.SZAT1,
    MCU: row.SZMCU.trim(),
    TAX: "",
    ADD1: row.SZADD1,
    ADD2: row.SZADD2,
    CTY1: row.SZCTY1,
    ADDS: row.SZADDS,
    ADDZ: row.SZADDZ,
    CTR: row.SZCTR,
    AR1: row.SZAR1,
    PH1: row.SZPH1,
    PHTP: row.SZPHT1,
    EMAL: "",
  };
  const errors: JournalError[] = [];
  if (fields.MCU && !state.tables.F0006.some((bu) => bu.MCMCU === padMcu(fields.MCU))) {
    errors.push(journalError("businessUnitInvalid", fields.MCU));
  }
  const existing = state.tables.F0101.find((ab) => row.SZAN8 > 0 && ab.ABAN8 === row.SZAN8);
  if (row.SZTNAC === "A") {
    if (!fields.ALPH) errors.push(journalError("requiredMissing", "SZALPH"));
    if (existing) errors.push(journalError("addressNumberExists", String(row.SZAN8)));
  } else if (row.SZTNAC === "C") {
    if (!existing) errors.push(journalError("addressNumberInvalid", String(row.SZAN8)));
  } else errors.push(journalError("transactionActionUnsupported", `SZTNAC "${row.SZTNAC}"`));
  const rejection = rejectionFor(state, fields);
  if (rejection) errors.push(rejection);
  if (errors.length > 0) return { errors };
  if (existing) {
    const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ""));
    changeAddressBookRecord(writer, { record: existing, changes, today });
    return { an8: existing.ABAN8, errors };
  }
  const an8 = row.SZAN8 > 0 ? row.SZAN8 : takeFreeAddressNumber(state);
  addAddressBookRecord(writer, { an8, fields, today });
  return { an8, errors };
}

/**
 * R03010Z Customer Master Batch Upload for one F03012Z1 row: the address number must exist in F0101
 * (R01010Z first), the company in F0010. `A` adds F03012 (refused when the AN8/CO row exists), `C`
 * changes its non-blank attributes; blank CRCD is the company's currency.
 */
export function processCustomerMasterRow(row: F03012Z1Row, context: ProgramContext): BatchRowResult {
  const { state, writer, today } = context;
  const errors: JournalError[] = [];
  if (!state.tables.F0101.some((ab) => ab.ABAN8 === row.VOAN8)) {
    errors.push(journalError("addressNumberInvalid", String(row.VOAN8)));
  }
  const company = state.tables.F0010.find((c) => c.CCCO === row.VOCO);
  if (!company) errors.push(journalError("companyInvalid", row.VOCO));
  if (row.VOCRCD && !state.tables.F0013.some((c) => c.CVCRCD === row.VOCRCD)) {
    errors.push(journalError("currencyInvalid", row.VOCRCD));
  }
  const existing = findCustomerMaster(state.tables, row.VOAN8, row.VOCO);
  if (row.VOTNAC === "A" && existing)
    errors.push(journalError("recordExists", `F03012 ${row.VOAN8} ${row.VOCO}`));
  if (row.VOTNAC === "C" && !existing)
    errors.push(journalError("recordMissing", `F03012 ${row.VOAN8} ${row.VOCO}`));
  if (row.VOTNAC !== "A" && row.VOTNAC !== "C") {
    errors.push(journalError("transactionActionUnsupported", `VOTNAC "${row.VOTNAC}"`));
  }
  if (errors.length > 0) return { errors };
  const fields = {
    CO: row.VOCO,
    CRCD: row.VOCRCD || company!.CCCRCD,
    TRAR: row.VOTRAR,
    ARC: row.VOARC,
    TXA1: row.VOTXA1,
    EXR1: row.VOEXR1,
    ACL: row.VOACL,
  };
  if (!existing) addCustomerMaster(writer, { an8: row.VOAN8, fields, today });
  else {
    const given = {
      AICRCD: row.VOCRCD,
      AITRAR: row.VOTRAR,
      AIARC: row.VOARC,
      AITXA1: row.VOTXA1,
      AIEXR1: row.VOEXR1,
    };
    const patch = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== ""));
    writer.update("F03012", existing, {
      ...patch,
      ...(row.VOACL ? { AIACL: row.VOACL } : {}),
      AIUPMJ: today,
    });
  }
  return { an8: row.VOAN8, errors };
}

/**
 * The electronic-address batch upload for one F01151Z1 row (program name Unconfirmed): the address
 * number must exist in F0101. `A` adds the e-mail at (AN8, IDLN, RCK7), refused when one is there; `C`
 * replaces it. The address is stored exactly as given (JDE compares it case-sensitively).
 */
export function processEmailRow(row: F01151Z1Row, context: ProgramContext): BatchRowResult {
  const { state, writer, today } = context;
  const errors: JournalError[] = [];
  if (!state.tables.F0101.some((ab) => ab.ABAN8 === row.EBAN8)) {
    errors.push(journalError("addressNumberInvalid", String(row.EBAN8)));
  }
  if (!row.EBEMAL) errors.push(journalError("requiredMissing", "EBEMAL"));
  const existing = state.tables.F01151.find(
    (e) => e.EAAN8 === row.EBAN8 && e.EAIDLN === row.EBIDLN && e.EARCK7 === row.EBRCK7,
  );
  const where = `F01151 ${row.EBAN8} ${row.EBIDLN} ${row.EBRCK7}`;
  if (row.EBTNAC === "A" && existing) errors.push(journalError("recordExists", where));
  if (row.EBTNAC === "C" && !existing) errors.push(journalError("recordMissing", where));
  if (row.EBTNAC !== "A" && row.EBTNAC !== "C") {
    errors.push(journalError("transactionActionUnsupported", `EBTNAC "${row.EBTNAC}"`));
  }
  if (errors.length > 0) return { errors };
  const values = { EAETP: row.EBETP, EAEMAL: row.EBEMAL, EAUPMJ: today };
  if (existing) writer.update("F01151", existing, values);
  else writer.insert("F01151", { EAAN8: row.EBAN8, EAIDLN: row.EBIDLN, EARCK7: row.EBRCK7, ...values });
  return { an8: row.EBAN8, errors };
}
