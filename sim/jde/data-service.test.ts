import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "./index.js";
import { balancedDocument, CUSTOMER_V3, customerRow, JOURNAL_V3, login, postJson } from "./test-helpers.js";

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

describe("data service on the customer tables (docs/customers.md §3 look-ups)", () => {
  let sim: JdeSimulator;
  let token: string;
  beforeAll(async () => {
    sim = await startJdeSimulator({ processorIntervalMs: 3_600_000 });
    token = await login(sim);
    const customers = [
      customerRow({ REF: "1", ALKY: "SH1", EMAL: "ada@example.com", ACL: "2500.5" }),
      customerRow({ REF: "2", ALKY: "SH2", EMAL: "Ada@Example.com" }),
      customerRow({ REF: "3", ALKY: "SH3", EMAL: "family@example.com" }),
      customerRow({ REF: "4", ALKY: "SH4", EMAL: "family@example.com", AT1: "V" }),
    ];
    await postJson(sim, CUSTOMER_V3, { Customers: customers }, { token });
  });
  afterAll(async () => {
    await sim.close();
  });

  const rows = async (targetName: string, condition: Condition[], returnControlIDs: string) => {
    const response = await postJson(
      sim,
      "/jderest/v2/dataservice",
      {
        targetName,
        targetType: "table",
        dataServiceType: "BROWSE",
        returnControlIDs,
        maxPageSize: "200",
        query: { autoFind: true, matchType: "MATCH_ALL", condition },
      },
      { token },
    );
    expect(response.status).toBe(200);
    return (response.body[`fs_DATABROWSE_${targetName}`] as { data: { gridData: { rowset: unknown[] } } })
      .data.gridData.rowset;
  };

  it("finds F0101 records by an ALKY LIST and search type EQUAL", async () => {
    const found = await rows(
      "F0101",
      [
        { controlId: "F0101.ALKY", operator: "LIST", value: literal("SH1", "SH4", "SH9") },
        { controlId: "F0101.AT1", operator: "EQUAL", value: literal("C") },
      ],
      "F0101.AN8|F0101.ALKY|F0101.AT1|F0101.ALPH",
    );
    expect(found).toEqual([
      { F0101_AN8: 90_001, F0101_ALKY: "SH1", F0101_AT1: "C", F0101_ALPH: "Ada Lovelace" },
    ]);
  });

  it("finds F01151 e-mails by an EMAL LIST, exactly (JDE compares case-sensitively)", async () => {
    const found = await rows(
      "F01151",
      [
        {
          controlId: "F01151.EMAL",
          operator: "LIST",
          value: literal("ada@example.com", "family@example.com"),
        },
        { controlId: "F01151.ETP", operator: "EQUAL", value: literal("E") },
      ],
      "F01151.AN8|F01151.IDLN|F01151.RCK7|F01151.ETP|F01151.EMAL",
    );
    expect(found).toEqual([
      { F01151_AN8: 90_001, F01151_IDLN: 0, F01151_RCK7: 1, F01151_ETP: "E", F01151_EMAL: "ada@example.com" },
      {
        F01151_AN8: 90_003,
        F01151_IDLN: 0,
        F01151_RCK7: 1,
        F01151_ETP: "E",
        F01151_EMAL: "family@example.com",
      },
      {
        F01151_AN8: 90_004,
        F01151_IDLN: 0,
        F01151_RCK7: 1,
        F01151_ETP: "E",
        F01151_EMAL: "family@example.com",
      },
    ]);
    const upper = [{ controlId: "F01151.EMAL", operator: "EQUAL", value: literal("ADA@EXAMPLE.COM") }];
    expect(await rows("F01151", upper, "F01151.AN8")).toEqual([]);
  });

  it("reads the F0101 rows of the AN8s found by an AN8 LIST", async () => {
    const found = await rows(
      "F0101",
      [{ controlId: "F0101.AN8", operator: "LIST", value: literal("90003", "90004") }],
      "F0101.AN8|F0101.ALKY|F0101.AT1",
    );
    expect(found).toEqual([
      { F0101_AN8: 90_003, F0101_ALKY: "SH3", F0101_AT1: "C" },
      { F0101_AN8: 90_004, F0101_ALKY: "SH4", F0101_AT1: "V" },
    ]);
  });

  it("shows F0116, F0115, F0111 and F03012 in display form", async () => {
    const an8 = [{ controlId: "", operator: "EQUAL", value: literal("90001") }];
    const by = (table: string) => an8.map((c) => ({ ...c, controlId: `${table}.AN8` }));
    expect(await rows("F0116", by("F0116"), "F0116.ADD1|F0116.CTY1|F0116.ADDZ|F0116.CTR")).toEqual([
      { F0116_ADD1: "12 St James's Sq", F0116_CTY1: "London", F0116_ADDZ: "SW1Y 4JH", F0116_CTR: "GB" },
    ]);
    expect(await rows("F0115", by("F0115"), "F0115.IDLN|F0115.AR1|F0115.PH1")).toEqual([
      { F0115_IDLN: 0, F0115_AR1: "", F0115_PH1: "+442079460000" },
    ]);
    expect(await rows("F0111", by("F0111"), "F0111.IDLN|F0111.MLNM")).toEqual([
      { F0111_IDLN: 0, F0111_MLNM: "Ada Lovelace" },
    ]);
    expect(await rows("F03012", by("F03012"), "F03012.CO|F03012.CRCD|F03012.TRAR|F03012.ACL")).toEqual([
      { F03012_CO: "00100", F03012_CRCD: "USD", F03012_TRAR: "N30", F03012_ACL: 2500.5 },
    ]);
    expect(sim.stats().dataServiceByTable).toMatchObject({ F0116: 1, F0115: 1, F0111: 1, F03012: 1 });
  });
});
