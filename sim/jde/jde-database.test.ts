import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JDE_DATABASE_TABLES, openJdeDatabase, parseJdeDatabaseUrl } from "./index.js";
import {
  type DatabaseRecord,
  type FreshJdeDatabase,
  freshJdeDatabase,
  rawInsert,
  STAND_IN_DIALECTS,
  selectAll,
  writeZRows,
  zRow,
} from "./jde-database-test-helpers.js";

const without = (record: DatabaseRecord, column: string) => {
  const copy = { ...record };
  delete copy[column];
  return copy;
};

describe("JDE database table specs", () => {
  it("declares F0911Z1 with the physical columns of §6.3 and its four-part key", () => {
    const spec = JDE_DATABASE_TABLES.F0911Z1;
    const byName = new Map(spec.columns.map((c) => [c.name, `${c.kind}${c.length}`]));
    expect(spec.columns.length).toBeGreaterThan(180);
    expect(spec.columns.slice(0, 4).map((c) => c.name)).toEqual(["VNEDUS", "VNEDTY", "VNEDSQ", "VNEDTN"]);
    expect(spec.primaryKey).toEqual(["VNEDUS", "VNEDTN", "VNEDLN", "VNEDBT"]);
    expect(
      Object.fromEntries(
        ["VNEDUS", "VNEDTN", "VNEDBT", "VNMCU", "VNANI", "VNVINV", "VNR1"].map((n) => [n, byName.get(n)]),
      ),
    ).toEqual({
      VNEDUS: "char10",
      VNEDTN: "char22",
      VNEDBT: "char15",
      VNMCU: "char12",
      VNANI: "char29",
      VNVINV: "char25",
      VNR1: "char8",
    });
    expect([byName.get("VNAA"), byName.get("VNDGJ"), byName.get("VNEDLN"), byName.get("VNREG#")]).toEqual([
      "numeric15",
      "numeric6",
      "numeric7",
      "numeric8",
    ]);
    expect(byName.get("VNALTZ")).toBe("char1");
    expect(byName.get("VNDG#")).toBe("numeric2");
  });

  it("keys F0911 and F0011 as JDE does", () => {
    expect(JDE_DATABASE_TABLES.F0911.primaryKey).toEqual([
      "GLDCT",
      "GLDOC",
      "GLKCO",
      "GLDGJ",
      "GLJELN",
      "GLLT",
      "GLEXTL",
    ]);
    expect(JDE_DATABASE_TABLES.F0011.primaryKey).toEqual(["ICICUT", "ICICU"]);
  });

  it("parses the CLI's database URLs", () => {
    expect(parseJdeDatabaseUrl("sqlite:./data/jde.db")).toEqual({ dialect: "sqlite", url: "./data/jde.db" });
    expect(parseJdeDatabaseUrl("postgres://u@h/db")).toEqual({
      dialect: "postgres",
      url: "postgres://u@h/db",
    });
    expect(() => parseJdeDatabaseUrl("mysql://h/db")).toThrow(/sqlite:<file>/);
  });

  it("refuses an in-memory SQLite database, which no second connection could see", async () => {
    await expect(openJdeDatabase({ dialect: "sqlite", url: ":memory:" })).rejects.toThrow(/needs a file/);
  });
});

describe.each(STAND_IN_DIALECTS)("JDE database stand-in on %s", (dialect) => {
  let fresh: FreshJdeDatabase;
  beforeEach(async () => {
    fresh = await freshJdeDatabase(dialect);
  });
  afterEach(async () => {
    await fresh.dispose();
  });
  const insert = (record: DatabaseRecord) =>
    fresh.writer.runInTransaction([rawInsert(fresh.writer, "F0911Z1", record)]);

  it("stores a complete, blank-padded row written with an explicit column list", async () => {
    await writeZRows(fresh.writer, [zRow({ VNMCU: "100", VNAA: -10000 })]);
    const [row] = await selectAll(fresh.writer, "F0911Z1");
    expect(row).toMatchObject({
      VNEDUS: "SHOPIFY   ",
      VNEDLN: 1000,
      VNMCU: "         100",
      VNAA: -10000,
      VNEDSP: "0",
      "VNREG#": 0,
    });
  });

  it.each([
    ["a NULL", (row: DatabaseRecord) => ({ ...row, VNEXR: null })],
    ["a missing column", (row: DatabaseRecord) => without(row, "VNALTZ")],
    ["a float in a numeric column", (row: DatabaseRecord) => ({ ...row, VNAA: 123.45 })],
    ["text in a numeric column", (row: DatabaseRecord) => ({ ...row, VNAA: "12a" })],
    ["a number wider than its digits", (row: DatabaseRecord) => ({ ...row, VNDGJ: 1_251_810 })],
    ["a value wider than its CHAR", (row: DatabaseRecord) => ({ ...row, VNEDTN: "X".repeat(23) })],
  ])("rejects %s", async (_name, change) => {
    await expect(insert(change(zRow()))).rejects.toThrow();
    expect(await selectAll(fresh.writer, "F0911Z1")).toEqual([]);
  });

  it("rejects a second row with the same EDUS, EDTN, EDLN and EDBT", async () => {
    await insert(zRow());
    await expect(insert(zRow({ VNANI: "100.4100" }))).rejects.toThrow();
    await insert(zRow({ VNEDBT: "20250630B" }));
  });

  it("rolls a failing batch back whole", async () => {
    await expect(
      writeZRows(fresh.writer, [zRow(), { ...zRow({ VNEDLN: 2000 }), VNAA: 1.5 }]),
    ).rejects.toThrow();
    expect(await selectAll(fresh.writer, "F0911Z1")).toEqual([]);
  });

  it("keeps its rows when opened again (tables are created only if missing)", async () => {
    await insert(zRow());
    const again = await openJdeDatabase(fresh.options);
    try {
      expect(await selectAll(again, "F0911Z1")).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  // The engines differ here, so each registers only its own behaviour (nothing shows as skipped).
  if (dialect === "sqlite")
    it.each([
      ["unpadded", "SHOPIFY"],
      ["empty (Oracle reads '' as NULL)", ""],
    ])("rejects an %s CHAR value", async (_name, value) => {
      await expect(insert({ ...zRow(), VNEDUS: value })).rejects.toThrow(/CHECK constraint/);
    });
  else
    it("pads a short CHAR value itself, as CHAR(n) does", async () => {
      await insert({ ...zRow(), VNEDUS: "SHOPIFY" });
      const [row] = await selectAll(fresh.writer, "F0911Z1");
      expect(row?.VNEDUS).toBe("SHOPIFY   ");
      expect(fresh.writer.tableName("F0911Z1")).toBe(`"${fresh.options.owner}"."F0911Z1"`);
    });
});
