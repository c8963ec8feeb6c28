import { afterEach, describe, expect, it } from "vitest";
import { type JdeSimulator, type JdeSimulatorOptions, startJdeSimulator } from "./index.js";
import { balancedDocument, gridRow, JOURNAL_V3, login, postJson } from "./test-helpers.js";

interface DocumentAnswer {
  EDTN: string;
  status: string;
  DOC?: number | string;
  ICU?: number | string;
  errors?: { CODE: string; DESC: string }[];
}

describe("MLC_JournalEntryBatch orchestration", () => {
  let sim: JdeSimulator;
  let token: string;
  const start = async (options: JdeSimulatorOptions) => {
    sim = await startJdeSimulator({ processorIntervalMs: 3_600_000, ...options });
    token = await login(sim);
  };
  const post = async (rows: Record<string, string>[], path = JOURNAL_V3) => {
    const response = await postJson(sim, path, { EDBT: "M000042", GridData: rows }, { token });
    expect(response.status).toBe(200);
    return response.body as { Documents: DocumentAnswer[]; jde__status: string; jde__simpleMessage: string };
  };
  afterEach(async () => {
    await sim.close();
  });

  it("accepts a balanced 3-line document in sync mode with DOC and ICU", async () => {
    await start({ processing: "sync" });
    const body = await post(balancedDocument());
    expect(body.jde__status).toBe("SUCCESS");
    expect(body).toHaveProperty("jde__serverExecutionSeconds");
    const [document] = body.Documents;
    expect(document).toMatchObject({ EDTN: "SHP1001", status: "accepted", DOC: 26_000_001, ICU: 70_001 });
    expect(sim.tables.F0911.map((l) => [l.GLJELN, l.GLAA])).toEqual([
      [1, 10800n],
      [2, -10000n],
      [3, -800n],
    ]);
    expect(sim.tables.F0011).toHaveLength(1);
    expect(sim.tables.F0911Z1.every((row) => row.VNEDSP === "1")).toBe(true);
  });

  it("stages rows in F0911Z1 storage form, then the processor writes F0911 and F0011", async () => {
    await start({ processing: "staged" });
    const body = await post(balancedDocument());
    expect(body.Documents).toEqual([{ EDTN: "SHP1001", status: "staged" }]);
    expect(sim.tables.F0911).toHaveLength(0);
    expect(sim.tables.F0911Z1[1]).toMatchObject({
      VNEDUS: "SHOPIFY",
      VNEDTN: "SHP1001",
      VNEDLN: 2000,
      VNEDBT: "M000042",
      VNEDSP: "0",
      VNEDTC: "A",
      VNEDTR: "J",
      VNDGJ: 125181,
      VNAA: -10000n,
      VNMCU: "         100",
      VNOBJ: "4100",
      VNANI: "100.4100",
      VNLT: "AA",
    });
    await sim.control.runProcessor();
    expect(sim.tables.F0911Z1.map((row) => row.VNEDSP)).toEqual(["1", "1", "1"]);
    expect(sim.tables.F0911[0]).toMatchObject({
      GLKCO: "00100",
      GLDCT: "JE",
      GLDOC: 26_000_001,
      GLDGJ: 125181,
      GLJELN: 1,
      GLLT: "AA",
      GLPOST: " ",
      GLICU: 70_001,
      GLICUT: "G",
      GLMCU: "         100",
      GLOBJ: "1130",
      GLAA: 10800n,
      GLCRCD: "USD",
      GLVINV: "#1001",
      GLEXA: "Shopify #1001",
      GLPN: 6,
      GLFY: 25,
    });
    expect(sim.tables.F0011).toEqual([
      expect.objectContaining({ ICICUT: "G", ICICU: 70_001, ICIST: "A", ICNDO: 1 }),
    ]);
    expect(sim.stats().processorRuns).toBe(1);
  });

  it("processes staged rows on its own timer", async () => {
    sim = await startJdeSimulator({ processorIntervalMs: 10 });
    token = await login(sim);
    await post(balancedDocument());
    await expect.poll(() => sim.tables.F0911.length, { timeout: 2_000, interval: 10 }).toBe(3);
  });

  it.each([
    [
      "unbalanced",
      [
        gridRow({ EDTN: "BAD", AA: "10.00" }),
        gridRow({ EDTN: "BAD", EDLN: "2", ANI: "100.4100", AA: "-9.99" }),
      ],
      "0019",
    ],
    [
      "unknown account",
      [
        gridRow({ EDTN: "BAD", ANI: "100.9999", AA: "1" }),
        gridRow({ EDTN: "BAD", EDLN: "2", ANI: "100.4100", AA: "-1" }),
      ],
      "0025",
    ],
    [
      "non-posting account",
      [gridRow({ EDTN: "BAD", ANI: "100.4000", AA: "1" }), gridRow({ EDTN: "BAD", EDLN: "2", AA: "-1" })],
      "0026",
    ],
    [
      "BU of another company",
      [gridRow({ EDTN: "BAD", ANI: "900.4100", AA: "1" }), gridRow({ EDTN: "BAD", EDLN: "2", AA: "-1" })],
      "0011",
    ],
    [
      "non-posting BU",
      [gridRow({ EDTN: "BAD", ANI: "190.4100", AA: "1" }), gridRow({ EDTN: "BAD", EDLN: "2", AA: "-1" })],
      "0008",
    ],
    [
      "too many decimals",
      [
        gridRow({ EDTN: "BAD", AA: "1.005" }),
        gridRow({ EDTN: "BAD", EDLN: "2", ANI: "100.4100", AA: "-1.005" }),
      ],
      "0013",
    ],
    [
      "bad date",
      [
        gridRow({ EDTN: "BAD", DGJ: "31/12/2025", AA: "1" }),
        gridRow({ EDTN: "BAD", EDLN: "2", DGJ: "31/12/2025", AA: "-1" }),
      ],
      "0029",
    ],
    ["EDTN over 22 chars", [gridRow({ EDTN: "X".repeat(23), AA: "0" })], "0032"],
    ["unknown company", [gridRow({ EDTN: "BAD", KCO: "00999", AA: "0" })], "0010"],
  ])("rejects a %s document while a good one in the batch is still processed", async (_name, bad, code) => {
    await start({ processing: "sync" });
    const body = await post([...bad, ...balancedDocument("GOOD1")]);
    expect(body.jde__status).toBe("ERROR");
    const rejected = body.Documents.find((d) => d.status === "rejected");
    expect(rejected?.errors?.map((e) => e.CODE)).toContain(code);
    expect(body.Documents.find((d) => d.EDTN === "GOOD1")).toMatchObject({ status: "accepted" });
    expect(sim.tables.F0911.every((line) => line.GLDOC === 26_000_001)).toBe(true);
    expect(sim.tables.F0911Z1.filter((row) => row.VNEDTN !== "GOOD1")).toHaveLength(0);
  });

  it("rejects a duplicate EDUS/EDTN/EDLN/EDBT key but accepts the same document in a new batch", async () => {
    await start({ processing: "staged" });
    await post(balancedDocument());
    const again = await post(balancedDocument());
    expect(again.jde__status).toBe("ERROR");
    expect(again.Documents[0]?.errors?.[0]?.CODE).toBe("4145");
    const newBatch = await post(balancedDocument("SHP1001", { EDBT: "M000043" }));
    expect(newBatch.Documents[0]?.status).toBe("staged");
    expect(sim.tables.F0911Z1).toHaveLength(6);
  });

  it("keeps failing rows at EDSP 0 with errors in the P0911Z1-like list", async () => {
    await start({ processing: "staged" });
    await post([...balancedDocument("A1"), ...balancedDocument("A2")]);
    sim.control.rejectOnProcess("A2");
    await sim.control.runProcessor();
    expect(sim.tables.F0911Z1.filter((row) => row.VNEDSP === "0").map((row) => row.VNEDTN)).toEqual([
      "A2",
      "A2",
      "A2",
    ]);
    expect(sim.stagingErrors()).toEqual([
      { EDUS: "SHOPIFY", EDBT: "M000042", EDTN: "A2", errors: [expect.objectContaining({ CODE: "0099" })] },
    ]);
    await sim.control.runProcessor();
    expect(sim.stagingErrors()).toEqual([]);
    expect(sim.ledger.documents().map((d) => d.doc)).toEqual([26_000_001, 26_000_002]);
    expect(sim.tables.F0011.map((b) => b.ICICU)).toEqual([70_001, 70_002]);
  });

  it("accepts the v2 JDE Standard detailInputs form and answers strings", async () => {
    await start({ processing: "sync" });
    const repeatingInputs = balancedDocument().map((row) => ({
      inputs: Object.entries(row).map(([name, value]) => ({ name, value })),
    }));
    const response = await postJson(
      sim,
      "/jderest/v2/orchestrator/MLC_JournalEntryBatch",
      { inputs: [{ name: "EDBT", value: "M000042" }], detailInputs: [{ name: "GridData", repeatingInputs }] },
      { token },
    );
    expect(response.status).toBe(200);
    expect(response.body.Documents).toEqual([
      { EDTN: "SHP1001", status: "accepted", DOC: "26000001", ICU: "70001" },
    ]);
    expect(typeof response.body.jde__serverExecutionSeconds).toBe("string");
  });

  it("answers 404 with a ServiceErrorResponse for an unknown orchestration", async () => {
    await start({ processing: "sync" });
    const response = await postJson(sim, "/jderest/v3/orchestrator/MLC_Nope", {}, { token });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ message: "Orchestration MLC_Nope not found", status: "ERROR" });
  });

  it("sums F0911 by reference in exact minor units", async () => {
    await start({ processing: "sync" });
    await post(balancedDocument("S1", { VINV: "#1042" }));
    await post([
      gridRow({ EDTN: "S2", EDLN: "1", ANI: "100.1115", AA: "108.00", VINV: "#1042" }),
      gridRow({ EDTN: "S2", EDLN: "2", ANI: "100.1130", AA: "-108.00", VINV: "#1042" }),
    ]);
    expect(sim.ledger.sumsByReference("#1042")).toEqual(
      new Map([
        ["100.1130", 0n],
        ["100.4100", -10000n],
        ["100.2110", -800n],
        ["100.1115", 10800n],
      ]),
    );
    expect(sim.ledger.documents()[0]).toMatchObject({
      kco: "00100",
      dct: "JE",
      dgj: "2025-06-30",
      vinv: "#1042",
    });
  });

  it.each([
    ["JPY", 0, "1500", -1500n, "1500.5"],
    ["KWD", 3, "12.345", -12345n, "12.3451"],
  ])("stores %s amounts with %i implied decimals", async (currency, _decimals, amount, minor, tooFine) => {
    await start({ processing: "sync" });
    sim.tables.F0010[0]!.CCCRCD = currency;
    const body = await post([
      gridRow({ EDTN: "C1", CRCD: currency, AA: amount }),
      gridRow({ EDTN: "C1", EDLN: "2", ANI: "100.4100", CRCD: currency, AA: `-${amount}` }),
    ]);
    expect(body.Documents[0]?.status).toBe("accepted");
    expect(sim.tables.F0911[1]?.GLAA).toBe(minor);
    const tooPrecise = await post([
      gridRow({ EDTN: "C2", CRCD: currency, AA: tooFine }),
      gridRow({ EDTN: "C2", EDLN: "2", ANI: "100.4100", CRCD: currency, AA: "0" }),
    ]);
    expect(tooPrecise.Documents[0]?.errors?.map((e) => e.CODE)).toContain("0013");
  });

  it("rejects G/L dates outside the open window when enforced", async () => {
    await start({ processing: "sync", enforceGlDateWindow: true, nowMs: () => Date.UTC(2026, 10, 27) });
    const early = await post(balancedDocument("OLD", { DGJ: "10/15/2026" }));
    expect(early.Documents[0]?.errors?.map((e) => e.CODE)).toEqual(["PBCO"]);
    const prior = await post(balancedDocument("PRIOR", { DGJ: "06/30/2025" }));
    expect(prior.Documents[0]?.errors?.map((e) => e.CODE)).toEqual(["PYEB"]);
    const late = await post(balancedDocument("LATE", { DGJ: "01/15/2027" }));
    expect(late.Documents[0]?.errors?.map((e) => e.CODE)).toEqual(["PACO"]);
    const open = await post(balancedDocument("OPEN", { DGJ: "12/31/2026" }));
    expect(open.Documents[0]?.status).toBe("accepted");
  });
});
