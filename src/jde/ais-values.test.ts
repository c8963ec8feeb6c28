import { describe, expect, it } from "vitest";
import { aisDateToIso, amountToMinor } from "./ais-values.js";

describe("amountToMinor", () => {
  it.each<[unknown, number, bigint | undefined]>([
    [127.44, 2, 12_744n],
    [-99.5, 2, -9_950n],
    ["-8.00", 2, -800n],
    [12_744, 0, 12_744n],
    [1.5, 3, 1_500n],
    [0, 2, 0n],
    [127.44, 0, undefined], // more decimals than the currency: refused, not rounded
    [0.125, 2, undefined],
    [1e-7, 2, undefined],
    [123_456_789_012_345.6, 2, undefined], // past a double's 15 exact digits
    ["12,50", 2, undefined],
    [null, 2, undefined],
  ])("%s with %i decimals → %s", (value, decimals, expected) => {
    expect(amountToMinor(value, decimals)).toBe(expected);
  });
});

describe("aisDateToIso", () => {
  it.each<[unknown, "MM/dd/yyyy" | "dd/MM/yyyy" | undefined, string | undefined]>([
    ["20260301", undefined, "2026-03-01"],
    ["2026-03-01", undefined, "2026-03-01"],
    [20260301, undefined, "2026-03-01"],
    ["03/01/2026", "MM/dd/yyyy", "2026-03-01"],
    ["03/01/2026", "dd/MM/yyyy", "2026-01-03"],
    ["03/01/2026", undefined, undefined], // ambiguous without the user's format
    ["20260230", undefined, undefined],
    ["", undefined, undefined],
  ])("%s (%s) → %s", (value, dateFormat, expected) => {
    expect(aisDateToIso(value, dateFormat)).toBe(expected);
  });
});
