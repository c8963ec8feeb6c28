import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../../sim/jde/index.js";
import { JDE_DATABASE_TABLES } from "../../../sim/jde/jde-database-tables.js";
import {
  type FreshJdeDatabase,
  freshJdeDatabase,
  STAND_IN_DIALECTS,
  selectAll,
} from "../../../sim/jde/jde-database-test-helpers.js";
import { createSilentLogger } from "../../lib/logger.js";
import type { KeyedDocument } from "../../posting/journal-poster.js";
import { createFakeClock } from "../../shopify/fake-clock.test-helper.js";
import { makeDocument } from "../test-support.js";
import { JdeDatabaseError } from "./jde-database-error.js";
import type { JdeDatabasePort } from "./jde-database-port.js";
import { openJdeDatabasePort } from "./open-jde-database-port.js";
import { createZTableJournalPoster, type ZTableJournalPosterDeps } from "./ztable-journal-poster.js";

const INTERVAL_MS = 300_000;
const SPEC = JDE_DATABASE_TABLES.F0911Z1;

describe.each(STAND_IN_DIALECTS)("Z-table journal poster on %s stand-in tables", (dialect) => {
  let fresh: FreshJdeDatabase;
  let database: JdeDatabasePort;
  let fake: ReturnType<typeof createFakeClock>;
  let sim: JdeSimulator | undefined;

  beforeEach(async () => {
    fresh = await freshJdeDatabase(dialect);
    database = await openPort(fresh);
    fake = createFakeClock();
  });

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    await database.close();
    await fresh.dispose();
  });

  function poster(overrides: Partial<ZTableJournalPosterDeps> = {}) {
    return createZTableJournalPoster({
      database,
      owner: fresh.options.owner ?? "PRODDTA",
      ediUser: "SHOPIFY",
      processor: { intervalMs: INTERVAL_MS, failAfterCycles: 3 },
      clock: fake.clock,
      log: createSilentLogger(),
      ...overrides,
    });
  }

  /** The simulator's R09110Z over the same tables, paused: it runs only on `runProcessor()`. */
  async function processor(): Promise<JdeSimulator> {
    sim = await startJdeSimulator({ database: fresh.options, processorIntervalMs: 3_600_000 });
    sim.control.pauseProcessor();
    return sim;
  }

  it("reads the table's columns from the catalogue, in order, with their kinds and widths", async () => {
    const shape = await database.columns({ owner: fresh.options.owner ?? "PRODDTA", name: "F0911Z1" });
    expect(shape.columns.map((c) => [c.name, c.kind, c.kind === "char" ? c.length : undefined])).toEqual(
      SPEC.columns.map((c) => [
        c.name,
        c.kind === "char" ? "char" : "number",
        c.kind === "char" ? c.length : undefined,
      ]),
    );
  });

  it("stages a batch as rows that name every column: CHAR padded, no NULL, Julian date, EDLN 1000 steps, balanced", async () => {
    const documents = [makeDocument({ order: 1042, glDate: "2025-06-30" }), makeDocument({ order: 1043 })];
    const outcomes = await poster().postBatch({ batchId: "BTEST0001", documents });
    expect(outcomes).toEqual([
      { transactionNumber: "S1042A1", status: "staged" },
      { transactionNumber: "S1043A1", status: "staged" },
    ]);
    const rows = await selectAll(fresh.writer, "F0911Z1");
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      for (const column of SPEC.columns) {
        const value = row[column.name];
        expect(value, column.name).not.toBeNull();
        if (column.kind === "char") expect(String(value), column.name).toHaveLength(column.length);
        else expect(Number.isInteger(Number(value)), column.name).toBe(true);
      }
    }
    const first = rows.filter((row) => String(row.VNEDTN).trim() === "S1042A1");
    expect(first.map((row) => Number(row.VNEDLN))).toEqual([1000, 2000, 3000]);
    expect(first.map((row) => Number(row.VNDGJ))).toEqual([125_181, 125_181, 125_181]);
    expect(first.map((row) => Number(row.VNAA))).toEqual([12_744, -11_470, -1_274]);
    expect(first.map((row) => row.VNMCU)).toEqual(["         100", "         100", "         100"]);
    for (const edtn of ["S1042A1", "S1043A1"]) {
      const amounts = rows.filter((row) => String(row.VNEDTN).trim() === edtn).map((row) => Number(row.VNAA));
      expect(amounts.reduce((sum, amount) => sum + amount, 0)).toBe(0);
    }
    expect(new Set(rows.map((row) => `${row.VNEDSP}${row.VNEDTC}${row.VNEDTR}`))).toEqual(new Set(["0AJ"]));
  });

  it.each([
    ["JPY", 0, 12_744n, 12_744],
    ["USD", 2, 12_744n, 12_744],
    ["KWD", 3, 12_745n, 12_745],
  ])(
    "stores %s amounts with the company currency's %i implied decimals",
    async (currency, decimals, minor, stored) => {
      const base = makeDocument({ order: 7 });
      const document: KeyedDocument = {
        ...base,
        document: {
          ...base.document,
          currency,
          decimals,
          lines: [
            { ...base.document.lines[0]!, amountMinor: minor },
            { ...base.document.lines[1]!, amountMinor: -minor },
          ],
        },
      };
      const outcomes = await poster({ companyCurrency: { code: currency, decimals } }).postBatch({
        batchId: "BCUR",
        documents: [document],
      });
      expect(outcomes[0]?.status).toBe("staged");
      const rows = await selectAll(fresh.writer, "F0911Z1");
      expect(rows.map((row) => [String(row.VNCRCD), Number(row.VNAA)])).toEqual([
        [currency, stored],
        [currency, -stored],
      ]);
    },
  );

  it("rejects a document JDE cannot hold, and stages the rest of the batch", async () => {
    const tooLong = makeDocument({ order: 1, reference: "R".repeat(26) });
    const otherCurrency = {
      ...makeDocument({ order: 2 }),
      document: { ...makeDocument({ order: 2 }).document, currency: "EUR" },
    };
    const outcomes = await poster({ companyCurrency: { code: "USD", decimals: 2 } }).postBatch({
      batchId: "BMIX",
      documents: [tooLong, otherCurrency, makeDocument({ order: 3 })],
    });
    expect(outcomes).toEqual([
      expect.objectContaining({
        transactionNumber: "S1A1",
        status: "rejected",
        errors: [expect.objectContaining({ code: "MLC_JDE_FIELD_INVALID" })],
      }),
      expect.objectContaining({
        transactionNumber: "S2A1",
        status: "rejected",
        errors: [expect.objectContaining({ code: "MLC_CURRENCY_MISMATCH" })],
      }),
      { transactionNumber: "S3A1", status: "staged" },
    ]);
    expect(
      new Set((await selectAll(fresh.writer, "F0911Z1")).map((row) => String(row.VNEDTN).trim())),
    ).toEqual(new Set(["S3A1"]));
  });

  it("writes a batch bigger than one INSERT statement", async () => {
    const documents = Array.from({ length: 100 }, (_, index) => makeDocument({ order: index + 1 }));
    const outcomes = await poster().postBatch({ batchId: "BBIG", documents });
    expect(outcomes.filter((outcome) => outcome.status === "staged")).toHaveLength(100);
    expect(await selectAll(fresh.writer, "F0911Z1")).toHaveLength(300);
  });

  it("writes a batch in one transaction: a failure after its first INSERT leaves no rows and is retryable", async () => {
    const inserts = { count: 0 };
    const failing = failAtSecondInsert(database, inserts);
    const documents = Array.from({ length: 400 }, (_, index) => makeDocument({ order: index + 1 }));
    const outcome = poster({ database: failing }).postBatch({ batchId: "BFAIL", documents });
    await expect(outcome).rejects.toMatchObject({ code: "MLC_JDE_DATABASE_UNAVAILABLE", retryable: true });
    expect(inserts.count).toBe(2);
    expect(await selectAll(fresh.writer, "F0911Z1")).toEqual([]);
  });

  it("never writes a second copy: a key already staged in any batch gets no outcome, so the sender looks it up", async () => {
    const zPoster = poster();
    await zPoster.postBatch({ batchId: "B1", documents: [makeDocument({ order: 1 })] });
    const outcomes = await zPoster.postBatch({
      batchId: "B2",
      documents: [makeDocument({ order: 1 }), makeDocument({ order: 2 })],
    });
    expect(outcomes).toEqual([{ transactionNumber: "S2A1", status: "staged" }]);
    const rows = await selectAll(fresh.writer, "F0911Z1");
    expect(
      rows.filter((row) => String(row.VNEDTN).trim() === "S1A1").map((row) => String(row.VNEDBT).trim()),
    ).toEqual(["B1", "B1", "B1"]);
    expect(await zPoster.lookup([makeDocument({ order: 1 })])).toEqual([
      { transactionNumber: "S1A1", status: "staged" },
    ]);
  });

  it("a primary-key violation rolls the batch back and leaves every outcome to the look-up", async () => {
    await poster().postBatch({ batchId: "B1", documents: [makeDocument({ order: 1 })] });
    const before = await selectAll(fresh.writer, "F0911Z1");
    const blind = poster({ database: hidingStagedRows(database) });
    const outcomes = await blind.postBatch({
      batchId: "B1",
      documents: [makeDocument({ order: 2 }), makeDocument({ order: 1 })],
    });
    expect(outcomes).toEqual([]);
    expect(await selectAll(fresh.writer, "F0911Z1")).toEqual(before);
  });

  it("looks up: staged until R09110Z runs, then accepted with JDE's document and batch numbers", async () => {
    const jde = await processor();
    const zPoster = poster();
    const documents = [makeDocument({ order: 1 }), makeDocument({ order: 2 })];
    await zPoster.postBatch({ batchId: "BLOOK", documents });
    expect((await zPoster.lookup(documents)).map((o) => o.status)).toEqual(["staged", "staged"]);
    await jde.control.runProcessor();
    const outcomes = await zPoster.lookup(documents);
    expect(outcomes).toEqual([
      expect.objectContaining({
        status: "accepted",
        documentNumber: expect.any(Number),
        batchNumber: expect.any(Number),
      }),
      expect.objectContaining({ status: "accepted", documentNumber: expect.any(Number) }),
    ]);
    expect(outcomes[0]!.documentNumber).not.toBe(outcomes[1]!.documentNumber);
    const icu = outcomes[0]!.batchNumber!;
    expect(await zPoster.batchStates([icu, 999_999])).toEqual([
      { batchNumber: icu, status: "A", approved: true, posted: false, documents: 2 },
    ]);
  });

  it("reports a document still unprocessed after failAfterCycles processor intervals as rejected", async () => {
    const jde = await processor();
    const zPoster = poster();
    const document = makeDocument({ order: 1 });
    await zPoster.postBatch({ batchId: "BREJ", documents: [document] });
    jde.control.rejectOnProcess(document.transactionNumber);
    await jde.control.runProcessor();
    fake.advance(3 * INTERVAL_MS - 1_000);
    expect((await zPoster.lookup([document]))[0]?.status).toBe("staged");
    fake.advance(1_000);
    const [outcome] = await zPoster.lookup([document]);
    expect(outcome).toMatchObject({ status: "rejected", errors: [{ code: "MLC_JDE_BATCH_UNPROCESSED" }] });
    expect(outcome!.errors![0]!.description).toMatch(
      /3 R09110Z cycles.*P0911Z1.*Work Center of user SHOPIFY/,
    );
  });

  it("answers not-found for a key JDE never saw", async () => {
    expect(await poster().lookup([makeDocument({ order: 9 })])).toEqual([
      { transactionNumber: "S9A1", status: "not-found" },
    ]);
  });

  it("finds a document in F0911 by reference after its staging rows were purged, one ledger document per key", async () => {
    const jde = await processor();
    const zPoster = poster();
    const documents = [
      makeDocument({ order: 5, sequence: 1 }),
      makeDocument({ order: 5, sequence: 2, totalMinor: 500n }),
    ];
    await zPoster.postBatch({ batchId: "BPURGE", documents });
    await jde.control.runProcessor();
    const processed = await zPoster.lookup(documents);
    await fresh.writer.query(`DELETE FROM ${fresh.writer.tableName("F0911Z1")}`);
    const purged = await zPoster.lookup(documents);
    expect(purged.map((o) => [o.status, o.documentNumber, o.batchNumber])).toEqual(
      processed.map((o) => ["accepted", o.documentNumber, o.batchNumber]),
    );
    expect(purged[0]!.documentNumber).not.toBe(purged[1]!.documentNumber);
  });

  it("never matches a missing document to the F0911 entry of its already-confirmed twin", async () => {
    const jde = await processor();
    const zPoster = poster();
    const first = makeDocument({ order: 6, sequence: 1 });
    const twin = makeDocument({ order: 6, sequence: 2 }); // same date, reference and amounts, never staged
    await zPoster.postBatch({ batchId: "BTWIN", documents: [first] });
    await jde.control.runProcessor();
    const [posted] = await zPoster.lookup([first]);
    expect(posted?.status).toBe("accepted");
    const [careful] = await zPoster.lookup([{ ...twin, confirmedTwins: [posted!.documentNumber!] }]);
    expect(careful?.status).toBe("not-found");
  });
});

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
function failAtSecondInsert(database: JdeDatabasePort, inserts: { count: number }): JdeDatabasePort {
  const insert = async (run: () => Promise<number>) => {
    inserts.count += 1;
    if (inserts.count > 1) throw new JdeDatabaseError("unavailable", "connection lost mid-batch");
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

/** A port whose transactions do not see staged rows: the insert itself meets the primary key. */
function hidingStagedRows(database: JdeDatabasePort): JdeDatabasePort {
  return {
    ...database,
    transaction: (fn) => database.transaction((tx) => fn({ ...tx, query: async () => [] })),
  };
}
