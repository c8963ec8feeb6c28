/**
 * JDE storage-form conversions: Julian CYYDDD dates, implied-decimal amounts, right-justified MCU,
 * account keys. See reference/jde-ais.md §6.2. Amounts are exact (bigint), never floats.
 */

const MCU_WIDTH = 12;

/** ISO `yyyy-MM-dd` → JDE Julian `CYYDDD` (C = centuries after 1900). `2025-01-01` → 125001. */
export function isoToJulian(iso: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const utc = Date.UTC(year, month - 1, day);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  const dayOfYear = Math.round((utc - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return (year - 1900) * 1000 + dayOfYear;
}

/** JDE Julian `CYYDDD` → ISO `yyyy-MM-dd`. */
export function julianToIso(julian: number): string {
  const year = 1900 + Math.floor(julian / 1000);
  const dayOfYear = julian % 1000;
  const date = new Date(Date.UTC(year, 0, dayOfYear));
  return date.toISOString().slice(0, 10);
}

/** Epoch milliseconds → Julian date of that UTC day. */
export function epochMsToJulian(epochMs: number): number {
  return isoToJulian(new Date(epochMs).toISOString().slice(0, 10))!;
}

/** Seconds since midnight UTC as JDE `HHMMSS` (UPMT). */
export function epochMsToJdeTime(epochMs: number): number {
  const date = new Date(epochMs);
  return date.getUTCHours() * 10_000 + date.getUTCMinutes() * 100 + date.getUTCSeconds();
}

/**
 * Parses a date as AIS accepts it from the integration user: `MM/dd/yyyy` (the simulator user's
 * simpleDateFormat), and for convenience ISO `yyyy-MM-dd`, `yyyyMMdd`, or epoch milliseconds.
 */
export function parseDisplayDate(text: string): number | undefined {
  const trimmed = text.trim();
  let match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(trimmed);
  if (match) return isoToJulian(`${match[3]}-${match[1]}-${match[2]}`);
  match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(trimmed);
  if (match) return isoToJulian(`${match[1]}-${match[2]}-${match[3]}`);
  if (/^\d{12,14}$/.test(trimmed)) return epochMsToJulian(Number(trimmed));
  return undefined;
}

/** Julian → `yyyyMMdd`, the date form the simulator's data service returns. */
export function julianToCompactDate(julian: number): string {
  return julianToIso(julian).replaceAll("-", "");
}

export type DecimalParse = { ok: true; minor: bigint } | { ok: false; reason: "syntax" | "tooManyDecimals" };

/**
 * Parses a signed decimal string ("-127.44", "+3", "1.500") into integer minor units with `decimals`
 * implied decimals. Trailing zeros beyond the allowed decimals are accepted; other digits are not.
 */
export function parseDecimalToMinor(text: string, decimals: number): DecimalParse {
  const match = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return { ok: false, reason: "syntax" };
  const sign = match[1] === "-" ? -1n : 1n;
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) return { ok: false, reason: "tooManyDecimals" };
  const digits = `${match[2]}${fraction.padEnd(decimals, "0")}`;
  return { ok: true, minor: sign * BigInt(digits) };
}

/** Integer minor units → decimal string with `decimals` places ("-127.44"). */
export function formatMinor(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, "0");
  const whole = decimals === 0 ? digits : digits.slice(0, -decimals);
  const fraction = decimals === 0 ? "" : `.${digits.slice(-decimals)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** Minor units → JSON number with real decimals, as AIS returns amounts (display only, may round). */
export function minorToDisplayNumber(minor: bigint, decimals: number): number {
  return Number(formatMinor(minor, decimals));
}

/** Right-justifies a business unit to the 12-character storage width ("100" → "         100"). */
export function padMcu(mcu: string): string {
  return mcu.trim().padStart(MCU_WIDTH, " ");
}

export interface AccountKey {
  bu: string;
  obj: string;
  sub: string;
}

/** Parses `BU.OBJ[.SUB]` (account mode 2). */
export function parseAccountKey(ani: string): AccountKey | undefined {
  const parts = ani.trim().split(".");
  if (parts.length < 2 || parts.length > 3) return undefined;
  const [bu, obj, sub = ""] = parts.map((part) => part.trim());
  if (!bu || !obj || bu.length > 12 || obj.length > 6 || sub.length > 8) return undefined;
  return { bu, obj, sub };
}

/** Account key → `BU.OBJ[.SUB]` with the BU unpadded. */
export function formatAccountKey(key: { mcu: string; obj: string; sub: string }): string {
  const base = `${key.mcu.trim()}.${key.obj.trim()}`;
  return key.sub.trim() ? `${base}.${key.sub.trim()}` : base;
}
