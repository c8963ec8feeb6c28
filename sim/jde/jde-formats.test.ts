import { describe, expect, it } from "vitest";
import {
  formatMinor,
  isoToJulian,
  julianToIso,
  padMcu,
  parseAccountKey,
  parseDecimalToMinor,
  parseDisplayDate,
} from "./jde-formats.js";

describe("JDE storage formats", () => {
  it.each([
    ["2025-01-01", 125001],
    ["2000-01-01", 100001],
    ["2025-06-30", 125181],
    ["2024-12-31", 124366],
    ["1999-12-31", 99365],
  ])("converts %s to Julian %i and back", (iso, julian) => {
    expect(isoToJulian(iso)).toBe(julian);
    expect(julianToIso(julian)).toBe(iso);
  });

  it("rejects impossible dates", () => {
    expect(isoToJulian("2025-02-30")).toBeUndefined();
    expect(parseDisplayDate("13/01/2025")).toBeUndefined();
  });

  it.each([
    ["06/30/2025", 125181],
    ["2025-06-30", 125181],
    ["20250630", 125181],
  ])("parses display date %s", (text, julian) => {
    expect(parseDisplayDate(text)).toBe(julian);
  });

  it.each([
    ["127.44", 2, 12744n],
    ["-127.44", 2, -12744n],
    ["+3", 2, 300n],
    ["1.50", 0, undefined],
    ["10.00", 0, 10n],
    ["1.234", 3, 1234n],
    ["0.1", 3, 100n],
    ["12345678901234.56", 2, 1234567890123456n],
  ])("parses %s with %i decimals exactly", (text, decimals, minor) => {
    const parsed = parseDecimalToMinor(text, decimals);
    if (minor === undefined) expect(parsed).toEqual({ ok: false, reason: "tooManyDecimals" });
    else expect(parsed).toEqual({ ok: true, minor });
  });

  it("rejects malformed amounts", () => {
    expect(parseDecimalToMinor("1e3", 2)).toEqual({ ok: false, reason: "syntax" });
    expect(parseDecimalToMinor("", 2)).toEqual({ ok: false, reason: "syntax" });
  });

  it.each([
    [12744n, 2, "127.44"],
    [-5n, 2, "-0.05"],
    [7n, 0, "7"],
    [-1234n, 3, "-1.234"],
  ])("formats %s with %i decimals as %s", (minor, decimals, text) => {
    expect(formatMinor(minor, decimals)).toBe(text);
  });

  it("right-justifies business units to 12 characters", () => {
    expect(padMcu("100")).toBe("         100");
    expect(padMcu("         100")).toBe("         100");
  });

  it("parses BU.OBJ[.SUB] account keys", () => {
    expect(parseAccountKey("100.4100")).toEqual({ bu: "100", obj: "4100", sub: "" });
    expect(parseAccountKey("100.1110.BEAR")).toEqual({ bu: "100", obj: "1110", sub: "BEAR" });
    expect(parseAccountKey("4100")).toBeUndefined();
  });
});
