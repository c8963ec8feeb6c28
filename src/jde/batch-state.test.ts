import { afterEach, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import type { AisClient } from "./ais-client.js";
import { readBatchStates } from "./batch-state.js";
import { makeDocument, simClient, simPoster } from "./test-support.js";

describe("readBatchStates against the JDE simulator", () => {
  let sim: JdeSimulator | undefined;
  let ais: AisClient | undefined;
  afterEach(async () => {
    await ais?.close();
    await sim?.close();
  });

  async function postTwoBatches() {
    sim = await startJdeSimulator({ processing: "sync" });
    ais = simClient(sim.url);
    const poster = simPoster(ais!);
    const first = await poster.postBatch({
      batchId: "B1",
      documents: [makeDocument({ order: 1 }), makeDocument({ order: 2 })],
    });
    const second = await poster.postBatch({ batchId: "B2", documents: [makeDocument({ order: 3 })] });
    return { poster, icus: [first[0]!.batchNumber!, second[0]!.batchNumber!] };
  }

  it("reads each batch's F0011 status and whether its ledger lines are posted, in two calls", async () => {
    const { poster, icus } = await postTwoBatches();
    const before = sim!.stats().businessCalls;
    const states = await poster.batchStates!(icus);
    expect(sim!.stats().businessCalls - before).toBe(2);
    expect(states.sort((a, b) => a.batchNumber - b.batchNumber)).toEqual([
      { batchNumber: icus[0], status: "A", approved: true, posted: false, documents: 2 },
      { batchNumber: icus[1], status: "A", approved: true, posted: false, documents: 1 },
    ]);

    // JDE's G/L post (R09801) ran over the first batch: lines posted, header D.
    for (const line of sim!.tables.F0911.filter((l) => l.GLICU === icus[0])) line.GLPOST = "P";
    const header = sim!.tables.F0011.find((h) => h.ICICU === icus[0])!;
    header.ICIST = "D";
    const after = await readBatchStates(ais!, icus);
    expect(after.find((s) => s.batchNumber === icus[0])).toMatchObject({ status: "D", posted: true });
    expect(after.find((s) => s.batchNumber === icus[1])).toMatchObject({ posted: false });
  });

  it("reports a batch awaiting manager approval as not approved, and nothing for unknown batches", async () => {
    const { icus } = await postTwoBatches();
    sim!.tables.F0011.find((h) => h.ICICU === icus[1])!.ICIST = "P";
    const states = await readBatchStates(ais!, [icus[1]!, 999_999]);
    expect(states).toEqual([
      { batchNumber: icus[1], status: "P", approved: false, posted: false, documents: 1 },
    ]);
    expect(await readBatchStates(ais!, [])).toEqual([]);
  });
});
