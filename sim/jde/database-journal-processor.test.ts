import { describe, expect, it } from "vitest";
import type { JdeSimulatorOptions } from "./index.js";
import { insertStatement } from "./jde-database-rows.js";
import {
  balancedZDocument,
  type DatabaseRecord,
  STAND_IN_DIALECTS,
  selectAll,
  useStandInSimulator,
  writeZRows,
  zDocument,
  zRow,
} from "./jde-database-test-helpers.js";

const trimmed = (records: DatabaseRecord[], column: string) => records.map((r) => String(r[column]).trim());

describe.each(STAND_IN_DIALECTS)("R09110Z over the %s stand-in", (dialect) => {
  const stand = useStandInSimulator(dialect);

  it("turns a balanced document written by another connection into F0911 lines and an F0011 batch", async () => {
    const jde = await stand.start();
    await writeZRows(stand.writer, balancedZDocument());
    await jde.control.runProcessor();
    const staged = await selectAll(stand.writer, "F0911Z1");
    expect(staged.map((r) => [r.VNEDSP, r.VNDOC, r.VNICU])).toEqual([
      ["1", 26_000_001, 70_001],
      ["1", 26_000_001, 70_001],
      ["1", 26_000_001, 70_001],
    ]);
    const ledger = await selectAll(stand.writer, "F0911");
    expect(ledger.map((l) => [l.GLJELN, l.GLAA, l.GLOBJ])).toEqual([
      [1, 10800, "1130  "],
      [2, -10000, "4100  "],
      [3, -800, "2110  "],
    ]);
    expect(ledger[0]).toMatchObject({
      GLKCO: "00100",
      GLDCT: "JE",
      GLDGJ: 125181,
      GLLT: "AA",
      GLICU: 70_001,
      GLICUT: "G ",
      GLMCU: "         100",
      GLPOST: " ",
      GLVINV: "#1001".padEnd(25),
      GLPN: 6,
    });
    expect(await selectAll(stand.writer, "F0011")).toEqual([
      expect.objectContaining({ ICICUT: "G ", ICICU: 70_001, ICIST: "A", ICNDO: 1 }),
    ]);
    expect(jde.ledger.documents()).toEqual([expect.objectContaining({ doc: 26_000_001, vinv: "#1001" })]);
    expect(jde.tables.F0911Z1.map((row) => row.VNEDSP)).toEqual(["1", "1", "1"]);
    expect(jde.stats()).toMatchObject({ processorCycles: 1, processorRuns: 1, processorErrors: 0 });
  });

  it.each<[string, DatabaseRecord[], string, JdeSimulatorOptions?]>([
    [
      "an unbalanced",
      zDocument([
        ["100.1130", 1000],
        ["100.4100", -999],
      ]),
      "0019",
    ],
    [
      "an unknown-account",
      zDocument([
        ["100.9999", 100],
        ["100.4100", -100],
      ]),
      "0025",
    ],
    [
      "a non-posting-account",
      zDocument([
        ["100.4000", 100],
        ["100.1130", -100],
      ]),
      "0026",
    ],
    ["a left-justified-MCU", [{ ...zRow({ VNAA: 0 }), VNMCU: "100".padEnd(12) }], "0004"],
    ["a non-A-action", zDocument([["100.1130", 0]], { VNEDTC: "D" }), "0041"],
    [
      "a closed-period",
      balancedZDocument(),
      "PBCO",
      { enforceGlDateWindow: true, nowMs: () => Date.UTC(2025, 10, 27) },
    ],
  ])(
    "leaves %s document at EDSP '0' with its errors and processes the good one",
    async (_name, bad, code, options) => {
      const jde = await stand.start(options);
      const good = options ? [] : balancedZDocument({ VNEDTN: "GOOD" });
      await writeZRows(stand.writer, [...bad.map((row) => ({ ...row, VNEDTN: "BAD".padEnd(22) })), ...good]);
      await jde.control.runProcessor();
      const staged = await selectAll(stand.writer, "F0911Z1");
      expect(staged.filter((r) => String(r.VNEDTN).trim() === "BAD").map((r) => r.VNEDSP)).toEqual(
        bad.map(() => "0"),
      );
      expect(jde.stagingErrors()).toEqual([
        {
          EDUS: "SHOPIFY",
          EDBT: "20250630A",
          EDTN: "BAD",
          errors: expect.arrayContaining([expect.objectContaining({ CODE: code })]),
        },
      ]);
      const ledger = await selectAll(stand.writer, "F0911");
      expect(ledger).toHaveLength(good.length);
      await jde.control.runProcessor();
      expect(await selectAll(stand.writer, "F0911")).toHaveLength(good.length);
    },
  );

  it("rejects a pre-assigned DOC that F0911 already holds", async () => {
    const jde = await stand.start();
    await writeZRows(stand.writer, balancedZDocument({ VNEDTN: "FIRST", VNDOC: 555 }));
    await jde.control.runProcessor();
    await writeZRows(stand.writer, balancedZDocument({ VNEDTN: "AGAIN", VNDOC: 555 }));
    await jde.control.runProcessor();
    expect(jde.stagingErrors()[0]?.errors.map((e) => e.CODE)).toEqual(["4145"]);
    expect(trimmed(await selectAll(stand.writer, "F0911"), "GLDOC")).toEqual(["555", "555", "555"]);
  });

  it("opens one JDE batch (ICU) per EDBT value", async () => {
    const jde = await stand.start();
    await writeZRows(stand.writer, [
      ...balancedZDocument({ VNEDTN: "A1", VNEDBT: "B1" }),
      ...balancedZDocument({ VNEDTN: "A2", VNEDBT: "B1" }),
      ...balancedZDocument({ VNEDTN: "A3", VNEDBT: "B2" }),
    ]);
    await jde.control.runProcessor();
    const batches = await selectAll(stand.writer, "F0011");
    expect(batches.map((b) => [b.ICICU, b.ICNDO])).toEqual([
      [70_001, 2],
      [70_002, 1],
    ]);
    const ledger = await selectAll(stand.writer, "F0911");
    expect(new Set(ledger.map((l) => `${l.GLDOC}/${l.GLICU}`))).toEqual(
      new Set(["26000001/70001", "26000002/70001", "26000003/70002"]),
    );
  });

  it("leaves rows at EDSP '0' while paused and processes them on resume", async () => {
    const jde = await stand.start({ processorIntervalMs: 10 });
    jde.control.pauseProcessor();
    await jde.control.runProcessor(); // waits out a cycle that was already running
    const cycles = jde.control.processorCycles();
    const ticks = jde.stats().processorPausedTicks;
    await writeZRows(stand.writer, balancedZDocument());
    await expect.poll(() => jde.stats().processorPausedTicks, { timeout: 2_000 }).toBeGreaterThan(ticks + 3);
    expect(jde.control.processorCycles()).toBe(cycles);
    expect(trimmed(await selectAll(stand.writer, "F0911Z1"), "VNEDSP")).toEqual(["0", "0", "0"]);
    jde.control.resumeProcessor();
    await expect
      .poll(async () => trimmed(await selectAll(stand.writer, "F0911Z1"), "VNEDSP"), { timeout: 5_000 })
      .toEqual(["1", "1", "1"]);
    expect(jde.control.processorCycles()).toBeGreaterThan(cycles);
  });

  it("continues document and batch numbers from what the database already holds", async () => {
    const first = await stand.start();
    await writeZRows(stand.writer, balancedZDocument({ VNEDTN: "S1" }));
    await first.control.runProcessor();
    await first.close();
    const second = await stand.start();
    expect(second.ledger.documents().map((d) => d.doc)).toEqual([26_000_001]);
    await writeZRows(stand.writer, balancedZDocument({ VNEDTN: "S2" }));
    await second.control.runProcessor();
    expect(second.ledger.documents().map((d) => [d.doc, d.icu])).toEqual([
      [26_000_001, 70_001],
      [26_000_002, 70_002],
    ]);
  });

  it("takes a cycle back when its database write fails, and retries it", async () => {
    const jde = await stand.start();
    const clash = { GLKCO: "00100", GLDCT: "JE", GLDOC: 26_000_001, GLDGJ: 125181, GLJELN: 1, GLLT: "AA" };
    await stand.writer.runInTransaction([insertStatement(stand.writer, "F0911", clash)]);
    await writeZRows(stand.writer, balancedZDocument());
    await expect(jde.control.runProcessor()).rejects.toThrow();
    expect(jde.stats().processorErrors).toBe(1);
    expect(jde.tables.F0911).toEqual([]);
    expect(trimmed(await selectAll(stand.writer, "F0911Z1"), "VNEDSP")).toEqual(["0", "0", "0"]);
    await jde.control.runProcessor();
    expect(jde.ledger.documents().map((d) => d.doc)).toEqual([26_000_002]);
    expect(jde.tables.F0911Z1).toHaveLength(3);
  });
});
