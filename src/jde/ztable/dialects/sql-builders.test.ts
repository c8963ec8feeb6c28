import { describe, expect, it } from "vitest";
import type { TableColumn, TableShape } from "../jde-database-port.js";
import { dialectFor } from "./dialect-for.js";
import { buildInsert, buildSelect, rowsPerInsert } from "./sql-builders.js";
import type { DialectName } from "./sql-dialect.js";

const DIALECTS: DialectName[] = ["oracle", "sqlserver", "postgres", "sqlite"];

/** A table shaped like F0911Z1: 240 columns, as wide as the stand-in's. */
function wideShape(): TableShape {
  const columns: TableColumn[] = Array.from({ length: 240 }, (_, index) =>
    index % 3 === 0
      ? { name: `VNC${index}`, kind: "number", length: undefined, dataType: "NUMBER", nullable: false }
      : { name: `VNC${index}`, kind: "char", length: 1 + (index % 30), dataType: "NCHAR", nullable: false },
  );
  columns[0] = { name: "VNEDUS", kind: "char", length: 10, dataType: "NCHAR", nullable: false };
  columns[1] = { name: "VNREG#", kind: "number", length: undefined, dataType: "NUMBER", nullable: false };
  return { owner: "PRODDTA", table: "F0911Z1", columns };
}

/** Bind markers in order of appearance. */
function markers(sql: string, dialect: DialectName): string[] {
  const pattern = { oracle: /:\d+/g, sqlserver: /@p\d+/g, postgres: /\$\d+/g, sqlite: /\?/g }[dialect];
  return sql.match(pattern) ?? [];
}

describe.each(DIALECTS)("%s SQL", (name) => {
  const dialect = dialectFor(name);
  const shape = wideShape();

  it("names every column of the table in the INSERT, once, with one marker per value", () => {
    const sql = buildInsert(dialect, shape, 3);
    const list = sql.slice(sql.indexOf("(") + 1, sql.indexOf(") VALUES"));
    expect(list.split(", ")).toEqual(shape.columns.map((column) => dialect.quoteIdentifier(column.name)));
    const found = markers(sql, name);
    expect(found).toHaveLength(3 * shape.columns.length);
    if (name !== "sqlite") {
      expect(found).toEqual(found.map((_, index) => dialect.placeholder(index + 1)));
    }
    expect(sql).not.toMatch(/NULL|DEFAULT/i);
  });

  it("keeps one INSERT within the dialect's parameter limit", () => {
    const rows = rowsPerInsert(dialect, shape);
    expect(rows * shape.columns.length).toBeLessThanOrEqual(dialect.maxParameters);
    expect(rows).toBeGreaterThanOrEqual(1);
    if (name === "sqlserver") expect(rows).toBe(8);
    if (name === "oracle") expect(rows).toBe(1);
  });

  it("pads text look-up values to the column width and binds numbers as bigint", () => {
    const statement = buildSelect(
      dialect,
      shape,
      ["VNEDUS", "VNREG#"],
      [
        { column: "VNEDUS", values: ["SHOPIFY"] },
        { column: "VNREG#", values: [1n, 2n] },
      ],
    );
    expect(statement.params).toEqual(["SHOPIFY   ", 1n, 2n]);
    expect(markers(statement.sql, name)).toHaveLength(3);
    expect(statement.sql).toContain(dialect.quoteIdentifier("VNREG#"));
  });

  it("asks the catalogue for the table's columns with bound owner and name", () => {
    const query = dialect.columnsQuery({ owner: "proddta", name: "f0911z1" });
    expect(markers(query.sql, name).length).toBe(query.params.length);
    expect(query.sql).toMatch(
      {
        oracle: /ALL_TAB_COLUMNS/,
        sqlserver: /INFORMATION_SCHEMA\.COLUMNS/,
        postgres: /information_schema\.columns/,
        sqlite: /pragma_table_info/,
      }[name],
    );
    if (name === "oracle") expect(query.params).toEqual(["PRODDTA", "F0911Z1"]);
  });
});

describe("table names", () => {
  it.each([
    ["oracle", '"PRODDTA"."F0911Z1"'],
    ["sqlserver", "[PRODDTA].[F0911Z1]"],
    ["postgres", '"proddta"."f0911z1"'],
    ["sqlite", '"f0911z1"'],
  ] as const)("%s qualifies by owner as the catalogue stores it: %s", (name, expected) => {
    const stored =
      name === "oracle" || name === "sqlserver"
        ? { owner: "PRODDTA", table: "F0911Z1" }
        : { owner: "proddta", table: "f0911z1" };
    expect(dialectFor(name).tableName(stored)).toBe(expected);
  });

  it("escapes the quote character of each dialect", () => {
    expect(dialectFor("sqlserver").quoteIdentifier("A]B")).toBe("[A]]B]");
    expect(dialectFor("postgres").quoteIdentifier('A"B')).toBe('"A""B"');
  });
});

describe("catalogue types", () => {
  const column = (dataType: string, charLength?: number) => ({
    owner: "",
    table: "",
    name: "X",
    dataType,
    charLength,
    nullable: false,
  });
  it.each([
    ["oracle", "NCHAR", 10, { kind: "char", length: 10 }],
    ["oracle", "NUMBER", 0, { kind: "number", length: undefined }],
    ["oracle", "DATE", undefined, { kind: "other", length: undefined }],
    ["sqlserver", "nchar", 10, { kind: "char", length: 10 }],
    ["sqlserver", "float", undefined, { kind: "number", length: undefined }],
    ["sqlserver", "nvarchar", -1, { kind: "char", length: undefined }],
    ["postgres", "character", 10, { kind: "char", length: 10 }],
    ["postgres", "numeric", undefined, { kind: "number", length: undefined }],
    ["postgres", "bytea", undefined, { kind: "other", length: undefined }],
    ["sqlite", "CHAR(10)", undefined, { kind: "char", length: 10 }],
    ["sqlite", "NUMERIC(15,0)", undefined, { kind: "number", length: undefined }],
    ["sqlite", "BLOB", undefined, { kind: "other", length: undefined }],
  ] as const)("%s %s(%s) is %o", (name, dataType, length, expected) => {
    expect(dialectFor(name).classify(column(dataType, length))).toEqual(expected);
  });
});
