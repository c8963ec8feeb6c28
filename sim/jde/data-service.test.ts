import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "./index.js";
import { balancedDocument, JOURNAL_V3, login, postJson } from "./test-helpers.js";

type Condition = {
  controlId: string;
  operator: string;
  value?: { content: string; specialValueId: string }[];
};

const literal = (...contents: string[]) =>
  contents.map((content) => ({ content, specialValueId: "LITERAL" }));

describe("data service", () => {
  let sim: JdeSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await startJdeSimulator({ processing: "sync" });
    token = await login(sim);
    await postJson(sim, JOURNAL_V3, { GridData: balancedDocument("S1", { VINV: "SHP-1001" }) }, { token });
    await postJson(sim, JOURNAL_V3, { GridData: balancedDocument("S2", { VINV: "SHP-1002" }) }, { token });
  });
  afterAll(async () => {
    await sim.close();
  });

  const browse = async (
    targetName: string,
    condition: Condition[],
    extra: Record<string, unknown> = {},
  ): Promise<{ rowset: Record<string, unknown>[]; summary: { records: number; moreRecords: boolean } }> => {
    const response = await postJson(
      sim,
      "/jderest/v2/dataservice",
      {
        targetName,
        targetType: "table",
        dataServiceType: "BROWSE",
        query: { autoFind: true, matchType: "MATCH_ALL", condition },
        ...extra,
      },
      { token },
    );
    expect(response.status).toBe(200);
    const form = response.body[`fs_DATABROWSE_${targetName}`] as { data: { gridData: never } };
    return form.data.gridData;
  };

  it.each(["100", "         100"])("finds an F0901 account by MCU %j and OBJ", async (mcu) => {
    const grid = await browse(
      "F0901",
      [
        { controlId: "F0901.MCU", operator: "EQUAL", value: literal(mcu) },
        { controlId: "F0901.OBJ", operator: "EQUAL", value: literal("4100") },
      ],
      { returnControlIDs: "F0901.CO|F0901.MCU|F0901.OBJ|F0901.SUB|F0901.AID|F0901.PEC" },
    );
    expect(grid.rowset).toEqual([
      {
        F0901_CO: "00100",
        F0901_MCU: "         100",
        F0901_OBJ: "4100",
        F0901_SUB: "",
        F0901_AID: expect.stringMatching(/^\d{8}$/),
        F0901_PEC: " ",
      },
    ]);
    expect(grid.summary).toEqual({ records: 1, moreRecords: false });
  });

  it("finds F0911 lines by DCT and VINV with real decimals and yyyyMMdd dates", async () => {
    const grid = await browse(
      "F0911",
      [
        { controlId: "F0911.DCT", operator: "EQUAL", value: literal("JE") },
        { controlId: "F0911.VINV", operator: "EQUAL", value: literal("SHP-1002") },
      ],
      {
        returnControlIDs: "F0911.KCO|F0911.DCT|F0911.DOC|F0911.DGJ|F0911.ICU|F0911.POST|F0911.AA|F0911.VINV",
      },
    );
    expect(grid.rowset.map((row) => row.F0911_AA)).toEqual([108, -100, -8]);
    expect(grid.rowset[0]).toMatchObject({
      F0911_DOC: 26_000_002,
      F0911_DGJ: "20250630",
      F0911_KCO: "00100",
    });
  });

  it.each<[string, Condition[], string, number]>([
    [
      "LIST",
      [{ controlId: "F0911.VINV", operator: "LIST", value: literal("SHP-1001", "SHP-1002") }],
      "MATCH_ALL",
      6,
    ],
    [
      "BETWEEN amounts",
      [{ controlId: "F0911.AA", operator: "BETWEEN", value: literal("-10", "108.00") }],
      "MATCH_ALL",
      4,
    ],
    ["GREATER amount", [{ controlId: "F0911.AA", operator: "GREATER", value: literal("0") }], "MATCH_ALL", 2],
    [
      "STR_START_WITH",
      [{ controlId: "F0911.VINV", operator: "STR_START_WITH", value: literal("SHP-100") }],
      "MATCH_ALL",
      6,
    ],
    [
      "STR_CONTAIN",
      [{ controlId: "F0911.EXA", operator: "STR_CONTAIN", value: literal("#1001") }],
      "MATCH_ALL",
      6,
    ],
    ["STR_BLANK", [{ controlId: "F0911.SUB", operator: "STR_BLANK" }], "MATCH_ALL", 6],
    [
      "NOT_EQUAL",
      [{ controlId: "F0911.OBJ", operator: "NOT_EQUAL", value: literal("1130") }],
      "MATCH_ALL",
      4,
    ],
    [
      "date EQUAL (MM/dd/yyyy)",
      [{ controlId: "F0911.DGJ", operator: "EQUAL", value: literal("06/30/2025") }],
      "MATCH_ALL",
      6,
    ],
    [
      "date LESS (Julian)",
      [{ controlId: "F0911.DGJ", operator: "LESS", value: literal("125181") }],
      "MATCH_ALL",
      0,
    ],
    [
      "MATCH_ANY",
      [
        { controlId: "F0911.OBJ", operator: "EQUAL", value: literal("4100") },
        { controlId: "F0911.OBJ", operator: "EQUAL", value: literal("2110") },
      ],
      "MATCH_ANY",
      4,
    ],
  ])("filters with %s", async (_name, condition, matchType, count) => {
    const response = await postJson(
      sim,
      "/jderest/v2/dataservice",
      { targetName: "F0911", targetType: "table", query: { matchType, condition } },
      { token },
    );
    const form = response.body.fs_DATABROWSE_F0911 as { data: { gridData: { rowset: unknown[] } } };
    expect(form.data.gridData.rowset).toHaveLength(count);
  });

  it("pages with maxPageSize, orders, and counts", async () => {
    const page = await browse("F0911", [], {
      maxPageSize: "2",
      returnControlIDs: "F0911.DOC|F0911.JELN",
      orderBy: [{ column: "F0911.DOC", direction: "DESC" }],
    });
    expect(page.rowset).toEqual([
      { F0911_DOC: 26_000_002, F0911_JELN: 1 },
      { F0911_DOC: 26_000_002, F0911_JELN: 2 },
    ]);
    expect(page.summary).toEqual({ records: 2, moreRecords: true });
    const count = await postJson(
      sim,
      "/jderest/v2/dataservice",
      { targetName: "F0911Z1", targetType: "table", dataServiceType: "COUNT" },
      { token },
    );
    expect(count.body.fs_DATABROWSE_F0911Z1).toMatchObject({ data: { totalCount: 6 } });
  });

  it("shows F0911Z1 line numbers in display form and reads F0013 decimals", async () => {
    const z = await browse(
      "F0911Z1",
      [{ controlId: "F0911Z1.EDTN", operator: "EQUAL", value: literal("S1") }],
      {
        returnControlIDs: "F0911Z1.EDLN|F0911Z1.EDSP|F0911Z1.DOC",
      },
    );
    expect(z.rowset).toEqual([
      { F0911Z1_EDLN: 1, F0911Z1_EDSP: "1", F0911Z1_DOC: 26_000_001 },
      { F0911Z1_EDLN: 2, F0911Z1_EDSP: "1", F0911Z1_DOC: 26_000_001 },
      { F0911Z1_EDLN: 3, F0911Z1_EDSP: "1", F0911Z1_DOC: 26_000_001 },
    ]);
    const currencies = await browse("F0013", [
      { controlId: "F0013.CRCD", operator: "LIST", value: literal("JPY", "KWD") },
    ]);
    expect(currencies.rowset.map((row) => [row.F0013_CRCD, row.F0013_CDEC])).toEqual([
      ["JPY", 0],
      ["KWD", 3],
    ]);
  });

  it("answers 500 with a ServiceErrorResponse for an unknown table", async () => {
    const response = await postJson(
      sim,
      "/jderest/v2/dataservice",
      { targetName: "F4211", targetType: "table" },
      { token },
    );
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ status: "ERROR" });
  });
});
