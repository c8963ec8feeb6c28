import { describe, expect, it } from "vitest";
import { parseAccountKey, parseObjectKey, tryParseAccountKey } from "./account-key.js";
import { formatAccount } from "./journal.js";

describe("parseAccountKey", () => {
  it.each([
    ["100.4100", { businessUnit: "100", object: "4100", subsidiary: "" }],
    ["100.1110.BEAR", { businessUnit: "100", object: "1110", subsidiary: "BEAR" }],
    [
      "123456789012.123456.12345678",
      { businessUnit: "123456789012", object: "123456", subsidiary: "12345678" },
    ],
    [" 140.4120 ", { businessUnit: "140", object: "4120", subsidiary: "" }],
  ])("parses %j", (key, expected) => {
    expect(parseAccountKey(key)).toEqual(expected);
  });

  it.each([
    ["4100", "is not BU.OBJ[.SUB]"],
    ["100.4100.A.B", "is not BU.OBJ[.SUB]"],
    [".4100", "empty business unit"],
    ["100.", "empty object"],
    ["100.4100.", "empty subsidiary"],
    ["1234567890123.4100", "business unit '1234567890123' is longer than 12"],
    ["100.1234567", "object '1234567' is longer than 6"],
    ["100.4100.123456789", "subsidiary '123456789' is longer than 8"],
    ["1 0.4100", "contains a space"],
  ])("refuses %j (%s)", (key, reason) => {
    const result = tryParseAccountKey(key);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
    expect(() => parseAccountKey(key)).toThrow(reason);
  });

  it("round-trips through formatAccount", () => {
    expect(formatAccount(parseAccountKey("100.1110.BEAR"))).toBe("100.1110.BEAR");
    expect(formatAccount(parseAccountKey("100.4100"))).toBe("100.4100");
  });

  it.each([
    ["4120", { object: "4120", subsidiary: "" }],
    ["4120.BEAR", { object: "4120", subsidiary: "BEAR" }],
  ])("parses the rule object key %j", (key, expected) => {
    expect(parseObjectKey(key)).toEqual(expected);
  });
});
