import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJdeSimulator } from "../../sim/jde/index.js";
import type { FiscalYearDates } from "../domain/fiscal-years.js";
import { type CompanyFiscal, computeOpenPeriod, loadOpenPeriod, parseJdeDate } from "./open-period.js";
import { simClient } from "./test-support.js";

const calendarYear = (year: number): FiscalYearDates => ({
  datePattern: "R",
  fiscalYearStart: `${year}-01-01`,
  periodEnds: Array.from({ length: 12 }, (_, m) =>
    new Date(Date.UTC(year, m + 1, 0)).toISOString().slice(0, 10),
  ),
});

/** A July–June fiscal year (pattern F) starting in `year`. */
const julyYear = (year: number): FiscalYearDates => ({
  datePattern: "F",
  fiscalYearStart: `${year}-07-01`,
  periodEnds: Array.from({ length: 12 }, (_, m) =>
    new Date(Date.UTC(year, 6 + m + 1, 0)).toISOString().slice(0, 10),
  ),
});

const years = [calendarYear(2025), calendarYear(2026), julyYear(2025), julyYear(2026)];
const company = (datePattern: string, fiscalYearStart: string, currentPeriod: number): CompanyFiscal => ({
  datePattern,
  fiscalYearStart,
  currentPeriod,
});

describe("computeOpenPeriod", () => {
  it("does not count the adjustment periods a pattern fills with period 12's end (CDD13J, CDD14J)", () => {
    const padded = (year: number): FiscalYearDates => {
      const base = calendarYear(year);
      return { ...base, periodEnds: [...base.periodEnds, `${year}-12-31`, `${year}-12-31`] };
    };
    expect(computeOpenPeriod(company("R", "2025-01-01", 12), [padded(2025), padded(2026)])).toEqual({
      firstOpenDate: "2025-12-01",
      lastOpenDate: "2026-01-31",
    });
  });

  it.each([
    ["calendar, period 4", company("R", "2026-01-01", 4), years, "2026-04-01", "2026-05-31"],
    [
      "calendar, period 1 opens on the fiscal-year start",
      company("R", "2026-01-01", 1),
      years,
      "2026-01-01",
      "2026-02-28",
    ],
    [
      "July fiscal year, period 3 (September)",
      company("F", "2025-07-01", 3),
      years,
      "2025-09-01",
      "2025-10-31",
    ],
    [
      "July fiscal year, period 12 → next year's period 1",
      company("F", "2025-07-01", 12),
      years,
      "2026-06-01",
      "2026-07-31",
    ],
    [
      "calendar, period 12 → January of the next year",
      company("R", "2025-01-01", 12),
      years,
      "2025-12-01",
      "2026-01-31",
    ],
    ["period 12 without the next year in F0008", company("R", "2026-01-01", 12), years, "2026-12-01", null],
    [
      "leap year: period 3 starts after Feb 29",
      company("R", "2028-01-01", 3),
      [calendarYear(2028)],
      "2028-03-01",
      "2028-04-30",
    ],
  ])("%s", (_name, fiscal, patterns, firstOpenDate, lastOpenDate) => {
    expect(computeOpenPeriod(fiscal, patterns)).toEqual({ firstOpenDate, lastOpenDate });
  });

  it.each([
    ["an unknown pattern", company("X", "2026-01-01", 4)],
    ["a fiscal year F0008 lacks", company("R", "2030-01-01", 4)],
    ["period 0", company("R", "2026-01-01", 0)],
    ["a period past the pattern's last", company("R", "2026-01-01", 13)],
  ])("refuses %s", (_name, fiscal) => {
    expect(() => computeOpenPeriod(fiscal, years)).toThrow(
      expect.objectContaining({ code: "MLC_CONFIG_INVALID" }),
    );
  });

  it("refuses a pattern whose F0008 rows break JDE's rules rather than compute a window from them", () => {
    const decreasing = { ...calendarYear(2027), periodEnds: ["2027-02-28", "2027-01-31"] };
    expect(() => computeOpenPeriod(company("R", "2026-01-01", 4), [...years, decreasing])).toThrow(
      expect.objectContaining({
        code: "MLC_CONFIG_INVALID",
        message:
          "JDE fiscal date pattern R (F0008) year starting 2027-01-01 has period end dates out of order",
      }),
    );
  });
});

describe("parseJdeDate", () => {
  it.each([
    [{ D: "20260131" }, "2026-01-31"],
    [{ D: "2026-01-31" }, "2026-01-31"],
    [{ D: 126031 }, "2026-01-31"],
  ])("reads %j", (row, expected) => {
    expect(parseJdeDate(row, "D")).toBe(expected);
  });
  it("drops an optional blank and refuses nonsense", () => {
    expect(parseJdeDate({ D: " " }, "D", true)).toBe("");
    expect(() => parseJdeDate({ D: "20260230" }, "D")).toThrow(
      expect.objectContaining({ code: "MLC_AIS_RESPONSE_INVALID" }),
    );
    expect(() => parseJdeDate({}, "D")).toThrow();
  });
});

describe("loadOpenPeriod against the JDE simulator", () => {
  const now = Date.parse("2026-04-15T12:00:00Z");
  let sim: Awaited<ReturnType<typeof startJdeSimulator>>;
  beforeAll(async () => {
    sim = await startJdeSimulator({ port: 0, processorIntervalMs: 3_600_000, nowMs: () => now });
  });
  afterAll(async () => sim.close());

  it("reads F0010 and F0008 (yyyyMMdd dates) and opens the current and next period", async () => {
    const ais = simClient(sim.url);
    try {
      expect(await loadOpenPeriod(ais, { company: "00100" })).toEqual({
        firstOpenDate: "2026-04-01",
        lastOpenDate: "2026-05-31",
      });
      expect(ais.stats().calls).toBe(2);
    } finally {
      await ais.close();
    }
  });
});
