/**
 * In-memory JDE tables in storage form (column names with their table prefix, MCU right-justified to
 * 12, Julian `CYYDDD` dates, amounts as bigint with implied decimals, text right-trimmed, `NULL` never
 * used). Column subsets follow reference/jde-ais.md §4, §6, §7.
 */

/** F0010 Company Constants. */
export interface F0010Row {
  CCCO: string;
  CCNAME: string;
  CCCRCD: string;
  CCDTPN: string;
  /** Fiscal year begin (Julian). */
  CCDFYJ: number;
  /** Current G/L period number. */
  CCPNC: number;
}

/** F0013 Currency Codes. */
export interface F0013Row {
  CVCRCD: string;
  CVDL01: string;
  CVCDEC: number;
}

/** F0008 Date Fiscal Patterns (12 periods used). */
export interface F0008Row {
  CDDTPN: string;
  /** Fiscal year begin (Julian). */
  CDDFYJ: number;
  CDFY: number;
  /** Period end dates (Julian), index 0 = period 1 (CDD01J…CDD14J). */
  periodEnds: number[];
}

/** F0006 Business Unit Master. */
export interface F0006Row {
  MCMCU: string;
  MCSTYL: string;
  MCCO: string;
  MCDL01: string;
  /** Blank = posting; `N` non-posting (simulator convention). */
  MCPECC: string;
}

/** F0901 Account Master. */
export interface F0901Row {
  GMCO: string;
  GMAID: string;
  GMMCU: string;
  GMOBJ: string;
  GMSUB: string;
  GMDL01: string;
  GMLDA: string;
  /** Blank = posting; `N` non-posting/title, `I` inactive, `B` budget only, `M` machine only. */
  GMPEC: string;
  GMCRCD: string;
}

/** F0911Z1 Journal Entry Transactions – Batch File (subset). */
export interface F0911Z1Row {
  VNEDUS: string;
  VNEDTN: string;
  /** Line number with 3 implied decimals: 1000, 2000, … */
  VNEDLN: number;
  VNEDBT: string;
  /** `0` unprocessed or in error, `1` processed. */
  VNEDSP: string;
  VNEDTC: string;
  VNEDTR: string;
  VNKCO: string;
  VNDCT: string;
  VNDOC: number;
  VNDGJ: number;
  VNJELN: number;
  VNPOST: string;
  VNICU: number;
  VNICUT: string;
  VNCO: string;
  VNANI: string;
  VNAM: string;
  VNAID: string;
  VNMCU: string;
  VNOBJ: string;
  VNSUB: string;
  VNLT: string;
  VNAA: bigint;
  VNCRCD: string;
  VNCRRM: string;
  VNEXA: string;
  VNEXR: string;
  VNVINV: string;
  VNAN8: number;
  VNTORG: string;
  VNUSER: string;
  VNPID: string;
  VNUPMJ: number;
  VNUPMT: number;
}

/** F0911 Account Ledger (subset). */
export interface F0911Row {
  GLKCO: string;
  GLDCT: string;
  GLDOC: number;
  GLDGJ: number;
  GLJELN: number;
  GLEXTL: string;
  GLLT: string;
  GLPOST: string;
  GLICU: number;
  GLICUT: string;
  GLDICJ: number;
  GLCO: string;
  GLANI: string;
  GLAM: string;
  GLAID: string;
  GLMCU: string;
  GLOBJ: string;
  GLSUB: string;
  GLPN: number;
  GLFY: number;
  GLCTRY: number;
  GLAA: bigint;
  GLCRCD: string;
  GLCRRM: string;
  GLEXA: string;
  GLEXR: string;
  GLVINV: string;
  GLAN8: number;
  GLTORG: string;
  GLUSER: string;
  GLPID: string;
  GLUPMJ: number;
  GLUPMT: number;
}

/** F0011 Batch Control Records (subset). */
export interface F0011Row {
  ICICUT: string;
  ICICU: number;
  /** `A` approved, `P` pending approval, `D` posted. */
  ICIST: string;
  ICDICJ: number;
  ICUSER: string;
  /** Number of documents. */
  ICNDO: number;
  /** `Y` when every document balances. */
  ICBAL: string;
  ICUPMJ: number;
}

/**
 * F0101 Address Book Master (subset). Widths (JDEQuery metadata, Observed): ALKY A20, TAX A20, ALPH A40,
 * AT1 A3, MCU A12 (right-justified).
 */
export interface F0101Row {
  ABAN8: number;
  ABALKY: string;
  ABALPH: string;
  ABAT1: string;
  ABMCU: string;
  ABTAX: string;
  ABUPMJ: number;
}

/**
 * F0116 Address by Date (subset), key AN8 + EFTB. Widths: ADD1–ADD4 A40, CTY1 A25, ADDS A3, ADDZ A12,
 * CTR A3, COUN A25 (Observed in a public JDE 9.2 stub schema and the F0101Z2 metadata).
 */
export interface F0116Row {
  ALAN8: number;
  /** Beginning effective date (Julian); the simulator writes the day the record was added. */
  ALEFTB: number;
  ALADD1: string;
  ALADD2: string;
  ALADD3: string;
  ALADD4: string;
  ALCTY1: string;
  ALADDS: string;
  ALADDZ: string;
  ALCTR: string;
  ALCOUN: string;
  ALUPMJ: number;
}

/**
 * F01151 Electronic Addresses (subset), key AN8 + IDLN (who's-who line) + RCK7 (sequence). ETP A4
 * (`E` e-mail, UDC 01/ET — value Unconfirmed), EMAL A256 compared exactly (case-sensitive).
 */
export interface F01151Row {
  EAAN8: number;
  EAIDLN: number;
  EARCK7: number;
  EAETP: string;
  EAEMAL: string;
  EAUPMJ: number;
}

/** F0115 Phone Numbers (subset), key AN8 + IDLN + RCK7. PHTP A4, AR1 A6 (prefix), PH1 A20. */
export interface F0115Row {
  WPAN8: number;
  WPIDLN: number;
  WPRCK7: number;
  WPPHTP: string;
  WPAR1: string;
  WPPH1: string;
  WPUPMJ: number;
}

/**
 * F0111 Who's Who (subset), key AN8 + IDLN. Only line 0 is written: the record itself, carrying the
 * mailing name (line 0 = the record: Unconfirmed, reference/jde-ais.md §7.1). MLNM A40.
 */
export interface F0111Row {
  WWAN8: number;
  WWIDLN: number;
  WWMLNM: string;
  WWUPMJ: number;
}

/** F03012 Customer Master by Line of Business (subset), key AN8 + CO. */
export interface F03012Row {
  AIAN8: number;
  AICO: string;
  AICRCD: string;
  /** Payment terms (A3). */
  AITRAR: string;
  /** A/R G/L offset (A4). */
  AIARC: string;
  AITXA1: string;
  AIEXR1: string;
  /** Credit limit, implied decimals of AICRCD (F0013). */
  AIACL: bigint;
  /** Customer status: blank active (`1` inactive in one public app — Unconfirmed). */
  AICUSTS: string;
  AIUPMJ: number;
}

export interface JdeTables {
  F0010: F0010Row[];
  F0013: F0013Row[];
  F0008: F0008Row[];
  F0006: F0006Row[];
  F0901: F0901Row[];
  F0911Z1: F0911Z1Row[];
  F0911: F0911Row[];
  F0011: F0011Row[];
  F0101: F0101Row[];
  F0116: F0116Row[];
  F01151: F01151Row[];
  F0115: F0115Row[];
  F0111: F0111Row[];
  F03012: F03012Row[];
}

export type JdeTableName = keyof JdeTables;

/** Next Numbers (F0002-like) counters. */
export interface NextNumbers {
  /** Next JE document number (system 09). */
  document: number;
  /** Next batch number. */
  batch: number;
  /** Next address number (system 01). */
  addressNumber: number;
}
