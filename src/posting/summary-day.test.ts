import { describe, expect, it } from "vitest";
import { summaryCloseTime, summaryReference, summaryTransactionNumber } from "./summary-day.js";

describe("summaryCloseTime", () => {
  it.each([
    [
      "end of day plus an hour's grace",
      "2026-11-27",
      "America/New_York",
      "00:00",
      60,
      "2026-11-28T06:00:00.000Z",
    ],
    [
      "a 02:30 cut-off and no grace",
      "2026-11-27",
      "America/New_York",
      "02:30",
      0,
      "2026-11-28T07:30:00.000Z",
    ],
    [
      "the night summer time starts",
      "2026-03-07",
      "America/Los_Angeles",
      "00:00",
      0,
      "2026-03-08T08:00:00.000Z",
    ],
    ["the night summer time ends", "2026-10-24", "Europe/Berlin", "00:00", 30, "2026-10-24T22:30:00.000Z"],
    ["east of Greenwich", "2026-11-27", "Asia/Tokyo", "00:00", 60, "2026-11-27T16:00:00.000Z"],
  ])("%s", (_name, day, timezone, cutoff, graceMinutes, expected) => {
    expect(summaryCloseTime(day, { timezone, cutoff, graceMinutes }).toISOString()).toBe(expected);
  });
});

describe("summary document keys", () => {
  it("are deterministic per tenant, day and supplement, and fit EDTN", () => {
    const first = summaryTransactionNumber("acme", "2026-11-27", 1);
    expect(first).toMatch(/^D261127[0-9A-Z]{4}-1$/);
    expect(summaryTransactionNumber("acme", "2026-11-27", 1)).toBe(first);
    expect(summaryTransactionNumber("acme", "2026-11-27", 2)).toBe(first.replace(/-1$/, "-2"));
    expect(summaryTransactionNumber("other", "2026-11-27", 1)).not.toBe(first);
    expect(summaryTransactionNumber("a".repeat(40), "2026-11-27", 9_999_999).length).toBeLessThanOrEqual(22);
  });

  it("reference the shop day, within VINV's 25 characters", () => {
    expect(summaryReference("2026-11-27")).toBe("Shopify 2026-11-27");
  });
});
