/** JDE and calendar date helpers. Pure: `Intl` and `Date` arithmetic only, never the current time. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export type DisplayDateFormat = "MM/dd/yyyy" | "dd/MM/yyyy" | "yyyy-MM-dd";

/** Parses a strict `YYYY-MM-DD` calendar date; throws on `2025-02-30` and the like. */
export function parseIsoDate(isoDate: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(isoDate)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${isoDate}`);
  }
  return { year, month, day };
}

/** The calendar date `days` after (or before, when negative) a `YYYY-MM-DD` date. */
export function addDays(isoDate: string, days: number): string {
  parseIsoDate(isoDate);
  const ms = Date.parse(`${isoDate}T00:00:00Z`) + days * MS_PER_DAY;
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO date → JDE Julian `CYYDDD` (C = centuries since 1900): `2025-06-30` → 125181. */
export function toJdeJulian(isoDate: string): number {
  const { year, month, day } = parseIsoDate(isoDate);
  if (year < 1900 || year > 2899) throw new RangeError(`year ${year} is outside JDE's CYYDDD range`);
  const dayOfYear = (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / MS_PER_DAY + 1;
  return (year - 1900) * 1000 + dayOfYear;
}

/** JDE Julian `CYYDDD` → ISO date: 125181 → `2025-06-30`. */
export function fromJdeJulian(julian: number): string {
  if (!Number.isInteger(julian) || julian < 1 || julian > 999_366) {
    throw new RangeError(`not a JDE Julian date: ${julian}`);
  }
  const year = 1900 + Math.floor(julian / 1000);
  const dayOfYear = julian % 1000;
  const daysInYear = isLeapYear(year) ? 366 : 365;
  if (dayOfYear < 1 || dayOfYear > daysInYear) throw new RangeError(`not a JDE Julian date: ${julian}`);
  return new Date(Date.UTC(year, 0, dayOfYear)).toISOString().slice(0, 10);
}

/** True when `timeZone` is an IANA zone this runtime knows (`America/Los_Angeles`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** True when `instant` is an ISO-8601 date-time with an explicit offset or `Z`. */
export function isIsoInstant(instant: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(instant) &&
    !Number.isNaN(Date.parse(instant))
  );
}

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in an IANA timezone — the GL date rule. DST and
 * date-line safe because the zone's rules come from the runtime's tz database, not a fixed offset.
 */
export function localDate(isoInstant: string, timeZone: string): string {
  if (!isIsoInstant(isoInstant))
    throw new RangeError(`not an ISO-8601 instant: ${JSON.stringify(isoInstant)}`);
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date(isoInstant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
}

/** Formats an ISO date in a tenant's JDE display format (AIS expects dates as the user sees them). */
export function formatDisplayDate(isoDate: string, format: DisplayDateFormat): string {
  const { year, month, day } = parseIsoDate(isoDate);
  const yyyy = String(year).padStart(4, "0");
  const mm = String(month).padStart(2, "0");
  const dd = String(day).padStart(2, "0");
  switch (format) {
    case "MM/dd/yyyy":
      return `${mm}/${dd}/${yyyy}`;
    case "dd/MM/yyyy":
      return `${dd}/${mm}/${yyyy}`;
    case "yyyy-MM-dd":
      return `${yyyy}-${mm}-${dd}`;
  }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
