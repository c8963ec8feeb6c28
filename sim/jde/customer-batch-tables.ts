/**
 * The customer batch (Z) tables in storage form (text right-trimmed, MCU right-justified, ACL with
 * implied decimals): rows the connector writes straight into the JDE database, read by R01010Z,
 * R03010Z and the e-mail upload. Column subsets of docs/customers.md §4; widths in
 * jde-database-tables.ts.
 */

/** EDI control columns shared by the customer batch (Z) tables; `prefix` + alias in storage. */
interface CustomerBatchKeys {
  EDUS: string;
  EDBT: string;
  EDTN: string;
  EDLN: number;
  /** Direction indicator; not checked (`0` = inbound, reference/jde-ais.md §7.2; the connector writes `0`). */
  DRIN: string;
  /** Blank until processed; the processor sets `Y` or `N`. */
  EDSP: string;
  /** `A` add, `C` change (`D` delete is refused by the simulator). */
  TNAC: string;
  AN8: number;
  TORG: string;
  USER: string;
  PID: string;
  JOBN: string;
  UPMJ: number;
  UPMT: number;
}

type Prefixed<P extends string, T> = { [K in keyof T as `${P}${K & string}`]: T[K] };

/** F0101Z2 Address Book – Batch Upload (subset of docs/customers.md §4), processed by R01010Z. */
export type F0101Z2Row = Prefixed<
  "SZ",
  CustomerBatchKeys & {
    ALKY: string;
    ALPH: string;
    MLNM: string;
    AT1: string;
    MCU: string;
    ADD1: string;
    ADD2: string;
    CTY1: string;
    ADDS: string;
    ADDZ: string;
    CTR: string;
    AR1: string;
    PH1: string;
    PHT1: string;
  }
>;

/** F03012Z1 Customer Master LOB – Batch (subset), processed by R03010Z after R01010Z. */
export type F03012Z1Row = Prefixed<
  "VO",
  CustomerBatchKeys & {
    CO: string;
    ARC: string;
    CRCD: string;
    TXA1: string;
    EXR1: string;
    ACL: bigint;
    TRAR: string;
  }
>;

/**
 * F01151Z1 Electronic Address – Batch (subset). The physical prefix is `EB` (EBEDUS … EBEMAL), not
 * `EA` like F01151: Observed in JDEQuery metadata (LongJohnBlackbeard/JDEQuery
 * `JDE.Metadata/Tables/F01151Z1.cs`) and two independent public loaders. Its upload program's name is
 * Unconfirmed (reference/jde-ais.md §7.2).
 */
export type F01151Z1Row = Prefixed<
  "EB",
  CustomerBatchKeys & {
    IDLN: number;
    RCK7: number;
    ETP: string;
    EMAL: string;
  }
>;
