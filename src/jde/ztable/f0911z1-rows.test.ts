import { describe, expect, it } from "vitest";
import type { KeyedDocument } from "../../posting/journal-poster.js";
import { makeDocument } from "../test-support.js";
import { buildF0911Z1Rows, F0911Z1_WRITTEN_COLUMNS, type F0911Z1RowContext } from "./f0911z1-rows.js";

const context: F0911Z1RowContext = {
  batchId: "BMX0001",
  companyDecimals: 2,
  audit: {
    user: "SHOPIFY",
    programId: "MLCONNECT",
    jobName: "MLCONNECT",
    now: new Date("2026-11-27T14:30:05Z"),
  },
};

function inCurrency(currency: string, decimals: number, amounts: bigint[]): KeyedDocument {
  const base = makeDocument({ order: 1042 });
  return {
    ...base,
    document: {
      ...base.document,
      currency,
      decimals,
      lines: amounts.map((amountMinor, index) => ({ ...base.document.lines[index % 3]!, amountMinor })),
    },
  };
}

describe("buildF0911Z1Rows", () => {
  it("writes the EDI keys, EDLN 1000 steps, EDSP 0 / EDTC A / EDTR J and the Julian G/L date", () => {
    const rows = buildF0911Z1Rows(makeDocument({ order: 1042, glDate: "2025-06-30" }), context);
    expect(rows.map((row) => row.VNEDLN)).toEqual([1000n, 2000n, 3000n]);
    for (const row of rows) {
      expect(row).toMatchObject({
        VNEDUS: "SHOPIFY",
        VNEDTN: "S1042A1",
        VNEDBT: "BMX0001",
        VNEDSP: "0",
        VNEDTC: "A",
        VNEDTR: "J",
        VNKCO: "00100",
        VNCO: "00100",
        VNDCT: "JE",
        VNDOC: 0n,
        VNDGJ: 125_181n,
        VNAM: "2",
        VNLT: "AA",
        VNCRCD: "USD",
        VNCRRM: "D",
        VNVINV: "#1042",
        VNEXA: "Shopify #1042",
        VNPID: "MLCONNECT",
        VNUSER: "SHOPIFY",
        VNUPMJ: 126_331n,
        VNUPMT: 143_005n,
      });
    }
  });

  it("gives the account as BU.OBJ.SUB with MCU right-justified to 12", () => {
    const base = makeDocument({ order: 7 });
    const lines = base.document.lines.map((line, index) =>
      index === 0 ? { ...line, account: { businessUnit: "140", object: "1110", subsidiary: "BEAR" } } : line,
    );
    const [first, second] = buildF0911Z1Rows({ ...base, document: { ...base.document, lines } }, context);
    expect(first).toMatchObject({
      VNANI: "140.1110.BEAR",
      VNMCU: "         140",
      VNOBJ: "1110",
      VNSUB: "BEAR",
    });
    expect(second).toMatchObject({ VNANI: "100.4100", VNMCU: "         100", VNOBJ: "4100", VNSUB: "" });
  });

  it.each([
    ["JPY", 0, 0, [12_744n, -12_744n], [12_744n, -12_744n]],
    ["USD", 2, 2, [12_744n, -11_470n, -1_274n], [12_744n, -11_470n, -1_274n]],
    ["KWD", 3, 3, [12_745n, -12_745n], [12_745n, -12_745n]],
    ["USD at 3 company decimals", 2, 3, [1_234n, -1_234n], [12_340n, -12_340n]],
    ["USD at 0 company decimals", 2, 0, [1_200n, -1_200n], [12n, -12n]],
  ])(
    "stores %s amounts as signed integers with implied decimals",
    (_, decimals, companyDecimals, minor, stored) => {
      const rows = buildF0911Z1Rows(inCurrency("XXX", decimals, minor), { ...context, companyDecimals });
      expect(rows.map((row) => row.VNAA)).toEqual(stored);
      expect(rows.reduce((sum, row) => sum + (row.VNAA as bigint), 0n)).toBe(0n);
    },
  );

  it("refuses an amount the company decimals cannot hold exactly", () => {
    expect(() =>
      buildF0911Z1Rows(inCurrency("USD", 2, [1_234n, -1_234n]), { ...context, companyDecimals: 0 }),
    ).toThrow(expect.objectContaining({ code: "MLC_CURRENCY_MISMATCH" }));
  });

  it("refuses an amount beyond JDE's 15 digits and a document that does not net to zero", () => {
    const huge = 10n ** 15n;
    expect(() => buildF0911Z1Rows(inCurrency("USD", 2, [huge, -huge]), context)).toThrow(
      expect.objectContaining({ code: "MLC_JDE_FIELD_INVALID" }),
    );
    expect(() => buildF0911Z1Rows(makeDocument({ order: 1, unbalancedBy: 1n }), context)).toThrow(
      expect.objectContaining({ code: "MLC_MAPPING_FAILED" }),
    );
  });

  it.each([
    ["a blank EDTN", { transactionNumber: " " }],
    ["a blank EDUS", { ediUser: "" }],
  ])("refuses %s with MLC_JDE_FIELD_INVALID", (_, override) => {
    expect(() => buildF0911Z1Rows({ ...makeDocument({ order: 1 }), ...override }, context)).toThrow(
      expect.objectContaining({ code: "MLC_JDE_FIELD_INVALID" }),
    );
  });

  it("refuses an invalid G/L date and a non-numeric address number", () => {
    expect(() => buildF0911Z1Rows(makeDocument({ order: 1, glDate: "2026-02-30" }), context)).toThrow(
      expect.objectContaining({ code: "MLC_JDE_FIELD_INVALID" }),
    );
    const base = makeDocument({ order: 1 });
    const lines = base.document.lines.map((line) => ({ ...line, addressNumber: "A123" }));
    expect(() => buildF0911Z1Rows({ ...base, document: { ...base.document, lines } }, context)).toThrow(
      expect.objectContaining({ code: "MLC_JDE_FIELD_INVALID" }),
    );
  });

  it("writes the line's address number as AN8 and 0 without one", () => {
    const base = makeDocument({ order: 1 });
    const lines = base.document.lines.map((line, index) =>
      index === 0 ? { ...line, addressNumber: "90001" } : line,
    );
    const rows = buildF0911Z1Rows({ ...base, document: { ...base.document, lines } }, context);
    expect(rows.map((row) => row.VNAN8)).toEqual([90_001n, 0n, 0n]);
  });

  it("declares exactly the columns it fills, with their kinds", () => {
    const [row] = buildF0911Z1Rows(makeDocument({ order: 1 }), context);
    const kinds = Object.fromEntries(
      Object.entries(row!).map(([name, value]) => [name, typeof value === "bigint" ? "number" : "char"]),
    );
    expect(kinds).toEqual(F0911Z1_WRITTEN_COLUMNS);
  });
});
