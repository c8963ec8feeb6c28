import { isoToJulian, padMcu, parseAccountKey } from "./jde-formats.js";
import type { JdeTables, NextNumbers } from "./jde-tables.js";

/** Reference data in a readable form; {@link seedTables} turns it into storage-form rows. */
export interface SeedData {
  companies: {
    co: string;
    name: string;
    currency: string;
    datePattern?: string;
    /** ISO date of the fiscal year start, e.g. "2026-01-01". */
    fiscalYearStart: string;
    currentPeriod: number;
  }[];
  currencies: { code: string; decimals: number; description?: string }[];
  fiscalPatterns: { pattern: string; fiscalYearStart: string; periodEnds: string[] }[];
  businessUnits: { mcu: string; company: string; description: string; posting?: boolean; type?: string }[];
  /** `BU.OBJ[.SUB]`; the company is the BU's. `postingEditCode` blank = posting. */
  accounts: { account: string; description: string; postingEditCode?: string; aid?: string }[];
  addressBook?: { an8: number; alky?: string; name: string; searchType?: string }[];
  nextNumbers?: Partial<NextNumbers>;
  /** GA constant "Manager Approval of Input": new batches get status `P` instead of `A`. */
  managerApprovalOfInput?: boolean;
}

/** Builds storage-form tables from seed data. Throws on inconsistent seed (a programming error). */
export function seedTables(seed: SeedData): JdeTables {
  const julian = (iso: string): number => {
    const value = isoToJulian(iso);
    if (value === undefined) throw new Error(`seed: invalid date ${iso}`);
    return value;
  };
  const companyOfBu = new Map(seed.businessUnits.map((bu) => [bu.mcu.trim(), bu.company]));
  let nextAid = 1;
  return {
    F0010: seed.companies.map((c) => ({
      CCCO: c.co,
      CCNAME: c.name,
      CCCRCD: c.currency,
      CCDTPN: c.datePattern ?? "R",
      CCDFYJ: julian(c.fiscalYearStart),
      CCPNC: c.currentPeriod,
    })),
    F0013: seed.currencies.map((c) => ({
      CVCRCD: c.code,
      CVDL01: c.description ?? c.code,
      CVCDEC: c.decimals,
    })),
    F0008: seed.fiscalPatterns.map((p) => ({
      CDDTPN: p.pattern,
      CDDFYJ: julian(p.fiscalYearStart),
      CDFY: Number(p.fiscalYearStart.slice(2, 4)),
      periodEnds: p.periodEnds.map(julian),
    })),
    F0006: seed.businessUnits.map((bu) => ({
      MCMCU: padMcu(bu.mcu),
      MCSTYL: bu.type ?? "BS",
      MCCO: bu.company,
      MCDL01: bu.description,
      MCPECC: bu.posting === false ? "N" : " ",
    })),
    F0901: seed.accounts.map((a) => {
      const key = parseAccountKey(a.account);
      if (!key) throw new Error(`seed: invalid account ${a.account}`);
      const company = companyOfBu.get(key.bu);
      if (!company) throw new Error(`seed: account ${a.account} has no business unit`);
      return {
        GMCO: company,
        GMAID: a.aid ?? String(nextAid++).padStart(8, "0"),
        GMMCU: padMcu(key.bu),
        GMOBJ: key.obj,
        GMSUB: key.sub,
        GMDL01: a.description,
        GMLDA: a.postingEditCode === "N" ? "5" : "7",
        GMPEC: a.postingEditCode ?? " ",
        GMCRCD: "",
      };
    }),
    F0911Z1: [],
    F0911: [],
    F0011: [],
    F0101: (seed.addressBook ?? []).map((ab) => ({
      ABAN8: ab.an8,
      ABALKY: ab.alky ?? "",
      ABALPH: ab.name,
      ABAT1: ab.searchType ?? "C",
      ABMCU: padMcu(""),
      ABTAX: "",
      ABUPMJ: 0,
    })),
    F0116: [],
    F01151: [],
    F0115: [],
    F0111: [],
    F03012: [],
  };
}
