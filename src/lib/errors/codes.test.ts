import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "./codes.js";

describe("error codes", () => {
  it("lists exactly the codes of codes.ts in the operator documentation, with the same retry flag", () => {
    const doc = readFileSync(new URL("../../../docs/error-codes.md", import.meta.url), "utf8");
    const documented = [...doc.matchAll(/^\| `(MLC_[A-Z_]+)` \| (yes|no) \|/gm)].map((m) => [
      m[1],
      m[2] === "yes",
    ]);
    const inCode = Object.entries(ERROR_CODES).map(([code, info]) => [code, info.retryable]);
    expect(documented).toEqual(inCode);
  });
});
