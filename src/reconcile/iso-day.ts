import { parseIsoDate } from "../domain/jde-date.js";

const MS_PER_DAY = 86_400_000;

/** The calendar date `days` after (or before, when negative) a `YYYY-MM-DD` date. */
export function addDays(isoDate: string, days: number): string {
  parseIsoDate(isoDate);
  const ms = Date.parse(`${isoDate}T00:00:00Z`) + days * MS_PER_DAY;
  return new Date(ms).toISOString().slice(0, 10);
}
