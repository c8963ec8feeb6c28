import { describe, expect, it } from "vitest";
import {
  assertBatchKeysFit,
  buildGridRows,
  formatDisplayDate,
  toGenericInput,
  toStandardInput,
} from "./orchestration-input.js";
import { makeDocument } from "./test-support.js";

describe("orchestration input", () => {
  it("builds DESIGN.md §3 rows in display form: EDLN 1, 2, 3, signed amounts, display dates", () => {
    const document = makeDocument({ order: 1042 });
    document.document.lines[1]!.addressNumber = "4242";
    const rows = buildGridRows({ batchId: "M000042", documents: [document] }, "MM/dd/yyyy");
    expect(rows[0]).toEqual({
      EDUS: "SHOPIFY",
      EDBT: "M000042",
      EDTN: "S1042A1",
      EDLN: "1",
      KCO: "00100",
      DCT: "JE",
      DGJ: "11/27/2026",
      ANI: "100.1115",
      LT: "AA",
      AA: "127.44",
      CRCD: "USD",
      EXA: "Shopify #1042",
      EXR: "Shopify Payments",
      VINV: "#1042",
      AN8: "",
    });
    expect(rows.map((row) => [row.EDLN, row.AA, row.AN8])).toEqual([
      ["1", "127.44", ""],
      ["2", "-114.70", "4242"],
      ["3", "-12.74", ""],
    ]);
  });

  it.each([
    ["MM/dd/yyyy", "02/03/2026"],
    ["dd/MM/yyyy", "03/02/2026"],
    ["yyyy-MM-dd", "2026-02-03"],
  ] as const)("formats a G/L date as %s", (format, expected) => {
    expect(formatDisplayDate("2026-02-03", format)).toBe(expected);
  });

  it("shapes v2 JDE Standard input with the same rows", () => {
    const rows = [{ EDTN: "S1", AA: "1.00" }];
    expect(toStandardInput("M1", rows)).toEqual({
      inputs: [{ name: "EDBT", value: "M1" }],
      detailInputs: [
        {
          name: "GridData",
          repeatingInputs: [
            {
              inputs: [
                { name: "EDTN", value: "S1" },
                { name: "AA", value: "1.00" },
              ],
            },
          ],
        },
      ],
    });
    expect(toGenericInput("M1", rows)).toEqual({ EDBT: "M1", GridData: rows });
  });

  it("truncates explanations without splitting a surrogate pair", () => {
    const document = makeDocument({ order: 1, explanation: `${"x".repeat(29)}😀tail` });
    const [row] = buildGridRows({ batchId: "M1", documents: [document] }, "yyyy-MM-dd");
    expect(row?.EXA).toBe("x".repeat(29));
  });

  it("accepts keys at their exact widths", () => {
    const document = makeDocument({
      order: 1,
      ediUser: "E".repeat(10),
      transactionNumber: "T".repeat(22),
      reference: "R".repeat(25),
    });
    expect(() => assertBatchKeysFit({ batchId: "B".repeat(15), documents: [document] })).not.toThrow();
  });
});
