import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../domain/jde-date.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { checkTimeZone, shopDay, shopDayBounds } from "./shop-day.js";

const HOUR_MS = 3_600_000;
const hoursOf = ({ start, end }: { start: string; end: string }) =>
  (Date.parse(end) - Date.parse(start)) / HOUR_MS;
const isoAt = (ms: number) => new Date(ms).toISOString();

describe("shopDay", () => {
  it.each([
    // Los Angeles is UTC-7 in March (PDT): midnight UTC is still the afternoon before.
    ["2026-03-15T23:59:59Z", "America/Los_Angeles", "2026-03-15"],
    ["2026-03-16T00:00:00Z", "America/Los_Angeles", "2026-03-15"],
    ["2026-03-16T06:59:59Z", "America/Los_Angeles", "2026-03-15"],
    ["2026-03-16T07:00:00Z", "America/Los_Angeles", "2026-03-16"],
    // Auckland is UTC+13 in March (NZDT): the shop's day starts at 11:00 UTC the day before.
    ["2026-03-15T10:59:59Z", "Pacific/Auckland", "2026-03-15"],
    ["2026-03-15T11:00:00Z", "Pacific/Auckland", "2026-03-16"],
    ["2026-03-15T23:59:59Z", "Pacific/Auckland", "2026-03-16"],
    ["2026-03-16T00:00:00Z", "Pacific/Auckland", "2026-03-16"],
    // An offset instant as Shopify sends it.
    ["2026-03-15T17:30:00-07:00", "Pacific/Auckland", "2026-03-16"],
    ["2026-03-16T00:00:00Z", "UTC", "2026-03-16"],
  ])("puts %s in %s on %s", (instant, zone, day) => {
    expect(shopDay(instant, zone)).toBe(day);
  });

  it("refuses an instant without an offset", () => {
    expect(() => shopDay("2026-03-16T00:00:00", "UTC")).toThrow(RangeError);
  });
});

describe("checkTimeZone", () => {
  it("refuses an unknown time zone with MLC_CONFIG_INVALID and accepts a known one", () => {
    expect(() => checkTimeZone("Mars/Olympus_Mons")).toThrow(
      expect.objectContaining({ code: "MLC_CONFIG_INVALID" }),
    );
    expect(() => checkTimeZone("Pacific/Auckland")).not.toThrow();
  });
});

describe("shopDayBounds", () => {
  it.each([
    [
      "an ordinary Los Angeles day (PST)",
      "2026-01-15",
      "America/Los_Angeles",
      "2026-01-15T08:00:00.000Z",
      "2026-01-16T08:00:00.000Z",
      24,
    ],
    [
      "the US spring-forward day",
      "2026-03-08",
      "America/Los_Angeles",
      "2026-03-08T08:00:00.000Z",
      "2026-03-09T07:00:00.000Z",
      23,
    ],
    [
      "the US fall-back day",
      "2026-11-01",
      "America/Los_Angeles",
      "2026-11-01T07:00:00.000Z",
      "2026-11-02T08:00:00.000Z",
      25,
    ],
    [
      "an ordinary Auckland day (NZDT)",
      "2026-03-16",
      "Pacific/Auckland",
      "2026-03-15T11:00:00.000Z",
      "2026-03-16T11:00:00.000Z",
      24,
    ],
    [
      "the NZ fall-back day",
      "2026-04-05",
      "Pacific/Auckland",
      "2026-04-04T11:00:00.000Z",
      "2026-04-05T12:00:00.000Z",
      25,
    ],
    [
      "the NZ spring-forward day",
      "2026-09-27",
      "Pacific/Auckland",
      "2026-09-26T12:00:00.000Z",
      "2026-09-27T11:00:00.000Z",
      23,
    ],
    ["a UTC day", "2026-03-16", "UTC", "2026-03-16T00:00:00.000Z", "2026-03-17T00:00:00.000Z", 24],
  ])("spans %s", (_, day, zone, start, end, hours) => {
    const bounds = shopDayBounds(day, zone);
    expect(bounds).toEqual({ start, end });
    expect(hoursOf(bounds)).toBe(hours);
  });

  it("starts a day whose midnight the clocks skip at its first real instant", () => {
    // Chile springs forward at 24:00 on 2026-09-05: 2026-09-06 begins at 01:00 (-03), 04:00 UTC.
    const bounds = shopDayBounds("2026-09-06", "America/Santiago");
    expect(bounds.start).toBe("2026-09-06T04:00:00.000Z");
    expect(shopDay(bounds.start, "America/Santiago")).toBe("2026-09-06");
    expect(shopDay(isoAt(Date.parse(bounds.start) - 1000), "America/Santiago")).toBe("2026-09-05");
    expect(hoursOf(bounds)).toBe(23);
  });

  it("refuses an unknown time zone and a malformed date", () => {
    expect(() => shopDayBounds("2026-03-16", "Nowhere/Atlantis")).toThrow(ConnectorError);
    expect(() => shopDayBounds("2026-02-30", "UTC")).toThrow(RangeError);
  });

  it("puts every instant of a day's bounds on that day, and days meet without gaps", () => {
    const zones = [
      "America/Los_Angeles",
      "Pacific/Auckland",
      "Europe/London",
      "Asia/Kolkata",
      "Australia/Lord_Howe",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 3 * 366 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (zone, dayOffset, fraction) => {
          const day = addDays("2025-01-01", dayOffset);
          const bounds = shopDayBounds(day, zone);
          const startMs = Date.parse(bounds.start);
          const endMs = Date.parse(bounds.end);
          const inside = startMs + Math.floor(fraction * (endMs - startMs - 1));
          expect(shopDay(isoAt(inside), zone)).toBe(day);
          expect(shopDay(isoAt(startMs - 1), zone)).toBe(addDays(day, -1));
          expect(shopDay(isoAt(endMs), zone)).toBe(addDays(day, 1));
          expect(shopDayBounds(addDays(day, 1), zone).start).toBe(bounds.end);
        },
      ),
      { numRuns: 80 },
    );
  });
});
