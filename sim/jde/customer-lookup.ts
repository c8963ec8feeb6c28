import type { F0111Row, F0115Row, F0116Row, F01151Row, F03012Row } from "./jde-tables.js";
import type { JournalError } from "./journal-errors.js";
import type { SimState } from "./sim-state.js";

/** One Address Book record with what hangs off it, as stored (copies; MCU right-justified). */
export interface CustomerRecordView {
  an8: number;
  alky: string;
  alphaName: string;
  searchType: string;
  businessUnit: string;
  /** F0111 line 0. */
  mailingName: string | undefined;
  /** F0116 rows, latest effective date first. */
  addresses: F0116Row[];
  /** F01151 rows (e-mail at line 0, sequence 1, type E). */
  electronicAddresses: F01151Row[];
  phones: F0115Row[];
  whosWho: F0111Row[];
  /** F03012 rows, one per company. */
  companies: F03012Row[];
}

export interface CustomerBatchErrorEntry {
  table: string;
  EDUS: string;
  EDBT: string;
  EDTN: string;
  EDLN: number;
  errors: JournalError[];
}

/** Test helpers over the simulator's Address Book (nothing here is part of the AIS wire format). */
export interface CustomerLookup {
  /** Every Address Book record, in address-number order. */
  list(): CustomerRecordView[];
  /** Records whose ABALKY equals `alky` (JDE does not keep it unique, so possibly several). */
  findByAlky(alky: string): CustomerRecordView[];
  get(an8: number): CustomerRecordView | undefined;
  /** Customer batch rows the processors set to EDSP 'N', with their errors. */
  batchErrors(): CustomerBatchErrorEntry[];
}

export function createCustomerLookup(state: SimState): CustomerLookup {
  const view = (an8: number): CustomerRecordView | undefined => {
    const t = state.tables;
    const record = t.F0101.find((ab) => ab.ABAN8 === an8);
    if (!record) return undefined;
    const whosWho = t.F0111.filter((w) => w.WWAN8 === an8).map((w) => ({ ...w }));
    return {
      an8,
      alky: record.ABALKY,
      alphaName: record.ABALPH,
      searchType: record.ABAT1,
      businessUnit: record.ABMCU,
      mailingName: whosWho.find((w) => w.WWIDLN === 0)?.WWMLNM,
      addresses: t.F0116.filter((a) => a.ALAN8 === an8)
        .map((a) => ({ ...a }))
        .sort((a, b) => b.ALEFTB - a.ALEFTB),
      electronicAddresses: t.F01151.filter((e) => e.EAAN8 === an8).map((e) => ({ ...e })),
      phones: t.F0115.filter((p) => p.WPAN8 === an8).map((p) => ({ ...p })),
      whosWho,
      companies: t.F03012.filter((c) => c.AIAN8 === an8).map((c) => ({ ...c })),
    };
  };
  const all = () => [...state.tables.F0101].sort((a, b) => a.ABAN8 - b.ABAN8).map((ab) => view(ab.ABAN8)!);
  return {
    list: all,
    findByAlky: (alky) => all().filter((record) => record.alky === alky),
    get: view,
    batchErrors: () =>
      [...state.customerBatchErrors.entries()].map(([key, errors]) => {
        const [table = "", EDUS = "", EDBT = "", EDTN = "", EDLN = "0"] = key.split("|");
        return { table, EDUS, EDBT, EDTN, EDLN: Number(EDLN), errors };
      }),
  };
}
