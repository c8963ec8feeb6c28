import { describe, expect, it } from "vitest";
import { assertWritableShape, encodeRow } from "./encode-row.js";
import type { TableColumn, TableShape } from "./jde-database-port.js";

const char = (name: string, length: number): TableColumn => ({
  name,
  kind: "char",
  length,
  dataType: "NCHAR",
  nullable: false,
});
const number = (name: string): TableColumn => ({
  name,
  kind: "number",
  length: undefined,
  dataType: "NUMBER",
  nullable: false,
});
const shape: TableShape = {
  owner: "PRODDTA",
  table: "F0911Z1",
  columns: [char("VNEDUS", 10), char("VNEDTY", 1), number("VNEDSQ"), char("VNEDTN", 22), number("VNAA")],
};

describe("encodeRow", () => {
  it("pads our text to its width, fills other CHAR columns with blanks and numbers with 0 — never NULL", () => {
    const values = encodeRow(shape, { VNEDUS: "SHOPIFY", VNEDTN: "S1-1", VNAA: -12_345n }, "utf16");
    expect(values).toEqual(["SHOPIFY   ", " ", 0n, `S1-1${" ".repeat(18)}`, -12_345n]);
    expect(values).not.toContain(null);
  });

  it("finds columns whatever case the catalogue stores them in", () => {
    const lower = {
      ...shape,
      columns: shape.columns.map((column) => ({ ...column, name: column.name.toLowerCase() })),
    };
    expect(encodeRow(lower, { VNEDUS: "SHOPIFY" }, "codepoints")[0]).toBe("SHOPIFY   ");
  });

  it("refuses text longer than its column with MLC_JDE_FIELD_INVALID, naming column and lengths, never the value", () => {
    let error: unknown;
    try {
      encodeRow(shape, { VNEDTN: `Ada Lovelace ${"X".repeat(10)}` }, "utf16");
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: "MLC_JDE_FIELD_INVALID",
      message: expect.stringContaining("VNEDTN(22) holds 23"),
    });
    expect(JSON.stringify(error)).not.toContain("Lovelace");
    expect(String((error as Error).message)).not.toContain("Lovelace");
  });

  it("counts width in the database's unit: an astral character is 2 UTF-16 units, 1 code point", () => {
    const text = `${"x".repeat(8)}😀`;
    expect(encodeRow(shape, { VNEDUS: text }, "codepoints")[0]).toBe(`${text} `);
    expect(encodeRow(shape, { VNEDUS: text }, "utf16")[0]).toBe(text);
    expect(() => encodeRow(shape, { VNEDUS: `${text}x` }, "utf16")).toThrow(
      expect.objectContaining({ code: "MLC_JDE_FIELD_INVALID" }),
    );
  });
});

describe("assertWritableShape", () => {
  it("accepts a table whose columns are all CHAR or numeric and include ours", () => {
    expect(() => assertWritableShape(shape, { VNEDUS: "char", VNAA: "number" })).not.toThrow();
  });

  it("names a missing column, a kind mismatch and a column it cannot fill", () => {
    const odd: TableShape = {
      ...shape,
      columns: [
        ...shape.columns,
        { name: "VNBLOB", kind: "other", length: undefined, dataType: "BLOB", nullable: false },
      ],
    };
    expect(() => assertWritableShape(odd, { VNEDUS: "number", VNMISSING: "char" })).toThrow(
      expect.objectContaining({
        code: "MLC_JDE_TABLE_UNSUPPORTED",
        detail: expect.objectContaining({
          problems: [
            "VNEDUS is NCHAR, expected number",
            "no column VNMISSING",
            "cannot fill VNBLOB of type BLOB",
          ],
        }),
      }),
    );
  });
});
