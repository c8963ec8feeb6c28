import { afterEach, describe, expect, it } from "vitest";
import { type JdeSimulator, type JdeSimulatorOptions, startJdeSimulator } from "../../../sim/jde/index.js";
import type { JdeCustomerPort } from "../../customers/jde-customer-port.js";
import type { AisClient } from "../ais-client.js";
import { simClient } from "../test-support.js";
import { createOrchestrationCustomerPort } from "./orchestration-customer-port.js";
import { addRow, alteredAnswers, changeRow, customerRecord } from "./test-support.js";

const ORCHESTRATION = "MLC_CustomerUpsert";

describe("createOrchestrationCustomerPort against the JDE simulator", () => {
  let sim: JdeSimulator | undefined;
  let ais: AisClient | undefined;
  afterEach(async () => {
    await ais?.close();
    await sim?.close();
    sim = undefined;
    ais = undefined;
  });

  async function start(
    options: { sim?: JdeSimulatorOptions; version?: "v3" | "v2"; orchestration?: string } = {},
  ): Promise<{ sim: JdeSimulator; ais: AisClient; port: JdeCustomerPort }> {
    sim = await startJdeSimulator({ processorIntervalMs: 3_600_000, ...options.sim });
    ais = simClient(sim.url);
    const port = createOrchestrationCustomerPort({
      ais,
      orchestration: options.orchestration ?? ORCHESTRATION,
      version: options.version ?? "v3",
    });
    return { sim, ais, port };
  }

  it.each([
    ["v3", "9.2.8.3", "v3/orchestrator/MLC_CustomerUpsert"],
    // v2 input (detailInputs), AN8s answered as text, and before Tools 9.2.5.4 no jde__ fields.
    ["v2", "9.2.3.2", "v2/orchestrator/MLC_CustomerUpsert"],
  ] as const)(
    "adds a batch in one %s call (Tools %s) and answers each customer's AN8",
    async (version, toolsRelease, label) => {
      const { sim, port } = await start({ version, sim: { toolsRelease } });
      const outcomes = await port.write([addRow("a", 7001), addRow("b", 7002), addRow("c", 7003)]);
      expect(outcomes).toEqual([
        { ref: "a", ok: true, addressNumber: "90001", action: "created" },
        { ref: "b", ok: true, addressNumber: "90002", action: "created" },
        { ref: "c", ok: true, addressNumber: "90003", action: "created" },
      ]);
      const [stored] = sim.customers.findByAlky("SH7002");
      expect(stored).toMatchObject({ an8: 90002, alphaName: "Ada Lovelace", searchType: "C" });
      expect(stored?.electronicAddresses.map((row) => [row.EAETP, row.EAEMAL])).toEqual([
        ["E", "c7002@example.com"],
      ]);
      expect(stored?.companies.map((row) => row.AICO)).toEqual(["00100"]);
      expect(sim.stats().calls[label]).toBe(1);
      expect(sim.stats().businessCalls).toBe(1);
      expect(sim.stats().customersCreated).toBe(3);
    },
  );

  it("changes only the groups named in UPDATE", async () => {
    const { sim, port } = await start();
    const [created] = await port.write([addRow("1", 7001)]);
    const an8 = created?.ok ? created.addressNumber! : "";
    const changed = {
      ALPH: "Ada King",
      MLNM: "Countess of Lovelace",
      ADD1: "1 Ockham Park",
      CTY1: "Ockham",
      PH1: "+441483000000",
      EMAL: "ada.king@example.com",
    };
    const outcomes = await port.write([changeRow("1", 7001, an8, "ALPH,ADD", changed)]);
    expect(outcomes).toEqual([{ ref: "1", ok: true, addressNumber: an8, action: "updated" }]);
    const record = sim.customers.get(Number(an8));
    expect(record?.alphaName).toBe("Ada King");
    expect(record?.addresses[0]).toMatchObject({
      ALADD1: "1 Ockham Park",
      ALCTY1: "Ockham",
      ALADDZ: "SW1Y 4JH",
    });
    expect(record?.mailingName).toBe("Ada Lovelace");
    expect(record?.phones.map((row) => row.WPPH1)).toEqual(["+442079460000"]);
    expect(record?.electronicAddresses.map((row) => row.EAEMAL)).toEqual(["c7001@example.com"]);
    expect(sim.stats().customersUpdated).toBe(1);
  });

  it("answers a refused row with JDE's errors and stores the others", async () => {
    const { sim, port } = await start();
    sim.control.customers.rejectWhere({ alky: "SH7002" }, { CODE: "0010", DESC: "Search Type Invalid" });
    const outcomes = await port.write([addRow("1", 7001), addRow("2", 7002), addRow("3", 7003)]);
    expect(outcomes).toEqual([
      { ref: "1", ok: true, addressNumber: "90001", action: "created" },
      { ref: "2", ok: false, errors: [{ code: "0010", description: "Search Type Invalid" }] },
      { ref: "3", ok: true, addressNumber: "90002", action: "created" },
    ]);
    expect(sim.customers.findByAlky("SH7002")).toEqual([]);
    expect(sim.stats()).toMatchObject({ customersCreated: 2, customersRejected: 1 });
  });

  it("answers rows no orchestration can take without sending them, and sends the rest", async () => {
    const { sim, port } = await start();
    const outcomes = await port.write([
      addRow("pre-numbered", 7001, { addressNumber: "500001" }),
      { ...changeRow("no-an8", 7002, "1", ""), addressNumber: null },
      addRow("fine", 7003),
    ]);
    expect(outcomes.map((outcome) => [outcome.ref, outcome.ok])).toEqual([
      ["pre-numbered", false],
      ["no-an8", false],
      ["fine", true],
    ]);
    expect(outcomes[0]).toMatchObject({ errors: [{ code: "MLC_JDE_FIELD_INVALID" }] });
    expect(sim.stats().customersCreated).toBe(1);
    expect(await port.write([])).toEqual([]);
    expect(sim.stats().businessCalls).toBe(1);
  });

  it("fails the whole batch when the answer leaves a row out, without guessing", async () => {
    await start();
    const dropping = createOrchestrationCustomerPort({
      ais: alteredAnswers(ais!, (body) => ({
        ...body,
        Customers: (body.Customers as unknown[]).slice(0, 1),
      })),
      orchestration: ORCHESTRATION,
      version: "v3",
    });
    await expect(dropping.write([addRow("1", 7001), addRow("2", 7002)])).rejects.toMatchObject({
      code: "MLC_AIS_RESPONSE_INVALID",
      detail: { missingRefs: ["2"] },
    });
  });

  it("fails the whole batch when the answer has no Customers", async () => {
    const { sim } = await start({
      sim: { orchestrations: ["MLC_JournalEntryBatch", ORCHESTRATION, "MLC_NoOutputs"] },
    });
    // The simulator answers an orchestration without steps with jde__status SUCCESS and nothing else.
    const silent = createOrchestrationCustomerPort({
      ais: ais!,
      orchestration: "MLC_NoOutputs",
      version: "v3",
    });
    await expect(silent.write([addRow("1", 7001)])).rejects.toMatchObject({
      code: "MLC_AIS_RESPONSE_INVALID",
      retryable: true,
    });
    sim.control.customers.rejectWhere({ alky: "SH7001" }, { CODE: "0010", DESC: "Search Type Invalid" });
    const failing = createOrchestrationCustomerPort({
      ais: alteredAnswers(ais!, ({ Customers: _dropped, ...body }) => body),
      orchestration: ORCHESTRATION,
      version: "v3",
    });
    await expect(failing.write([addRow("1", 7001)])).rejects.toMatchObject({
      code: "MLC_AIS_CUSTOMER_ORCHESTRATION_ERROR",
      retryable: false,
    });
  });

  it("logs in again after a 444 and reports an outage as retryable MLC_AIS_UNAVAILABLE", async () => {
    const { sim, ais, port } = await start();
    await port.write([addRow("1", 7001)]);
    sim.control.expireAllTokens();
    expect(await port.write([addRow("1", 7002)])).toMatchObject([{ ok: true, action: "created" }]);
    expect(ais.stats()).toMatchObject({ logins: 2, reauths: 1 });
    await sim.control.setDown(true);
    await expect(port.write([addRow("1", 7003)])).rejects.toMatchObject({
      code: "MLC_AIS_UNAVAILABLE",
      retryable: true,
    });
  });

  it("finds records by cross-reference with one F0101 BROWSE per 100 keys", async () => {
    const { sim, port } = await start();
    await port.write([addRow("1", 7001), addRow("2", 7002), addRow("3", 7001)]);
    const keys = [
      "SH7001",
      "SH7002",
      "shopify:4242",
      ...Array.from({ length: 247 }, (_, i) => `SH${9000 + i}`),
    ];
    const found = await port.findByCrossReference(keys);
    expect(found.get("SH7001")).toEqual([
      { addressNumber: "90001", searchType: "C", crossReference: "SH7001" },
      { addressNumber: "90003", searchType: "C", crossReference: "SH7001" },
    ]);
    expect(found.get("shopify:4242")).toEqual([
      { addressNumber: "4242", searchType: "C", crossReference: "shopify:4242" },
    ]);
    expect(found.get("SH9000")).toEqual([]);
    expect(found.size).toBe(250);
    expect(sim.stats().dataServiceByTable).toEqual({ F0101: 3 });
  });

  it("tells which address numbers F0101 holds with one F0101 BROWSE per 100 numbers", async () => {
    const { sim, port } = await start();
    await port.write([addRow("1", 7001)]);
    sim.control.resetStats();
    const numbers = ["90001", "4242", "90002", ...Array.from({ length: 150 }, (_, i) => String(800_000 + i))];
    expect(await port.existingAddressNumbers(numbers)).toEqual(new Set(["90001", "4242"]));
    expect(sim.stats().dataServiceByTable).toEqual({ F0101: 2 });
  });

  it("reads an answer larger than a page with moreRecords", async () => {
    await start();
    const small = createOrchestrationCustomerPort({
      ais: ais!,
      orchestration: ORCHESTRATION,
      version: "v3",
      lookup: { pageSize: 2 },
    });
    await small.write([addRow("1", 7001), addRow("2", 7001), addRow("3", 7001)]);
    const found = await small.findByCrossReference(["SH7001"]);
    expect(found.get("SH7001")?.map((candidate) => candidate.addressNumber)).toEqual([
      "90001",
      "90002",
      "90003",
    ]);
    // The simulator gives no next-page link: the query is asked once more without a page limit.
    expect(sim!.stats().dataServiceByTable).toEqual({ F0101: 2 });
  });

  it("finds records by e-mail (type E, exact and case-sensitive): F01151, then F0101 of the AN8s", async () => {
    const { sim, port } = await start();
    await port.write([
      addRow("1", 7001),
      addRow("2", 7002, { record: { EMAL: "Grace@Example.com" } }),
      addRow("3", 7003, { record: { EMAL: "c7001@example.com", ALKY: "OTHER7003" } }),
    ]);
    sim.control.resetStats();
    const emails = ["c7001@example.com", "grace@example.com", "Grace@Example.com", "nobody@example.com"];
    const found = await port.findByEmail(emails);
    expect(found.get("c7001@example.com")).toEqual([
      { addressNumber: "90001", searchType: "C", crossReference: "SH7001" },
      { addressNumber: "90003", searchType: "C", crossReference: "OTHER7003" },
    ]);
    expect(found.get("grace@example.com")).toEqual([]);
    expect(found.get("Grace@Example.com")).toEqual([
      { addressNumber: "90002", searchType: "C", crossReference: "SH7002" },
    ]);
    expect(found.get("nobody@example.com")).toEqual([]);
    expect(sim.stats().dataServiceByTable).toEqual({ F01151: 1, F0101: 1 });
  });

  it("costs one orchestration call per batch and at most two BROWSEs per look-up kind per 100 customers", async () => {
    const { sim, ais, port } = await start();
    const ids = Array.from({ length: 100 }, (_, i) => 8000 + i);
    const before = ais.stats().calls;
    await port.findByCrossReference(ids.map((id) => `SH${id}`));
    await port.findByEmail(ids.map((id) => `c${id}@example.com`));
    await port.write(ids.map((id, index) => addRow(String(index + 1), id)));
    await port.findByEmail(ids.map((id) => `c${id}@example.com`));
    const stats = sim.stats();
    expect(stats.calls["v3/orchestrator/MLC_CustomerUpsert"]).toBe(1);
    // ALKY: 1 (F0101); e-mail before the write: 1 (F01151, nothing found); after: 2 (F01151 + F0101).
    expect(stats.dataServiceByTable).toEqual({ F0101: 2, F01151: 2 });
    expect(ais.stats().calls - before).toBe(5);
    expect(stats.customersCreated).toBe(100);
  });

  it("writes the record's values in display form, as §3 shows them", async () => {
    const { sim, port } = await start();
    const record = customerRecord(7001, { MCU: "140", ACL: "2500", TRAR: "N30", ADD2: "Flat 3" });
    const [outcome] = await port.write([{ ref: "1", kind: "add", addressNumber: null, record, update: "" }]);
    const stored = sim.customers.get(Number(outcome?.ok ? outcome.addressNumber : 0));
    expect(stored).toMatchObject({ businessUnit: "         140", mailingName: "Ada Lovelace" });
    expect(stored?.companies[0]).toMatchObject({
      AICO: "00100",
      AICRCD: "USD",
      AITRAR: "N30",
      AIACL: 250_000n,
    });
    expect(stored?.addresses[0]).toMatchObject({ ALADD2: "Flat 3", ALCTR: "GB" });
  });
});
