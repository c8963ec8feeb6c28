import { fromJdeJulian, toJdeJulian } from "../../domain/jde-date.js";

/**
 * JDE audit date and time (`UPMJ` Julian `CYYDDD`, `UPMT` `HHMMSS`). We write them in UTC: the
 * connector reads its own stamps back to tell how long a document has waited for R09110Z, and UTC
 * needs no knowledge of the database server's time zone.
 */
export function toAuditStamp(at: Date): { date: bigint; time: bigint } {
  const iso = at.toISOString();
  const time = at.getUTCHours() * 10_000 + at.getUTCMinutes() * 100 + at.getUTCSeconds();
  return { date: BigInt(toJdeJulian(iso.slice(0, 10))), time: BigInt(time) };
}

/** The instant of a stamp written by {@link toAuditStamp}; undefined for a blank or malformed one. */
export function fromAuditStamp(date: bigint, time: bigint): Date | undefined {
  if (date <= 0n || time < 0n || time > 235_959n) return undefined;
  try {
    const day = fromJdeJulian(Number(date));
    const hh = Number(time / 10_000n);
    const mm = Number((time / 100n) % 100n);
    const ss = Number(time % 100n);
    if (mm > 59 || ss > 59) return undefined;
    return new Date(`${day}T${pad2(hh)}:${pad2(mm)}:${pad2(ss)}.000Z`);
  } catch {
    return undefined;
  }
}

/** A Z-table row's audit stamp (`UPMJ`, `UPMT`) and batch (`EDBT`), as read back. */
export interface StampedRow {
  stampDate: bigint;
  stampTime: bigint;
  batchId: string;
}

/**
 * Whether `row` was written after `than`: later audit stamp, then later batch (the connector's `EDBT`
 * grows with time, and rows of one second share a stamp).
 */
export function isLaterStamp(row: StampedRow, than: StampedRow): boolean {
  if (row.stampDate !== than.stampDate) return row.stampDate > than.stampDate;
  if (row.stampTime !== than.stampTime) return row.stampTime > than.stampTime;
  return row.batchId > than.batchId;
}

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}
