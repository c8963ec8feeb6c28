import { createHash } from "node:crypto";

export interface SummaryDayRule {
  timezone: string; // shop IANA zone
  cutoff: string; // "HH:MM" shop-local on the following day; "00:00" = the day's end
  graceMinutes: number;
}

/**
 * When a shop day's summary may be posted: the day's end (midnight after it, shop-local) plus the
 * cut-off, plus the grace that lets late webhooks and the sweep bring in the day's last events.
 */
export function summaryCloseTime(glDate: string, rule: SummaryDayRule): Date {
  const [hours = 0, minutes = 0] = rule.cutoff.split(":").map(Number);
  const next = new Date(`${glDate}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const cutoff = zonedInstant(next.toISOString().slice(0, 10), hours, minutes, rule.timezone);
  return new Date(cutoff.getTime() + rule.graceMinutes * 60_000);
}

/**
 * EDTN (≤ 22 chars) of a day's n-th summary document: `D` + yymmdd + a 4-char tag of the tenant (two
 * tenants may share an EDI user in one JDE) + `-n`, e.g. `D261127K3F2-1`; n > 1 are supplements.
 */
export function summaryTransactionNumber(tenantId: string, glDate: string, sequence: number): string {
  const tag = BigInt(`0x${createHash("sha256").update(tenantId).digest("hex").slice(0, 8)}`)
    .toString(36)
    .toUpperCase()
    .padStart(4, "0")
    .slice(-4);
  const key = `D${glDate.slice(2).replaceAll("-", "")}${tag}-${sequence}`;
  if (key.length > 22) throw new Error(`EDTN ${key} exceeds 22 characters`);
  return key;
}

/** The reference (VINV ≤ 25) summary documents carry instead of an order name. */
export function summaryReference(glDate: string): string {
  return `Shopify ${glDate}`;
}

/** The sequence scope of a day's summary documents in the per-"order" sequence table. */
export function summaryScope(glDate: string): string {
  return `summary:${glDate}`;
}

/** The instant a shop-local wall time occurs (the later reading in a DST gap is fine for closing). */
function zonedInstant(isoDate: string, hours: number, minutes: number, timeZone: string): Date {
  const [year = 0, month = 1, day = 1] = isoDate.split("-").map(Number);
  const wall = Date.UTC(year, month - 1, day, hours, minutes);
  let instant = wall - offsetMs(wall, timeZone);
  instant = wall - offsetMs(instant, timeZone);
  return new Date(instant);
}

function offsetMs(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instantMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return local - Math.floor(instantMs / 1000) * 1000;
}
