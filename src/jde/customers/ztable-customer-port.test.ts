import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../../sim/jde/index.js";
import { JDE_DATABASE_TABLES } from "../../../sim/jde/jde-database-tables.js";
import {
  type DatabaseRecord,
  type FreshJdeDatabase,
  freshJdeDatabase,
  STAND_IN_DIALECTS,
  selectAll,
} from "../../../sim/jde/jde-database-test-helpers.js";
import type { JdeCustomerPort } from "../../customers/jde-customer-port.js";
import { createFakeClock } from "../../shopify/fake-clock.test-helper.js";
import type { AisClient } from "../ais-client.js";
import { simClient } from "../test-support.js";
import { JdeDatabaseError } from "../ztable/jde-database-error.js";
import type { JdeDatabasePort } from "../ztable/jde-database-port.js";
import { openJdeDatabasePort } from "../ztable/open-jde-database-port.js";
import { customerTransactionNumber } from "./customer-ztable-rows.js";
import { addRow, changeRow } from "./test-support.js";
import { createZTableCustomerPort, type ZTableCustomerPortDeps } from "./ztable-customer-port.js";

const Z_TABLES = ["F0101Z2", "F03012Z1", "F01151Z1"] as const;

describe.each(STAND_IN_DIALECTS)("Z-table customer port on %s stand-in tables", (dialect) => {
  let fresh: FreshJdeDatabase;
  let database: JdeDatabasePort;
  let sim: JdeSimulator;
  let ais: AisClient;
  let fake: ReturnType<typeof createFakeClock>;

  beforeEach(async () => {
    fresh = await freshJdeDatabase(dialect);
    database = await openPort(fresh);
    // R01010Z, R03010Z and the e-mail upload over the same tables; they run on runCustomerProcessors().
    sim = await startJdeSimulator({ database: fresh.options, processorIntervalMs: 3_600_000 });
    sim.control.pauseProcessor();
    ais = simClient(sim.url);
    fake = createFakeClock();
  });

  afterEach(async () => {
    await ais.close();
    await sim.close();
    await database.close();
    await fresh.dispose();
  });

  function port(overrides: Partial<ZTableCustomerPortDeps> = {}): JdeCustomerPort {
    return createZTableCustomerPort({
      database,
      owner: fresh.options.owner ?? "PRODDTA",
      ediUser: "SHOPIFY",
      currencyDecimals: 2,
      ais,
      clock: fake.clock,
      ...overrides,
    });
  }

  const rows = (table: (typeof Z_TABLES)[number]) => selectAll(fresh.writer, table);
  const text = (value: unknown) => String(value).trim();

  it("stages range adds in all three tables, every column filled, and R01010Z/R03010Z make the customers", async () => {
    const outcomes = await port().write([
      addRow("1", 7001, { addressNumber: "500001", record: { ACL: "2500", MCU: "140" } }),
      addRow("2", 7002, { addressNumber: "500002", record: { EMAL: "" } }),
    ]);
    expect(outcomes).toEqual([
      { ref: "1", ok: true, addressNumber: "500001", action: "created" },
      { ref: "2", ok: true, addressNumber: "500002", action: "created" },
    ]);
    const [book, master, email] = [await rows("F0101Z2"), await rows("F03012Z1"), await rows("F01151Z1")];
    expect([book.length, master.length, email.length]).toEqual([2, 2, 1]);
    for (const [table, written] of [
      ["F0101Z2", book],
      ["F03012Z1", master],
      ["F01151Z1", email],
    ] as const) {
      for (const row of written) expectEveryColumn(table, row);
    }
    const first = book.find((row) => text(row.SZALKY) === "SH7001")!;
    expect(first).toMatchObject({
      SZEDUS: "SHOPIFY   ",
      SZEDSP: " ",
      SZDRIN: "0",
      SZTNAC: "A ",
      SZMCU: "         140",
    });
    expect([Number(first.SZEDLN), Number(first.SZAN8)]).toEqual([1000, 500001]);
    const edtn = text(first.SZEDTN);
    expect(edtn).toBe(
      customerTransactionNumber(
        addRow("1", 7001, { addressNumber: "500001", record: { ACL: "2500", MCU: "140" } }),
      ),
    );
    expect(master.find((row) => Number(row.VOAN8) === 500001)).toMatchObject({ VOTNAC: "A ", VOCO: "00100" });
    expect(Number(master.find((row) => Number(row.VOAN8) === 500001)!.VOACL)).toBe(250_000);
    expect(text(master.find((row) => Number(row.VOAN8) === 500001)!.VOEDTN)).toBe(edtn);
    expect(
      email.map((row) => [Number(row.EBAN8), text(row.EBEMAL), text(row.EBETP), Number(row.EBRCK7)]),
    ).toEqual([[500001, "c7001@example.com", "E", 1]]);
    expect(
      new Set([...book, ...master, ...email].map((row) => text(row.SZEDBT ?? row.VOEDBT ?? row.EBEDBT))).size,
    ).toBe(1);
    expect(sim.customers.get(500001)).toBeUndefined();
    await sim.control.runCustomerProcessors();
    expect(sim.customers.get(500001)).toMatchObject({ alky: "SH7001", businessUnit: "         140" });
    expect(sim.customers.get(500001)?.companies.map((row) => [row.AICO, row.AIACL])).toEqual([
      ["00100", 250_000n],
    ]);
    expect(sim.customers.get(500001)?.electronicAddresses.map((row) => row.EAEMAL)).toEqual([
      "c7001@example.com",
    ]);
    expect(sim.customers.get(500002)?.companies).toHaveLength(1);
    expect((await rows("F0101Z2")).map((row) => text(row.SZEDSP))).toEqual(["Y", "Y"]);
    expect(sim.stats().customerBatchRows).toMatchObject({
      F0101Z2: { processed: 2, refused: 0 },
      F03012Z1: { processed: 2, refused: 0 },
      F01151Z1: { processed: 1, refused: 0 },
    });
  });

  it("link-later: stages the add alone, waits, is done with JDE's AN8, and F03012Z1 follows once the AN8 exists", async () => {
    const customers = port();
    expect(await customers.write([addRow("1", 7001)])).toEqual([
      { ref: "1", ok: true, addressNumber: null, action: "staged" },
    ]);
    expect([
      (await rows("F0101Z2")).length,
      (await rows("F03012Z1")).length,
      (await rows("F01151Z1")).length,
    ]).toEqual([1, 0, 0]);
    expect(await customers.stagedAdds!(["SH7001", "SH7999"])).toEqual(
      new Map([["SH7001", { state: "waiting", stagedAt: fake.clock.now(), addressNumber: null }]]),
    );
    await sim.control.runCustomerProcessors();
    expect(await customers.stagedAdds!(["SH7001"])).toEqual(
      new Map([["SH7001", { state: "done", addressNumber: "90001" }]]),
    );
    expect(sim.customers.get(90001)?.companies).toEqual([]);
    // The connector completes the link: a change with EMAL; F03012 lacks the company, so F03012Z1 goes too.
    const completion = changeRow("1", 7001, "90001", "EMAL");
    expect(await customers.write([completion])).toEqual([
      { ref: "1", ok: true, addressNumber: "90001", action: "updated" },
    ]);
    expect((await rows("F0101Z2")).length).toBe(1);
    expect((await rows("F03012Z1")).map((row) => [Number(row.VOAN8), text(row.VOTNAC)])).toEqual([
      [90001, "A"],
    ]);
    expect((await rows("F01151Z1")).map((row) => [Number(row.EBAN8), text(row.EBTNAC)])).toEqual([
      [90001, "A"],
    ]);
    // A second change before the processors ran: no second F03012Z1 add, and the e-mail is changed.
    await customers.write([changeRow("1", 7001, "90001", "EMAL", { EMAL: "ada.king@example.com" })]);
    expect((await rows("F03012Z1")).length).toBe(1);
    expect((await rows("F01151Z1")).map((row) => text(row.EBTNAC)).sort()).toEqual(["A", "C"]);
    await sim.control.runCustomerProcessors();
    const record = sim.customers.get(90001);
    expect(record?.companies.map((row) => row.AICO)).toEqual(["00100"]);
    expect(record?.electronicAddresses.map((row) => row.EAEMAL)).toEqual(["ada.king@example.com"]);
    expect(sim.stats().customerBatchRows.F01151Z1).toEqual({ processed: 2, refused: 0 });
  });

  it("reports a refused add as refused, and a replay writes new rows that are read instead", async () => {
    const customers = port();
    sim.control.customers.rejectWhere({ alky: "SH7002" }, { CODE: "0010", DESC: "Search Type Invalid" });
    await customers.write([addRow("1", 7001), addRow("2", 7002)]);
    await sim.control.runCustomerProcessors();
    const states = await customers.stagedAdds!(["SH7001", "SH7002"]);
    expect(states.get("SH7001")).toEqual({ state: "done", addressNumber: "90001" });
    const refusedAdd = (await rows("F0101Z2")).find((row) => text(row.SZALKY) === "SH7002")!;
    expect(states.get("SH7002")).toEqual({
      state: "refused",
      errors: [expect.stringMatching(/refused by R01010Z.*Work Center of EDI user SHOPIFY/)],
      transactionNumber: text(refusedAdd.SZEDTN),
      batchId: text(refusedAdd.SZEDBT),
    });
    expect(sim.customers.batchErrors().map((entry) => entry.errors[0]?.CODE)).toEqual(["0010"]);
    sim.control.customers.clearRejections();
    fake.advance(60_000);
    await customers.write([addRow("1", 7002)]);
    expect((await customers.stagedAdds!(["SH7002"])).get("SH7002")).toEqual({
      state: "waiting",
      stagedAt: fake.clock.now(),
      addressNumber: null,
    });
    await sim.control.runCustomerProcessors();
    expect((await customers.stagedAdds!(["SH7002"])).get("SH7002")).toEqual({
      state: "done",
      addressNumber: "90002",
    });
  });

  it("writes a change with only its UPDATE groups' columns; blank columns change nothing", async () => {
    const customers = port();
    await customers.write([addRow("1", 7001, { addressNumber: "500001" })]);
    await sim.control.runCustomerProcessors();
    const before = (await rows("F0101Z2")).length;
    const changed = { ALPH: "Ada King", MLNM: "Countess", ADD1: "1 Ockham Park", PH1: "+441483000000" };
    expect(await customers.write([changeRow("1", 7001, "500001", "ALPH,PH", changed)])).toEqual([
      { ref: "1", ok: true, addressNumber: "500001", action: "updated" },
    ]);
    const change = (await rows("F0101Z2")).find((row) => text(row.SZTNAC) === "C")!;
    expect((await rows("F0101Z2")).length).toBe(before + 1);
    expect(change).toMatchObject({
      SZALPH: "Ada King".padEnd(40),
      SZMLNM: " ".repeat(40),
      SZADD1: " ".repeat(40),
    });
    expect([text(change.SZPH1), text(change.SZALKY), text(change.SZAT1), Number(change.SZAN8)]).toEqual([
      "+441483000000",
      "",
      "",
      500001,
    ]);
    expect((await rows("F03012Z1")).length).toBe(1); // F03012 has the company's row already
    expect((await rows("F01151Z1")).length).toBe(1); // EMAL not in UPDATE
    await sim.control.runCustomerProcessors();
    const record = sim.customers.get(500001);
    expect(record).toMatchObject({ alphaName: "Ada King", mailingName: "Ada Lovelace", alky: "SH7001" });
    expect(record?.addresses[0]?.ALADD1).toBe("12 St James's Sq");
    expect(record?.phones.map((row) => row.WPPH1)).toEqual(["+441483000000"]);
  });

  it("answers a row JDE cannot hold on its own; the others are staged", async () => {
    const outcomes = await port().write([
      addRow("1", 7001, { addressNumber: "500001" }),
      addRow("2", 7002, { addressNumber: "500002", record: { ALKY: "SH".padEnd(21, "9") } }),
      changeRow("3", 7003, "500003", "ALPH,NAME"),
      addRow("4", 7004, { addressNumber: "500004" }),
    ]);
    expect(outcomes.map((outcome) => [outcome.ref, outcome.ok])).toEqual([
      ["1", true],
      ["2", false],
      ["3", false],
      ["4", true],
    ]);
    expect(outcomes[1]).toMatchObject({
      errors: [{ code: "MLC_JDE_FIELD_INVALID", description: expect.stringContaining("SZALKY(20)") }],
    });
    expect(outcomes[2]).toMatchObject({
      errors: [{ code: "MLC_JDE_FIELD_INVALID", description: expect.stringContaining("NAME") }],
    });
    expect((await rows("F0101Z2")).map((row) => Number(row.SZAN8))).toEqual(
      expect.arrayContaining([500001, 500004]),
    );
    expect((await rows("F0101Z2")).length).toBe(2);
  });

  it("writes each batch in one transaction: a failure at the second INSERT leaves no row", async () => {
    const failing = port({ database: failAtSecondInsert(database) });
    await expect(
      failing.write([addRow("1", 7001, { addressNumber: "500001" }), addRow("2", 7002)]),
    ).rejects.toMatchObject({ code: "MLC_JDE_DATABASE_UNAVAILABLE", retryable: true });
    for (const table of Z_TABLES) expect(await rows(table), table).toEqual([]);
  });

  it("uses one EDBT per write and never reuses it", async () => {
    const customers = port();
    await customers.write([addRow("1", 7001), addRow("2", 7002)]);
    await customers.write([addRow("1", 7001)]); // the same add again: same EDTN, another batch
    const batches = (await rows("F0101Z2")).map((row) => [text(row.SZEDBT), text(row.SZEDTN)]);
    expect(new Set(batches.map(([edbt]) => edbt)).size).toBe(2);
    expect(batches.every(([edbt]) => edbt!.length <= 15)).toBe(true);
    expect(new Set(batches.map(([, edtn]) => edtn)).size).toBe(2);
  });

  it("looks customers up through the AIS data service and changes cost one F03012 and one F01151 BROWSE", async () => {
    const customers = port();
    await customers.write([addRow("1", 7001), addRow("2", 7002)]);
    await sim.control.runCustomerProcessors();
    sim.control.resetStats();
    const found = await customers.findByCrossReference(["SH7001", "SH7002", "SH7003"]);
    expect(found.get("SH7002")).toEqual([
      { addressNumber: "90002", searchType: "C", crossReference: "SH7002" },
    ]);
    expect(found.get("SH7003")).toEqual([]);
    await customers.write([changeRow("1", 7001, "90001", "EMAL"), changeRow("2", 7002, "90002", "ALPH")]);
    expect(sim.stats().dataServiceByTable).toEqual({ F0101: 1, F03012: 1, F01151: 1 });
    expect(sim.stats().businessCalls).toBe(3);
  });
});

/** Every column present, not NULL; CHAR columns at their full width (blank-padded), numbers integral. */
function expectEveryColumn(table: "F0101Z2" | "F03012Z1" | "F01151Z1", row: DatabaseRecord): void {
  for (const column of JDE_DATABASE_TABLES[table].columns) {
    const value = row[column.name];
    expect(value, `${table}.${column.name}`).not.toBeNull();
    if (column.kind === "char") expect(String(value), `${table}.${column.name}`).toHaveLength(column.length);
    else expect(Number.isInteger(Number(value)), `${table}.${column.name}`).toBe(true);
  }
}

async function openPort(fresh: FreshJdeDatabase): Promise<JdeDatabasePort> {
  const { options } = fresh;
  return options.dialect === "sqlite"
    ? openJdeDatabasePort({ dialect: "sqlite", file: options.url, owner: "PRODDTA", timeoutMs: 5_000 })
    : openJdeDatabasePort({
        dialect: "postgres",
        url: options.url,
        owner: options.owner ?? "PRODDTA",
        timeoutMs: 5_000,
      });
}

/** A port whose transactions lose the connection at their second INSERT, after the first one ran. */
function failAtSecondInsert(database: JdeDatabasePort): JdeDatabasePort {
  let inserts = 0;
  const insert = async (run: () => Promise<number>) => {
    inserts += 1;
    if (inserts > 1) throw new JdeDatabaseError("unavailable", "connection lost mid-batch");
    return run();
  };
  return {
    ...database,
    transaction: (fn) =>
      database.transaction((tx) =>
        fn({
          query: tx.query,
          execute: (sql, params) => insert(() => tx.execute(sql, params)),
          executeMany: (sql, rows) => insert(() => tx.executeMany(sql, rows)),
        }),
      ),
  };
}
