/**
 * Physical layout of the JDE tables the database stand-in declares (reference/jde-ais.md §6.3, §6.5,
 * §6.6, §7). Lengths are JDE data-dictionary lengths (Observed: E1 business-service value objects for
 * F0911Z1 list "field length" per alias; JDEQuery metadata for the F0911/F0011 column order and for
 * the customer batch tables F0101Z2, F03012Z1, F01151Z1, whose byte lengths are twice these).
 * Column order and membership vary by release: a real table may have more or fewer columns. The
 * customer tables are subsets: the columns docs/customers.md §4 names, the EDI keys and the audit
 * columns, in the real tables' relative order.
 */

/** `char`: blank-padded `CHAR(n)`; `numeric`: an integer of up to n digits (implied decimals). */
export type DatabaseColumnKind = "char" | "numeric";

export interface DatabaseColumnSpec {
  /** Physical name with the table prefix, e.g. `VNEDUS`, `VNREG#`. */
  name: string;
  kind: DatabaseColumnKind;
  /** Characters (char) or digits (numeric). */
  length: number;
}

export type JdeDatabaseTableName =
  | "F0911Z1"
  | "F0911"
  | "F0011"
  | CustomerBatchTable
  | CustomerMasterTableName;

/** Customer batch tables (Z-tables) the connector writes and R01010Z, R03010Z and the e-mail upload read. */
export type CustomerBatchTable = "F0101Z2" | "F03012Z1" | "F01151Z1";

/** Tables R01010Z, R03010Z and the e-mail upload write (and the simulator loads again on start). */
export type CustomerMasterTableName = "F0101" | "F0116" | "F01151" | "F0115" | "F0111" | "F03012";

export interface DatabaseTableSpec {
  name: JdeDatabaseTableName;
  prefix: string;
  columns: DatabaseColumnSpec[];
  primaryKey: string[];
}

/** Data items `ALIAS:TYPE`: `A<n>` alpha, `N<n>` numeric digits, `J` Julian date (N6). */
const DATA_ITEMS = new Map(
  (
    "EDUS:A10 EDTY:A1 EDSQ:N2 EDTN:A22 EDCT:A2 EDLN:N7 EDTS:A6 EDFT:A10 EDDT:J EDER:A1 EDDL:N5 " +
    "EDSP:A1 EDTC:A1 EDTR:A1 EDBT:A15 EDGL:A1 EDAN:N8 KCO:A5 DCT:A2 DOC:N8 DGJ:J JELN:N7 EXTL:A2 " +
    "POST:A1 ICU:N8 ICUT:A2 DICJ:J DSYJ:J TICU:N6 CO:A5 ANI:A29 AM:A1 AID:A8 MCU:A12 OBJ:A6 SUB:A8 " +
    "SBL:A8 SBLT:A1 LT:A2 PN:N2 CTRY:N2 FY:N2 FQ:A4 CRCD:A3 CRR:N15 HCRR:N15 HDGJ:J AA:N15 U:N15 " +
    "UM:A2 GLC:A4 RE:A1 EXA:A30 EXR:A30 R1:A8 R2:A8 R3:A8 SFX:A3 ODOC:N8 ODCT:A2 OSFX:A3 PKCO:A5 " +
    "OKCO:A5 PDCT:A2 AN8:N8 CN:A8 DKJ:J DKC:J ASID:A25 BRE:A1 RCND:A1 SUMM:A1 PRGE:A1 TNN:A1 DLNA:A1 " +
    "CFF1:A1 CFF2:A1 ASM:A1 BC:A1 VINV:A25 IVD:J WR01:A4 PO:A8 PSFX:A3 DCTO:A2 LNID:N6 WY:N2 WN:N2 " +
    "FNLP:A1 OPSQ:N5 JBCD:A6 JBST:A4 HMCU:A12 DOI:N2 ALID:A25 ALTY:A2 DSVJ:J TORG:A10 REG#:N8 " +
    "PYID:N15 USER:A10 PID:A10 JOBN:A10 UPMJ:J UPMT:N6 CRRM:A1 ACR:N15 ITM:N8 BCRC:A3 EXR1:A2 " +
    "TXA1:A10 TXITM:N8 ACTB:A10 STAM:N15 CTAM:N15 AG:N15 AGF:N15 TKTX:A1 DLNID:N6 CKNU:A25 BUPC:A1 " +
    "AHBU:A12 EPGC:A3 JPGC:A3 RC5:N15 SFXE:N2 OFM:A1 PRGF:A1 GPF1:A1 IST:A1 IAPP:A1 AICU:N15 NDO:N5 " +
    "BAL:A1 BALJ:A1 AME:N15 DOCN:N8 AUSR:A10 POB:A1 IBOI:A1 AIPT:N15 OFFP:A1 DRSP:A1 52PP:A1 CBP:A1 " +
    // Address book and customer master. IDLN/RCK7 N5 and EFTB as a Julian date: Unconfirmed widths.
    "DRIN:A1 TNAC:A2 ALKY:A20 TAX:A20 ALPH:A40 AT1:A3 MLNM:A40 ADD1:A40 ADD2:A40 ADD3:A40 ADD4:A40 " +
    "ADDZ:A12 CTY1:A25 CTR:A3 ADDS:A3 COUN:A25 AR1:A6 PH1:A20 PHT1:A4 PHTP:A4 IDLN:N5 RCK7:N5 ETP:A4 " +
    "EMAL:A256 EFTB:J ARC:A4 ACL:N15 TRAR:A3 CUSTS:A1"
  )
    .split(" ")
    .map((item) => item.split(":") as [string, string]),
);

const ALTERNATE_POST_CODES =
  "ALT1 ALT2 ALT3 ALT4 ALT5 ALT6 ALT7 ALT8 ALT9 ALT0 ALTT ALTU ALTV ALTW ALTX ALTZ";
const ANALYSIS_CODES = "ABR1 ABR2 ABR3 ABR4";
const ONE_CHARACTER_FLAGS = "ABT1 ABT2 ABT3 ABT4 PM01 PM02 PM03 PM04 PM05 PM06 PM07 PM08 PM09 PM10";
/** Month/day/year/century parts of the Julian dates (World heritage, still physical columns). */
const DATE_PARTS = ["DG", "DIC", "DSY", "DK", "DSV", "HDG", "DKC", "IVD"]
  .flatMap((date) => ["M", "D", "Y", "#"].map((part) => `${date}${part}`))
  .join(" ");
const REPEATED_ITEMS: [string, string][] = [
  [`${ALTERNATE_POST_CODES} ${ONE_CHARACTER_FLAGS}`, "A1"],
  [ANALYSIS_CODES, "A12"],
  [DATE_PARTS, "N2"],
];
for (const [aliases, type] of REPEATED_ITEMS) {
  for (const alias of aliases.split(" ")) DATA_ITEMS.set(alias, type);
}
const ANALYSIS = `${ANALYSIS_CODES} ABT1 ABT2 ABT3 ABT4 ITM PM01 PM02 PM03 PM04 PM05 PM06 PM07 PM08 PM09 PM10`;

/** Shared by F0911Z1 and F0911, in physical order. */
const LEDGER_HEAD =
  "KCO DCT DOC DGJ JELN EXTL POST ICU ICUT DICJ DSYJ TICU CO ANI AM AID MCU OBJ SUB SBL SBLT LT PN CTRY FY " +
  "FQ CRCD CRR HCRR HDGJ AA U UM GLC RE EXA EXR R1 R2 R3 SFX ODOC ODCT OSFX PKCO OKCO PDCT AN8 CN DKJ DKC " +
  `ASID BRE RCND SUMM PRGE TNN ${ALTERNATE_POST_CODES} DLNA CFF1 CFF2 ASM BC VINV IVD WR01 PO PSFX DCTO ` +
  "LNID WY WN FNLP OPSQ JBCD JBST HMCU DOI ALID ALTY DSVJ TORG REG# PYID USER PID JOBN UPMJ UPMT";

/** F0911Z1 physical order of reference/jde-ais.md §6.3. */
const F0911Z1_ALIASES =
  "EDUS EDTY EDSQ EDTN EDCT EDLN EDTS EDFT EDDT EDER EDDL EDSP EDTC EDTR EDBT EDGL EDAN " +
  `${LEDGER_HEAD} CRRM ACR ${DATE_PARTS} ${ANALYSIS} BCRC EXR1 TXA1 TXITM ACTB STAM CTAM AG AGF TKTX ` +
  "DLNID CKNU BUPC AHBU EPGC JPGC RC5 SFXE OFM";

const F0911_ALIASES =
  `${LEDGER_HEAD} ${ANALYSIS} BCRC CRRM PRGF TXA1 EXR1 TXITM ACTB GPF1 ACR DLNID CKNU BUPC AHBU EPGC ` +
  "JPGC RC5 SFXE OFM";

const F0011_ALIASES =
  "ICUT ICU IST IAPP AICU USER DICJ NDO BAL BALJ AME DOCN AUSR POB IBOI AIPT OFFP PID JOBN UPMJ UPMT " +
  "DRSP 52PP CBP";

/** The EDI head of the customer batch tables (F0101Z2, F03012Z1, F01151Z1 share it). */
const CUSTOMER_BATCH_HEAD = "EDUS EDBT EDTN EDLN DRIN EDSP TNAC AN8";
const F0101Z2_ALIASES =
  `${CUSTOMER_BATCH_HEAD} ALKY ALPH MCU AT1 MLNM ADD1 ADD2 ADDZ CTY1 CTR ADDS AR1 PH1 PHT1 ` +
  "TORG USER PID JOBN UPMJ UPMT";
const F03012Z1_ALIASES = `${CUSTOMER_BATCH_HEAD} CO ARC CRCD TXA1 EXR1 ACL TRAR TORG USER PID JOBN UPMT UPMJ`;
const F01151Z1_ALIASES = `${CUSTOMER_BATCH_HEAD} IDLN RCK7 ETP EMAL TORG USER PID UPMJ JOBN UPMT`;
const CUSTOMER_BATCH_KEY = ["EDUS", "EDBT", "EDTN", "EDLN"];

function table(
  name: JdeDatabaseTableName,
  prefix: string,
  aliases: string,
  primaryKey: string[],
): DatabaseTableSpec {
  const columns = aliases.split(" ").map((alias): DatabaseColumnSpec => {
    const item = DATA_ITEMS.get(alias);
    if (!item) throw new Error(`jde-database-tables: no data item ${alias}`);
    const kind = item.startsWith("A") ? "char" : "numeric";
    const length = item === "J" ? 6 : Number(item.slice(1));
    return { name: `${prefix}${alias}`, kind, length };
  });
  return { name, prefix, columns, primaryKey: primaryKey.map((alias) => `${prefix}${alias}`) };
}

/** The stand-in's tables; primary keys per reference/jde-ais.md §6.2, §6.5, §6.6, §7.1, §7.2. */
export const JDE_DATABASE_TABLES: Record<JdeDatabaseTableName, DatabaseTableSpec> = {
  F0911Z1: table("F0911Z1", "VN", F0911Z1_ALIASES, ["EDUS", "EDTN", "EDLN", "EDBT"]),
  F0911: table("F0911", "GL", F0911_ALIASES, ["DCT", "DOC", "KCO", "DGJ", "JELN", "LT", "EXTL"]),
  F0011: table("F0011", "IC", F0011_ALIASES, ["ICUT", "ICU"]),
  F0101Z2: table("F0101Z2", "SZ", F0101Z2_ALIASES, CUSTOMER_BATCH_KEY),
  F03012Z1: table("F03012Z1", "VO", F03012Z1_ALIASES, CUSTOMER_BATCH_KEY),
  F01151Z1: table("F01151Z1", "EB", F01151Z1_ALIASES, CUSTOMER_BATCH_KEY),
  // The in-memory subsets of jde-tables.ts: what the processors write and the simulator reloads.
  F0101: table("F0101", "AB", "AN8 ALKY TAX ALPH AT1 MCU UPMJ", ["AN8"]),
  F0116: table("F0116", "AL", "AN8 EFTB ADD1 ADD2 ADD3 ADD4 ADDZ CTY1 COUN ADDS CTR UPMJ", ["AN8", "EFTB"]),
  F01151: table("F01151", "EA", "AN8 IDLN RCK7 ETP EMAL UPMJ", ["AN8", "IDLN", "RCK7"]),
  F0115: table("F0115", "WP", "AN8 IDLN RCK7 PHTP AR1 PH1 UPMJ", ["AN8", "IDLN", "RCK7"]),
  F0111: table("F0111", "WW", "AN8 IDLN MLNM UPMJ", ["AN8", "IDLN"]),
  F03012: table("F03012", "AI", "AN8 CO ARC CRCD TXA1 EXR1 ACL TRAR CUSTS UPMJ", ["AN8", "CO"]),
};
