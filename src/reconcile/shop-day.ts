import { isValidTimeZone, localDate, parseIsoDate } from "../domain/jde-date.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { addDays } from "./iso-day.js";

/** A shop day as UTC instants (ISO-8601, `Z`): `start` inclusive, `end` exclusive. */
export interface ShopDayBounds {
  start: string;
  end: string;
}

/** Wider than any UTC offset ever used (LMT reached ±15:56), so the day's start lies inside. */
const SEARCH_MS = 26 * 3_600_000;

/**
 * The calendar date (YYYY-MM-DD) of an instant in the shop's IANA time zone (Shopify's
 * `shop.ianaTimezone`). A thin guard over `localDate`, the rule GL dates are made by, so
 * reconciliation puts each event on the same day posting did.
 */
export function shopDay(instant: Date | string, ianaTimeZone: string): string {
  assertTimeZone(ianaTimeZone);
  if (instant instanceof Date) {
    if (Number.isNaN(instant.getTime())) throw new RangeError("not a valid Date");
    return localDate(instant.toISOString(), ianaTimeZone);
  }
  return localDate(instant, ianaTimeZone);
}

/**
 * The UTC instants a shop day spans. Found from the zone's own rules, so DST days come out 23 or 25
 * hours long, and a day whose midnight the clocks skip starts at its first real instant.
 */
export function shopDayBounds(isoDate: string, ianaTimeZone: string): ShopDayBounds {
  assertTimeZone(ianaTimeZone);
  parseIsoDate(isoDate);
  const start = startOfShopDay(isoDate, ianaTimeZone);
  const end = startOfShopDay(addDays(isoDate, 1), ianaTimeZone);
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/**
 * The first whole second whose shop date is `isoDate`, by bisection on the local date: exact without
 * assuming the offset at midnight (zone transitions fall on whole seconds).
 */
function startOfShopDay(isoDate: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${isoDate}T00:00:00Z`);
  let before = utcMidnight - SEARCH_MS; // shop date here is still the day before
  let atOrAfter = utcMidnight + SEARCH_MS; // shop date here is already isoDate or later
  while (atOrAfter - before > 1000) {
    const middle = before + Math.floor((atOrAfter - before) / 2000) * 1000;
    if (localDate(new Date(middle).toISOString(), timeZone) >= isoDate) atOrAfter = middle;
    else before = middle;
  }
  return atOrAfter;
}

function assertTimeZone(ianaTimeZone: string): void {
  if (!isValidTimeZone(ianaTimeZone)) {
    throw new ConnectorError("MLC_CONFIG_INVALID", `unknown IANA time zone ${JSON.stringify(ianaTimeZone)}`);
  }
}
