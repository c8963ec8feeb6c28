import { formatAccountKey, julianToIso } from "./jde-formats.js";
import type { F0911Row, JdeTables } from "./jde-tables.js";

export interface LedgerLine {
  jeln: number;
  /** `BU.OBJ[.SUB]`, BU without padding. */
  account: string;
  aid: string;
  amountMinor: bigint;
  currency: string;
  exa: string;
  exr: string;
  an8: number;
  posted: boolean;
}

export interface LedgerDocument {
  kco: string;
  dct: string;
  doc: number;
  icu: number;
  /** ISO date. */
  dgj: string;
  vinv: string;
  lines: LedgerLine[];
}

/** Read-side helpers over F0911 for tests and the demo's reconciliation. */
export function createLedgerView(tables: JdeTables) {
  return { sumsByReference, documents };

  /** F0911 AA sums in minor units per account for lines whose GLVINV equals `vinv` (trimmed). */
  function sumsByReference(vinv: string): Map<string, bigint> {
    const sums = new Map<string, bigint>();
    for (const line of tables.F0911) {
      if (line.GLVINV.trim() !== vinv.trim() || line.GLLT !== "AA") continue;
      const key = formatAccountKey({ mcu: line.GLMCU, obj: line.GLOBJ, sub: line.GLSUB });
      sums.set(key, (sums.get(key) ?? 0n) + line.GLAA);
    }
    return sums;
  }

  /** F0911 grouped into documents (KCO, DCT, DOC), in ledger order. */
  function documents(): LedgerDocument[] {
    const byKey = new Map<string, LedgerDocument>();
    for (const line of tables.F0911) {
      const key = `${line.GLKCO}|${line.GLDCT}|${line.GLDOC}`;
      let document = byKey.get(key);
      if (!document) {
        document = {
          kco: line.GLKCO,
          dct: line.GLDCT,
          doc: line.GLDOC,
          icu: line.GLICU,
          dgj: julianToIso(line.GLDGJ),
          vinv: line.GLVINV,
          lines: [],
        };
        byKey.set(key, document);
      }
      document.lines.push(toLine(line));
    }
    return [...byKey.values()];
  }
}

function toLine(line: F0911Row): LedgerLine {
  return {
    jeln: line.GLJELN,
    account: formatAccountKey({ mcu: line.GLMCU, obj: line.GLOBJ, sub: line.GLSUB }),
    aid: line.GLAID,
    amountMinor: line.GLAA,
    currency: line.GLCRCD,
    exa: line.GLEXA,
    exr: line.GLEXR,
    an8: line.GLAN8,
    posted: line.GLPOST.trim() !== "",
  };
}

export type LedgerView = ReturnType<typeof createLedgerView>;
