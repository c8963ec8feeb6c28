import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "./index.js";
import { CUSTOMER_V3, customerRow, login, postJson } from "./test-helpers.js";

type Answer = { Customers: Record<string, unknown>[]; jde__status?: string };

describe("MLC_CustomerUpsert orchestration (batched, docs/customers.md §3)", () => {
  let sim: JdeSimulator;
  let token: string;
  beforeEach(async () => {
    sim = await startJdeSimulator({ processorIntervalMs: 3_600_000 });
    token = await login(sim);
  });
  afterEach(async () => {
    await sim.close();
  });

  const upsert = async (rows: Record<string, string>[], path = CUSTOMER_V3) => {
    const response = await postJson(sim, path, { Customers: rows }, { token });
    expect(response.status).toBe(200);
    return response.body as unknown as Answer;
  };

  it("adds each customer of a batch with Next Numbers and writes every table once", async () => {
    const answer = await upsert([
      customerRow({ REF: "1" }),
      customerRow({ REF: "2", ALKY: "SH2", ALPH: "Grace Hopper", EMAL: "", PH1: "", MLNM: "" }),
    ]);
    expect(answer).toMatchObject({
      Customers: [
        { REF: "1", AN8: 90_001, action: "created" },
        { REF: "2", AN8: 90_002, action: "created" },
      ],
      jde__status: "SUCCESS",
    });
    expect(answer.Customers[0]).not.toHaveProperty("errors");
    const ada = sim.customers.get(90_001)!;
    expect(ada).toMatchObject({
      alky: "SH7011234567890",
      alphaName: "Ada Lovelace",
      searchType: "C",
      businessUnit: "            ",
      mailingName: "Ada Lovelace",
      addresses: [{ ALADD1: "12 St James's Sq", ALCTY1: "London", ALADDZ: "SW1Y 4JH", ALCTR: "GB" }],
      electronicAddresses: [{ EAIDLN: 0, EARCK7: 1, EAETP: "E", EAEMAL: "ada@example.com" }],
      phones: [{ WPIDLN: 0, WPRCK7: 1, WPPHTP: "", WPAR1: "", WPPH1: "+442079460000" }],
      companies: [{ AICO: "00100", AICRCD: "USD", AITRAR: "N30", AIACL: 0n, AICUSTS: "" }],
    });
    const grace = sim.customers.get(90_002)!;
    expect([grace.mailingName, grace.electronicAddresses, grace.phones]).toEqual(["Grace Hopper", [], []]);
    expect(sim.stats()).toMatchObject({
      customersCreated: 2,
      calls: { "v3/orchestrator/MLC_CustomerUpsert": 1 },
    });
  });

  it("changes only the UPDATE groups of a given AN8 and adds F03012 once per company", async () => {
    await upsert([customerRow()]);
    const moved = customerRow({
      AN8: "90001",
      ALPH: "Ada King",
      ADD1: "1 New Road",
      CTY1: "Ockham",
      EMAL: "ada@king.example",
      PH1: "",
      TRAR: "N60",
    });
    expect((await upsert([{ ...moved, UPDATE: "EMAL,PH" }])).Customers).toEqual([
      { REF: "1", AN8: 90_001, action: "updated" },
    ]);
    let ada = sim.customers.get(90_001)!;
    expect([ada.alphaName, ada.addresses[0]?.ALADD1, ada.phones]).toEqual([
      "Ada Lovelace",
      "12 St James's Sq",
      [],
    ]);
    expect(ada.electronicAddresses.map((e) => e.EAEMAL)).toEqual(["ada@king.example"]);

    await upsert([
      { ...moved, UPDATE: "ALPH,ADD" },
      { ...moved, REF: "2", CO: "00200", UPDATE: "" },
    ]);
    ada = sim.customers.get(90_001)!;
    expect([ada.alphaName, ada.mailingName, ada.addresses[0]?.ALADD1, ada.addresses[0]?.ALCTY1]).toEqual([
      "Ada King",
      "Ada Lovelace",
      "1 New Road",
      "Ockham",
    ]);
    expect(ada.addresses).toHaveLength(1);
    // Never changed after it was added: TRAR stays N30 in 00100; 00200 got its own row.
    expect(ada.companies.map((c) => [c.AICO, c.AITRAR])).toEqual([
      ["00100", "N30"],
      ["00200", "N60"],
    ]);
  });

  it("answers a refused row with its errors, stores nothing of it, and keeps the others", async () => {
    const answer = await upsert([
      customerRow({ REF: "1", ALKY: "SH1" }),
      customerRow({ REF: "2", ALKY: "SH2", CO: "00999", MCU: "777" }),
      customerRow({ REF: "3", AN8: "424242", UPDATE: "ALPH,BOGUS" }),
      customerRow({ REF: "4", ALKY: "SH4" }),
    ]);
    expect(answer.jde__status).toBe("ERROR");
    expect(answer.Customers).toEqual([
      { REF: "1", AN8: 90_001, action: "created" },
      {
        REF: "2",
        AN8: 0,
        errors: [
          { CODE: "0004", DESC: "Business Unit Invalid: 777" },
          { CODE: "0010", DESC: "Company Invalid: 00999" },
        ],
      },
      {
        REF: "3",
        AN8: 0,
        errors: [
          { CODE: "0039", DESC: "Address Number Invalid: 424242" },
          { CODE: "0045", DESC: "UPDATE Group Invalid: BOGUS" },
        ],
      },
      { REF: "4", AN8: 90_002, action: "created" },
    ]);
    expect(sim.customers.list().map((c) => c.alky)).toEqual(["", "shopify:4242", "SH1", "SH4"]);
    expect(sim.stats()).toMatchObject({ customersCreated: 2, customersRejected: 2 });
  });

  it.each([
    ["ALPH", "x".repeat(41), "0032", "Value Too Long For Field: ALPH (max 40)"],
    ["ALPH", `${"x".repeat(39)}😀`, "0032", "Value Too Long For Field: ALPH (max 40)"],
    ["ALKY", "SH".padEnd(21, "9"), "0032", "Value Too Long For Field: ALKY (max 20)"],
    ["CTY1", "c".repeat(26), "0032", "Value Too Long For Field: CTY1 (max 25)"],
    ["EMAL", `${"a".repeat(245)}@example.com`, "0032", "Value Too Long For Field: EMAL (max 256)"],
    ["ALPH", "", "0033", "Required Field Missing: ALPH"],
  ])("refuses %s %j as JDE would (the connector cuts values itself)", async (field, value, CODE, DESC) => {
    const answer = await upsert([customerRow({ [field]: value })]);
    expect(answer.Customers).toEqual([{ REF: "1", AN8: 0, errors: [{ CODE, DESC }] }]);
    expect(sim.customers.findByAlky("SH7011234567890")).toEqual([]);
  });

  it("accepts a value exactly as wide as its field", async () => {
    const answer = await upsert([customerRow({ ALPH: "x".repeat(40), ADDS: "CA", CTR: "USA" })]);
    expect(answer.Customers[0]).toMatchObject({ action: "created" });
  });

  it("does not keep ALKY unique: the same add twice is two records", async () => {
    await upsert([customerRow()]);
    await upsert([customerRow()]);
    expect(sim.customers.findByAlky("SH7011234567890").map((c) => c.an8)).toEqual([90_001, 90_002]);
  });

  it("refuses the customers a rejectWhere rule matches, until cleared", async () => {
    sim.control.customers.rejectWhere({ alky: "SH666" }, { CODE: "017A", DESC: "Tax ID Required" });
    const answer = await upsert([customerRow({ ALKY: "SH666" }), customerRow({ REF: "2", ALKY: "SH7" })]);
    expect(answer.Customers).toEqual([
      { REF: "1", AN8: 0, errors: [{ CODE: "017A", DESC: "Tax ID Required" }] },
      { REF: "2", AN8: 90_001, action: "created" },
    ]);
    sim.control.customers.clearRejections();
    expect((await upsert([customerRow({ ALKY: "SH666" })])).Customers[0]).toMatchObject({
      action: "created",
    });
  });

  it("answers v2 callers in strings and reads the JDE Standard input", async () => {
    const row = customerRow({ ACL: "1500.50" });
    const body = {
      detailInputs: [
        {
          name: "Customers",
          repeatingInputs: [{ inputs: Object.entries(row).map(([name, value]) => ({ name, value })) }],
        },
      ],
    };
    const response = await postJson(sim, "/jderest/v2/orchestrator/MLC_CustomerUpsert", body, { token });
    expect(response.body).toMatchObject({
      Customers: [{ REF: "1", AN8: "90001", action: "created" }],
      jde__serverExecutionSeconds: expect.any(String),
    });
    expect(sim.customers.get(90_001)?.companies[0]?.AIACL).toBe(150_050n);
  });

  it("fails the whole call with 500 when the Customers array is missing", async () => {
    const response = await postJson(sim, CUSTOMER_V3, { ALKY: "x", ALPH: "X", CO: "00100" }, { token });
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ message: expect.stringMatching(/Customers/) });
  });
});
