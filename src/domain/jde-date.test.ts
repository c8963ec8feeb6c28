import { describe, expect, it } from "vitest";
import {
  addDays,
  formatDisplayDate,
  fromJdeJulian,
  isValidTimeZone,
  localDate,
  toJdeJulian,
} from "./jde-date.js";

describe("JDE Julian dates", () => {
  it.each([
    ["2025-06-30", 125181],
    ["2025-01-01", 125001],
    ["2024-12-31", 124366],
    ["2024-02-29", 124060],
    ["1999-12-31", 99365],
    ["1900-01-01", 1],
    ["2026-11-27", 126331],
  ])("%s ↔ %i", (iso, julian) => {
    expect(toJdeJulian(iso)).toBe(julian);
    expect(fromJdeJulian(julian)).toBe(iso);
  });

  it.each(["2025-02-29", "2025-13-01", "2025-6-30", "20250630", "2025-06-31"])(
    "refuses the date %j",
    (iso) => {
      expect(() => toJdeJulian(iso)).toThrow(RangeError);
    },
  );

  it.each([125000, 125366, 0, 1.5, -5])("refuses the Julian %d", (julian) => {
    expect(() => fromJdeJulian(julian)).toThrow(RangeError);
  });
});

describe("localDate", () => {
  it.each([
    ["2026-03-14T14:21:05Z", "America/New_York", "2026-03-14"],
    // 23:30 in Los Angeles is already the next day in UTC.
    ["2026-11-28T07:30:00Z", "America/Los_Angeles", "2026-11-27"],
    ["2026-11-28T07:30:00Z", "UTC", "2026-11-28"],
    ["2026-11-28T08:00:00Z", "America/Los_Angeles", "2026-11-28"],
    // DST: PDT (−7) on 2026-03-08 after 02:00 local; 06:59Z is 23:59 PST the day before.
    ["2026-03-08T07:59:00Z", "America/Los_Angeles", "2026-03-07"],
    ["2026-03-08T10:30:00Z", "America/Los_Angeles", "2026-03-08"],
    ["2026-03-09T06:59:00Z", "America/Los_Angeles", "2026-03-08"],
    ["2026-03-09T07:00:00Z", "America/Los_Angeles", "2026-03-09"],
    // Across the date line: Kiribati is UTC+14, Pago Pago UTC−11.
    ["2026-06-30T10:00:00Z", "Pacific/Kiritimati", "2026-07-01"],
    ["2026-06-30T10:00:00Z", "Pacific/Pago_Pago", "2026-06-29"],
    // Offsets in the instant are honoured.
    ["2026-03-14T23:30:00-04:00", "America/New_York", "2026-03-14"],
    ["2026-03-14T23:30:00-04:00", "Europe/Berlin", "2026-03-15"],
    ["2026-12-31T23:59:59.999Z", "UTC", "2026-12-31"],
  ])("%s in %s is %s", (instant, zone, expected) => {
    expect(localDate(instant, zone)).toBe(expected);
  });

  it("refuses a bad instant and an unknown zone", () => {
    expect(() => localDate("2026-03-14", "UTC")).toThrow(RangeError);
    expect(() => localDate("yesterday", "UTC")).toThrow(RangeError);
    expect(() => localDate("2026-03-14T10:00:00Z", "Mars/Olympus")).toThrow(RangeError);
  });

  it.each([
    ["America/Los_Angeles", true],
    ["UTC", true],
    ["Mars/Olympus", false],
  ])("isValidTimeZone(%s) is %s", (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });
});

describe("formatDisplayDate", () => {
  it.each([
    ["2026-11-27", "MM/dd/yyyy", "11/27/2026"],
    ["2026-11-27", "dd/MM/yyyy", "27/11/2026"],
    ["2026-11-27", "yyyy-MM-dd", "2026-11-27"],
    ["2026-01-05", "MM/dd/yyyy", "01/05/2026"],
  ] as const)("%s as %s is %s", (iso, format, expected) => {
    expect(formatDisplayDate(iso, format)).toBe(expected);
  });
});

describe("addDays", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-03-01", -1, "2026-02-28"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2026-07-01", 0, "2026-07-01"],
    ["1990-01-01", 20_000, "2044-10-04"],
  ])("%s plus %i days is %s", (isoDate, days, expected) => {
    expect(addDays(isoDate, days)).toBe(expected);
  });

  it("refuses a date that is not a calendar date", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });
});
