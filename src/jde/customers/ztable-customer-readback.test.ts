import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../../sim/jde/index.js";
import {
  type FreshJdeDatabase,
  freshJdeDatabase,
  STAND_IN_DIALECTS,
  selectAll,
} from "../../../sim/jde/jde-database-test-helpers.js";
import type { JdeCustomerPort } from "../../customers/jde-customer-port.js";
import { createFakeClock } from "../../shopify/fake-clock.test-helper.js";
import type { AisClient } from "../ais-client.js";
import { simClient } from "../test-support.js";
import type { JdeDatabasePort } from "../ztable/jde-database-port.js";
import { openJdeDatabasePort } from "../ztable/open-jde-database-port.js";
import { addRow, changeRow } from "./test-support.js";
import { createZTableCustomerPort } from "./ztable-customer-port.js";

const DAY_MS = 86_400_000;
const REFUSED = { CODE: "0317", DESC: "Invalid Payment Terms" };

/** What the Z-table port reads back of the processors' work: F0101 numbers, staged adds, refused changes. */
describe.each(STAND_IN_DIALECTS)("Z-table customer port reading back on %s stand-in tables", (dialect) => {
  let fresh: FreshJdeDatabase;
  let database: JdeDatabasePort;
  let sim: JdeSimulator;
  let ais: AisClient;
  let fake: ReturnType<typeof createFakeClock>;

  beforeEach(async () => {
    fresh = await freshJdeDatabase(dialect);
    const { options } = fresh;
    database = await openJdeDatabasePort(
      options.dialect === "sqlite"
        ? { dialect: "sqlite", file: options.url, owner: "PRODDTA", timeoutMs: 5_000 }
        : { dialect: "postgres", url: options.url, owner: options.owner ?? "PRODDTA", timeoutMs: 5_000 },
    );
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

  function port(ediUser = "SHOPIFY"): JdeCustomerPort {
    return createZTableCustomerPort({
      database,
      owner: fresh.options.owner ?? "PRODDTA",
      ediUser,
      currencyDecimals: 2,
      ais,
      clock: fake.clock,
    });
  }

  const text = (value: unknown) => String(value).trim();
  const transactionsOf = async (table: "F0101Z2" | "F03012Z1" | "F01151Z1", an8: number) =>
    (await selectAll(fresh.writer, table))
      .filter((row) => Number(row.SZAN8 ?? row.VOAN8 ?? row.EBAN8) === an8)
      .map((row) => ({
        transactionNumber: text(row.SZEDTN ?? row.VOEDTN ?? row.EBEDTN),
        batchId: text(row.SZEDBT ?? row.VOEDBT ?? row.EBEDBT),
        processed: text(row.SZEDSP ?? row.VOEDSP ?? row.EBEDSP),
      }));

  it("tells which address numbers F0101 holds, and a waiting range add answers its number", async () => {
    const customers = port();
    await customers.write([addRow("1", 7001, { addressNumber: "500001" })]);
    expect(await customers.stagedAdds!(["SH7001"])).toEqual(
      new Map([["SH7001", { state: "waiting", stagedAt: fake.clock.now(), addressNumber: "500001" }]]),
    );
    expect(await customers.existingAddressNumbers(["500001", "4242"])).toEqual(new Set(["4242"]));
    await sim.control.runCustomerProcessors();
    expect(await customers.existingAddressNumbers(["500001", "0004242", "500002", ""])).toEqual(
      new Set(["500001", "4242"]),
    );
    expect(await customers.existingAddressNumbers([])).toEqual(new Set());
  });

  it("reads back its own refused change, F03012Z1 and F01151Z1 rows while each is the latest of its kind", async () => {
    const customers = port();
    await customers.write([addRow("1", 7001, { addressNumber: "500001" }), addRow("2", 7002)]);
    await sim.control.runCustomerProcessors(); // 500001 with F03012; 7002 gets 90001 without
    fake.advance(60_000);
    sim.control.customers.rejectBatchRows({ table: "F0101Z2", addressNumber: 500001, action: "C" }, REFUSED);
    sim.control.customers.rejectBatchRows({ table: "F03012Z1", addressNumber: 90001 }, REFUSED);
    sim.control.customers.rejectBatchRows({ table: "F01151Z1", addressNumber: 90001 }, REFUSED);
    await customers.write([
      changeRow("1", 7001, "500001", "ALPH", { ALPH: "Ada King" }),
      changeRow("2", 7002, "90001", "EMAL"),
    ]);
    const stampedAt = fake.clock.now();
    expect(await customers.refusedUpdates!(new Date(stampedAt.getTime() - DAY_MS))).toEqual([]); // not processed yet
    await sim.control.runCustomerProcessors();

    const refused = await customers.refusedUpdates!(new Date(stampedAt.getTime() - DAY_MS));
    const row = async (table: "F0101Z2" | "F03012Z1" | "F01151Z1", an8: number) => {
      const { transactionNumber, batchId } = (await transactionsOf(table, an8)).at(-1)!;
      return { table, addressNumber: String(an8), transactionNumber, batchId, stampedAt };
    };
    expect(refused).toEqual([
      await row("F0101Z2", 500001),
      await row("F03012Z1", 90001),
      await row("F01151Z1", 90001),
    ]);
    expect(await port("OTHERUSER").refusedUpdates!(new Date(stampedAt.getTime() - DAY_MS))).toEqual([]);
    expect(await customers.refusedUpdates!(new Date(stampedAt.getTime() + 1000))).toEqual([]);

    // A later row of the same kind supersedes the refusal, whatever became of it.
    sim.control.customers.clearRejections();
    fake.advance(60_000);
    await customers.write([changeRow("1", 7001, "500001", "ALPH", { ALPH: "Ada Byron" })]);
    expect((await customers.refusedUpdates!(stampedAt)).map((item) => item.table)).toEqual([
      "F03012Z1",
      "F01151Z1",
    ]);
    await sim.control.runCustomerProcessors();
    expect((await transactionsOf("F0101Z2", 500001)).map((item) => item.processed)).toEqual(["Y", "N", "Y"]);
    expect(sim.customers.get(500001)?.alphaName).toBe("Ada Byron");

    // Older than the window: not read at all.
    fake.advance(8 * DAY_MS);
    expect(await customers.refusedUpdates!(new Date(fake.clock.now().getTime() - 7 * DAY_MS))).toEqual([]);
  });
});
