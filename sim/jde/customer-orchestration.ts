import { epochMsToJulian, padMcu } from "./jde-formats.js";
import { type SimState, takeNextNumber } from "./sim-state.js";

export type CustomerOutcome =
  | { ok: true; AN8: number; action: "created" | "updated" }
  | { ok: false; errors: { CODE: string; DESC: string }[] };

/**
 * The simulated `MLC_CustomerUpsert` orchestration (Generic input): finds the address book record by
 * `ALKY` (the agreed external key) or `AN8`, else creates it with the next address number (search
 * type C), and ensures an F03012 row for `CO`. Address, phone and e-mail inputs are accepted but not
 * stored (the simulator has no F0116/F0115/F01151).
 */
export function runCustomerUpsert(state: SimState, input: Record<string, unknown>): CustomerOutcome {
  const text = (key: string): string => (input[key] === undefined ? "" : String(input[key]).trim());
  const errors: { CODE: string; DESC: string }[] = [];
  const alky = text("ALKY");
  const name = text("ALPH");
  const co = text("CO");
  if (!name) errors.push({ CODE: "0033", DESC: "Required Field Missing: ALPH" });
  if (name.length > 40) errors.push({ CODE: "0032", DESC: "Value Too Long For Field: ALPH (max 40)" });
  if (alky.length > 20) errors.push({ CODE: "0032", DESC: "Value Too Long For Field: ALKY (max 20)" });
  const company = state.tables.F0010.find((c) => c.CCCO === co);
  if (!company) errors.push({ CODE: "0010", DESC: `Company Invalid: ${co}` });
  const requestedAn8 = Number(text("AN8") || "0");
  const existing = state.tables.F0101.find(
    (ab) => (alky !== "" && ab.ABALKY === alky) || (requestedAn8 > 0 && ab.ABAN8 === requestedAn8),
  );
  if (requestedAn8 > 0 && !existing)
    errors.push({ CODE: "0039", DESC: `Address Number Invalid: ${requestedAn8}` });
  if (errors.length > 0 || !company) return { ok: false, errors };
  const today = epochMsToJulian(state.nowMs());
  const record = existing ?? {
    ABAN8: takeNextNumber(state, "addressNumber"),
    ABALKY: alky,
    ABALPH: name,
    ABAT1: "C",
    ABMCU: padMcu(""),
    ABTAX: text("TAX"),
    ABUPMJ: today,
  };
  if (existing) Object.assign(existing, { ABALPH: name, ABUPMJ: today, ...(alky ? { ABALKY: alky } : {}) });
  else state.tables.F0101.push(record);
  const customer = state.tables.F03012.find((c) => c.AIAN8 === record.ABAN8 && c.AICO === co);
  if (!customer) {
    state.tables.F03012.push({
      AIAN8: record.ABAN8,
      AICO: co,
      AICRCD: text("CRCD") || company.CCCRCD,
      AITXA1: text("TXA1"),
      AICUSTS: " ",
      AIUPMJ: today,
    });
  }
  return { ok: true, AN8: record.ABAN8, action: existing ? "updated" : "created" };
}
