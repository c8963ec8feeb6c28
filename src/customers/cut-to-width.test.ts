import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutToWidth } from "./cut-to-width.js";

describe("cutToWidth", () => {
  it.each([
    ["Ada", 5, "Ada", 3, false],
    ["Lovelace", 4, "Love", 8, true],
    ["", 3, "", 0, false],
    ["Zoë", 3, "Zoë", 3, false],
    // JDE counts UTF-16 units: four emoji take eight, and a pair is never split.
    ["😀😀😀😀", 8, "😀😀😀😀", 8, false],
    ["😀😀😀😀", 7, "😀😀😀", 8, true],
    ["😀😀😀😀", 6, "😀😀😀", 8, true],
    ["a😀b", 2, "a", 4, true],
    ["a😀b", 3, "a😀", 4, true],
  ])("cuts %j at width %i to %j (length %i, cut %s)", (value, width, expected, length, cut) => {
    expect(cutToWidth(value, width)).toEqual({ value: expected, length, cut });
  });

  it("never exceeds the width in UTF-16 units, keeps a prefix of whole characters, and reports the original length", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 60 }),
        fc.integer({ min: 0, max: 45 }),
        (value, width) => {
          const result = cutToWidth(value, width);
          expect(result.value.length).toBeLessThanOrEqual(width);
          // At most one unit short of the width: only a surrogate pair is kept whole.
          if (result.cut) expect(result.value.length).toBeGreaterThanOrEqual(width - 1);
          expect(value.startsWith(result.value)).toBe(true);
          expect(result.length).toBe(value.length);
          expect(result.cut).toBe(value.length > width);
          expect(result.value).not.toMatch(/\p{Cs}/u); // no lone surrogate
          if (!result.cut) expect(result.value).toBe(value);
        },
      ),
    );
  });
});
