import { addDays, isValidTimeZone, localDate, parseIsoDate } from "../domain/jde-date.js";
import { ConnectorError } from "../lib/errors/connector-error.js";

/** A shop day as UTC instants (ISO-8601, `Z`): `start` inclusive, `end` exclusive. */
export interface ShopDayBounds {
  start: string;
  end: string;
}

/** Wider than any UTC offset ever used (LMT reached ±15:56), so the day's start lies inside. */
const SEARCH_MS = 26 * 3_600_000;

/**
 * Refuses a shop time zone (Shopify's `shop.ianaTimezone`) this runtime does not know, with
 * MLC_CONFIG_INVALID. Check once where the zone is read; {@link shopDay} then trusts it.
 */
export function checkTimeZone(ianaTimeZone: string): void {
  if (!isValidTimeZone(ianaTimeZone)) {
    throw new ConnectorError("MLC_CONFIG_INVALID", `unknown IANA time zone ${JSON.stringify(ianaTimeZone)}`);
  }
}

/**
 * The calendar date (YYYY-MM-DD) of an ISO-8601 instant (with offset or `Z`) in the shop's time zone,
 * checked beforehand with {@link checkTimeZone}. Made by `localDate`, the rule GL dates are made by, so
 * reconciliation puts each event on the same day posting did.
 */
export function shopDay(isoInstant: string, ianaTimeZone: string): string {
  return localDate(isoInstant, ianaTimeZone);
}

/**
 * The UTC instants a shop day spans. Found from the zone's own rules, so DST days come out 23 or 25
 * hours long, and a day whose midnight the clocks skip starts at its first real instant.
 */
export function shopDayBounds(isoDate: string, ianaTimeZone: string): ShopDayBounds {
  checkTimeZone(ianaTimeZone);
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
