import { afterEach, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import type { JournalPoster } from "../posting/journal-poster.js";
import type { AisClient } from "./ais-client.js";
import { makeDocument, simClient, simPoster } from "./test-support.js";

interface Harness {
  sim: JdeSimulator;
  ais: AisClient;
  poster: JournalPoster;
}

async function start(options: { processing: "staged" | "sync"; version?: "v3" | "v2" }): Promise<Harness> {
  const sim = await startJdeSimulator({
    port: 0,
    processing: options.processing,
    processorIntervalMs: 3_600_000,
  });
  const ais = simClient(sim.url);
  const poster = simPoster(ais, options.version);
  return { sim, ais, poster };
}

describe("createOrchestrationJournalPoster against the JDE simulator", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.ais.close();
    await harness?.sim.close();
    harness = undefined;
  });

  it("stages two balanced documents and rejects the unbalanced one, in one orchestration call", async () => {
    harness = await start({ processing: "staged" });
    const { poster, sim, ais } = harness;
    const batch = {
      batchId: "M000042",
      documents: [
        makeDocument({ order: 1042 }),
        makeDocument({ order: 1043, unbalancedBy: 1n }),
        makeDocument({ order: 1044 }),
      ],
    };
    const outcomes = await poster.postBatch(batch);
    expect(outcomes.map((o) => [o.transactionNumber, o.status])).toEqual([
      ["S1042A1", "staged"],
      ["S1043A1", "rejected"],
      ["S1044A1", "staged"],
    ]);
    expect(outcomes[1]?.errors).toEqual([
      { code: "0019", description: expect.stringContaining("Document Out Of Balance") },
    ]);
    expect(sim.tables.F0911Z1.filter((row) => row.VNEDTN === "S1042A1")).toHaveLength(3);
    expect(sim.stats().calls["v3/orchestrator/MLC_JournalEntryBatch"]).toBe(1);
    expect(ais.stats()).toMatchObject({ logins: 1, calls: 1 });
  });

  it("confirms staged documents by lookup once the batch processor ran", async () => {
    harness = await start({ processing: "staged" });
    const { poster, sim, ais } = harness;
    const documents = [makeDocument({ order: 2001 }), makeDocument({ order: 2002 })];
    await poster.postBatch({ batchId: "M000043", documents });
    expect((await poster.lookup(documents)).map((o) => o.status)).toEqual(["staged", "staged"]);
    await sim.control.runProcessor();
    const before = ais.stats().calls;
    const confirmed = await poster.lookup(documents);
    expect(ais.stats().calls - before).toBe(1); // F0911Z1 answers with DOC and ICU: no F0911 read
    for (const outcome of confirmed) {
      expect(outcome.status).toBe("accepted");
      expect(outcome.documentNumber).toBeGreaterThan(0);
      expect(outcome.batchNumber).toBeGreaterThan(0);
    }
    expect(sim.ledger.sumsByReference("#2001").get("100.1115")).toBe(12_744n);
  });

  it("answers not-found for a key that was never sent, with one read per table", async () => {
    harness = await start({ processing: "staged" });
    const { poster, ais } = harness;
    const before = ais.stats().calls;
    expect(await poster.lookup([makeDocument({ order: 9999 })])).toEqual([
      { transactionNumber: "S9999A1", status: "not-found" },
    ]);
    expect(ais.stats().calls - before).toBe(2);
  });

  it("finds accepted documents in F0911 by reference after the Z rows were purged", async () => {
    harness = await start({ processing: "sync" });
    const { poster, sim } = harness;
    const first = makeDocument({ order: 3001, sequence: 1, totalMinor: 5_000n });
    const second = makeDocument({ order: 3001, sequence: 2, totalMinor: 7_000n, glDate: "2026-11-28" });
    const posted = await poster.postBatch({ batchId: "M000044", documents: [first, second] });
    expect(posted.map((o) => o.status)).toEqual(["accepted", "accepted"]);
    sim.tables.F0911Z1.splice(0, sim.tables.F0911Z1.length);
    const found = await poster.lookup([
      second,
      first,
      makeDocument({ order: 3001, sequence: 3, totalMinor: 9_000n }),
    ]);
    expect(found.map((o) => [o.transactionNumber, o.status, o.documentNumber])).toEqual([
      ["S3001A2", "accepted", posted[1]?.documentNumber],
      ["S3001A1", "accepted", posted[0]?.documentNumber],
      ["S3001A3", "not-found", undefined],
    ]);
  });

  it("posts through v2 with JDE Standard detailInputs and string outputs", async () => {
    harness = await start({ processing: "sync", version: "v2" });
    const { poster, sim } = harness;
    const outcomes = await poster.postBatch({
      batchId: "M000045",
      documents: [makeDocument({ order: 4001 }), makeDocument({ order: 4002, unbalancedBy: -5n })],
    });
    expect(outcomes[0]).toMatchObject({ transactionNumber: "S4001A1", status: "accepted" });
    expect(typeof outcomes[0]?.documentNumber).toBe("number");
    expect(outcomes[1]).toMatchObject({ status: "rejected", errors: [{ code: "0019" }] });
    expect(sim.stats().calls["v2/orchestrator/MLC_JournalEntryBatch"]).toBe(1);
  });

  it.each([
    ["EDTN", { transactionNumber: "S".repeat(23) }],
    ["EDUS", { ediUser: "SHOPIFY_EDI_" }],
    ["VINV", { reference: "#".repeat(26) }],
    ["EDTN", { transactionNumber: "" }],
  ])("refuses a batch whose %s does not fit before any call", async (_field, override) => {
    harness = await start({ processing: "staged" });
    const { poster, sim, ais } = harness;
    await expect(
      poster.postBatch({ batchId: "M000046", documents: [makeDocument({ order: 5001, ...override })] }),
    ).rejects.toMatchObject({ code: "MLC_JDE_FIELD_INVALID", retryable: false });
    expect(ais.stats()).toMatchObject({ logins: 0, calls: 0 });
    expect(sim.stats().tokenRequests).toBe(0);
  });

  it("refuses a batch id longer than 15 and duplicate keys in one batch", async () => {
    harness = await start({ processing: "staged" });
    const { poster } = harness;
    const document = makeDocument({ order: 5002 });
    await expect(poster.postBatch({ batchId: "B".repeat(16), documents: [document] })).rejects.toMatchObject({
      code: "MLC_JDE_FIELD_INVALID",
    });
    await expect(poster.postBatch({ batchId: "M1", documents: [document, document] })).rejects.toMatchObject({
      code: "MLC_JDE_FIELD_INVALID",
    });
    expect(harness.ais.stats().calls).toBe(0);
  });

  it("truncates long explanations to 30 characters instead of refusing", async () => {
    harness = await start({ processing: "staged" });
    const { poster, sim } = harness;
    const document = makeDocument({
      order: 5003,
      explanation: "Shopify order #5003 for a very long customer name",
    });
    const [outcome] = await poster.postBatch({ batchId: "M000047", documents: [document] });
    expect(outcome?.status).toBe("staged");
    expect(sim.tables.F0911Z1[0]?.VNEXA).toBe("Shopify order #5003 for a very");
  });

  it("re-logs in and posts when the token expired between batches (1 call per batch when valid)", async () => {
    harness = await start({ processing: "staged" });
    const { poster, sim, ais } = harness;
    await poster.postBatch({ batchId: "M1", documents: [makeDocument({ order: 6001 })] });
    sim.control.resetStats();
    await poster.postBatch({ batchId: "M2", documents: [makeDocument({ order: 6002 })] });
    // The session check before each batch is the sender's (beforeBatch), not the poster's.
    expect(sim.stats().validateRequests + sim.stats().businessCalls + sim.stats().tokenRequests).toBe(1);
    sim.control.expireAllTokens();
    const [outcome] = await poster.postBatch({ batchId: "M3", documents: [makeDocument({ order: 6003 })] });
    expect(outcome?.status).toBe("staged");
    expect(ais.stats()).toMatchObject({ logins: 2, reauths: 1 });
  });
});

describe("createOrchestrationJournalPoster response handling (stubbed AIS)", () => {
  function posterAnswering(body: unknown) {
    const ais = {
      ensureSession: async () => undefined,
      call: async () => body,
    } as unknown as AisClient;
    return simPoster(ais);
  }
  const batch = { batchId: "M1", documents: [makeDocument({ order: 1 }), makeDocument({ order: 2 })] };

  it("treats an answer without Documents as every document staged", async () => {
    const outcomes = await posterAnswering({ jde__status: "SUCCESS" }).postBatch(batch);
    expect(outcomes.map((o) => o.status)).toEqual(["staged", "staged"]);
  });

  it("fails the whole call on jde__status ERROR without Documents", async () => {
    await expect(
      posterAnswering({ jde__status: "ERROR", message: "step failed" }).postBatch(batch),
    ).rejects.toMatchObject({ code: "MLC_AIS_ORCHESTRATION_ERROR", retryable: false });
  });

  it("reports an unknown outcome when a document is missing from the answer", async () => {
    await expect(
      posterAnswering({ Documents: [{ EDTN: "S1A1", status: "accepted", DOC: 7, ICU: 9 }] }).postBatch(batch),
    ).rejects.toMatchObject({ code: "MLC_AIS_RESPONSE_INVALID", retryable: true });
  });

  it("reads v2 string outputs, a JSON-text Documents array included", async () => {
    const documents = JSON.stringify([
      { EDTN: "S1A1", status: "accepted", DOC: "26000001", ICU: "70001" },
      { EDTN: "S2A1", status: "rejected", errors: [{ CODE: "0019", DESC: "Document Out Of Balance" }] },
    ]);
    expect(await posterAnswering({ Documents: documents }).postBatch(batch)).toEqual([
      { transactionNumber: "S1A1", status: "accepted", documentNumber: 26000001, batchNumber: 70001 },
      {
        transactionNumber: "S2A1",
        status: "rejected",
        errors: [{ code: "0019", description: "Document Out Of Balance" }],
      },
    ]);
  });
});
