import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JdeSimulator, type LedgerDocument, startJdeSimulator } from "./index.js";
import {
  balancedZDocument,
  STAND_IN_DIALECTS,
  selectAll,
  useStandInSimulator,
  writeZRows,
} from "./jde-database-test-helpers.js";
import { balancedDocument, JOURNAL_V3, login, postJson } from "./test-helpers.js";

type F0911Browse = Record<string, string | number>;

const RETURNED = ["DOC", "JELN", "AA", "DGJ", "PN", "FY", "ICU", "POST", "VINV"];

describe("control.ledger over the orchestration path", () => {
  let sim: JdeSimulator;
  let token: string;
  let first: LedgerDocument;
  let second: LedgerDocument;

  /** Two documents in two batches (EDBT M1 → #1001, M2 → #1002), processed by R09110Z. */
  beforeEach(async () => {
    sim = await startJdeSimulator({ processorIntervalMs: 3_600_000 });
    token = await login(sim);
    for (const [edbt, edtn, vinv] of [
      ["M1", "SHP1001", "#1001"],
      ["M2", "SHP1002", "#1002"],
    ] as const) {
      const rows = balancedDocument(edtn, { EDBT: edbt, VINV: vinv });
      const response = await postJson(sim, JOURNAL_V3, { EDBT: edbt, GridData: rows }, { token });
      expect(response.status).toBe(200);
    }
    await sim.control.runProcessor();
    [first, second] = sim.ledger.documents() as [LedgerDocument, LedgerDocument];
    expect(first.icu).not.toBe(second.icu);
  });
  afterEach(async () => {
    await sim.close();
  });

  /** F0911 through the AIS data service, as reconciliation reads it. */
  const browseLedger = async (vinv: string): Promise<F0911Browse[]> => {
    const response = await postJson(
      sim,
      "/jderest/v2/dataservice",
      {
        targetName: "F0911",
        targetType: "table",
        dataServiceType: "BROWSE",
        query: {
          matchType: "MATCH_ALL",
          condition: [{ controlId: "F0911.VINV", operator: "EQUAL", value: [{ content: vinv }] }],
        },
        returnControlIDs: RETURNED.map((alias) => `F0911.${alias}`).join("|"),
        orderBy: [{ column: "F0911.DOC" }, { column: "F0911.JELN" }],
      },
      { token },
    );
    expect(response.status).toBe(200);
    const form = response.body.fs_DATABROWSE_F0911 as { data: { gridData: { rowset: F0911Browse[] } } };
    return form.data.gridData.rowset.map((row) =>
      Object.fromEntries(RETURNED.map((alias) => [alias, row[`F0911_${alias}`]!])),
    );
  };
  const header = (icu: number) => sim.tables.F0011.find((h) => h.ICICU === icu)!;

  it("lose: the data service no longer returns the document's lines; the rest stays", async () => {
    expect(await browseLedger("#1001")).toHaveLength(3);
    await sim.control.ledger.lose(first);
    expect(await browseLedger("#1001")).toEqual([]);
    expect(await browseLedger("#1002")).toHaveLength(3);
    expect(sim.tables.F0911Z1.filter((row) => row.VNVINV === "#1001")).toHaveLength(3);
    expect(header(first.icu).ICNDO).toBe(0);
  });

  it("alter: the data service returns the new amounts, balanced or not", async () => {
    await sim.control.ledger.alter(first, [
      { jeln: 1, amountMinor: 10_750n },
      { jeln: 2, amountMinor: -9_950n },
    ]);
    expect((await browseLedger("#1001")).map((line) => line.AA)).toEqual([107.5, -99.5, -8]);
    // A bad manual edit: the document no longer nets to zero, and the knob allows it.
    await sim.control.ledger.alter(second, [{ jeln: 3, amountMinor: -700n }]);
    expect((await browseLedger("#1002")).map((line) => line.AA)).toEqual([108, -100, -7]);
  });

  it("duplicate: the same lines under a new DOC in the same batch", async () => {
    const { doc } = await sim.control.ledger.duplicate(first);
    expect(doc).not.toBe(first.doc);
    expect(doc).not.toBe(second.doc);
    const lines = await browseLedger("#1001");
    expect(lines.map((line) => line.DOC)).toEqual([first.doc, first.doc, first.doc, doc, doc, doc]);
    const strip = (line: F0911Browse) => ({ ...line, DOC: 0 });
    expect(lines.slice(3).map(strip)).toEqual(lines.slice(0, 3).map(strip));
    expect(new Set(lines.map((line) => line.ICU))).toEqual(new Set([first.icu]));
    expect(header(first.icu).ICNDO).toBe(2);
  });

  it("moveToPeriod: new G/L date, period and fiscal year", async () => {
    await sim.control.ledger.moveToPeriod(first, "2025-07-01");
    const lines = await browseLedger("#1001");
    expect(lines.map((line) => [line.DGJ, line.PN, line.FY])).toEqual(Array(3).fill(["20250701", 7, 25]));
    expect((await browseLedger("#1002"))[0]).toMatchObject({ DGJ: "20250630", PN: 6 });
  });

  it("leaveUnposted: the batch stays unposted through the processor and the G/L post", async () => {
    await sim.control.ledger.leaveUnposted({ icu: first.icu });
    await sim.control.runProcessor();
    expect(await sim.control.ledger.postBatches()).toEqual([second.icu]);
    expect((await browseLedger("#1001")).map((line) => String(line.POST).trim())).toEqual(["", "", ""]);
    expect((await browseLedger("#1002")).map((line) => line.POST)).toEqual(["P", "P", "P"]);
    expect([header(first.icu).ICIST, header(second.icu).ICIST]).toEqual(["A", "D"]);
    await sim.control.runProcessor();
    expect(await sim.control.ledger.postBatches()).toEqual([]);
    expect(sim.ledger.documents()[0]!.lines.every((line) => !line.posted)).toBe(true);
  });

  it("leaveUnposted on a posted batch takes the posting back", async () => {
    await sim.control.ledger.postBatches();
    await sim.control.ledger.leaveUnposted({ icu: second.icu });
    expect((await browseLedger("#1002")).map((line) => String(line.POST).trim())).toEqual(["", "", ""]);
    expect(header(second.icu).ICIST).toBe("A");
    expect(header(first.icu).ICIST).toBe("D");
  });

  it.each<[string, (sim: JdeSimulator, doc: LedgerDocument) => Promise<unknown>, RegExp]>([
    ["lose", (s, d) => s.control.ledger.lose(d), /F0911 has no document 00100 JE 999/],
    ["alter", (s, d) => s.control.ledger.alter(d, [{ jeln: 1, amountMinor: 1n }]), /no document/],
    ["duplicate", (s, d) => s.control.ledger.duplicate(d), /no document/],
    ["moveToPeriod", (s, d) => s.control.ledger.moveToPeriod(d, "2025-07-01"), /no document/],
  ])("%s of an unknown document throws and changes nothing", async (_name, knob, message) => {
    const before = structuredClone(sim.tables.F0911);
    await expect(knob(sim, { ...first, doc: 999 })).rejects.toThrow(message);
    expect(sim.tables.F0911).toEqual(before);
  });

  it.each<[string, (sim: JdeSimulator, doc: LedgerDocument) => Promise<unknown>, RegExp]>([
    ["an unknown batch", (s) => s.control.ledger.leaveUnposted({ icu: 999 }), /no JE batch 999/],
    ["an unknown line", (s, d) => s.control.ledger.alter(d, [{ jeln: 9, amountMinor: 1n }]), /no AA line 9/],
    ["no line changes", (s, d) => s.control.ledger.alter(d, []), /at least one line change/],
    ["a date that is not ISO", (s, d) => s.control.ledger.moveToPeriod(d, "07/01/2025"), /ISO date/],
    ["a date without a fiscal period", (s, d) => s.control.ledger.moveToPeriod(d, "2031-01-01"), /no fiscal/],
  ])("throws for %s and changes nothing", async (_name, knob, message) => {
    const before = structuredClone(sim.tables.F0911);
    await expect(knob(sim, first)).rejects.toThrow(message);
    expect(sim.tables.F0911).toEqual(before);
  });
});

describe.each(STAND_IN_DIALECTS)("control.ledger over the %s stand-in", (dialect) => {
  const stand = useStandInSimulator(dialect);

  it("changes the stand-in's F0911 and F0011 as it changes what AIS reads", async () => {
    let sim = await stand.start();
    await writeZRows(stand.writer, [
      ...balancedZDocument({ VNEDBT: "B1", VNEDTN: "T1", VNVINV: "#1" }),
      ...balancedZDocument({ VNEDBT: "B2", VNEDTN: "T2", VNVINV: "#2" }),
    ]);
    await sim.control.runProcessor();
    const [one, two] = sim.ledger.documents() as [LedgerDocument, LedgerDocument];
    const ledger = sim.control.ledger;
    const { doc: copy } = await ledger.duplicate(one);
    await ledger.alter({ ...one, doc: copy }, [{ jeln: 1, amountMinor: 10_000n }]);
    await ledger.moveToPeriod(one, "2025-07-15");
    await ledger.leaveUnposted({ icu: one.icu });
    expect(await ledger.postBatches()).toEqual([two.icu]);
    await ledger.lose(two);

    const stored = await selectAll(stand.writer, "F0911");
    expect(stored.map((l) => [l.GLDOC, l.GLJELN, l.GLAA, l.GLDGJ, l.GLPN, String(l.GLPOST).trim()])).toEqual([
      [one.doc, 1, 10800, 125196, 7, ""],
      [one.doc, 2, -10000, 125196, 7, ""],
      [one.doc, 3, -800, 125196, 7, ""],
      [copy, 1, 10000, 125181, 6, ""],
      [copy, 2, -10000, 125181, 6, ""],
      [copy, 3, -800, 125181, 6, ""],
    ]);
    const headers = await selectAll(stand.writer, "F0011");
    expect(headers.map((h) => [h.ICICU, h.ICIST, h.ICNDO])).toEqual([
      [one.icu, "A", 2],
      [two.icu, "D", 0],
    ]);

    // A restart reads the ledger back from the stand-in: the same documents as before it.
    const documents = sim.ledger.documents();
    await sim.close();
    sim = await stand.start();
    expect(sim.ledger.documents()).toEqual(documents);
  });
});
