import { afterEach, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import type { AisClient } from "./ais-client.js";
import { lookupJournalDocuments } from "./journal-lookup.js";
import { makeDocument, simClient, simPoster } from "./test-support.js";

describe("lookupJournalDocuments: twins under one reference", () => {
  let sim: JdeSimulator | undefined;
  let ais: AisClient | undefined;
  afterEach(async () => {
    await ais?.close();
    await sim?.close();
  });

  it("never matches a missing document to the ledger entry of its already-confirmed twin", async () => {
    sim = await startJdeSimulator({ processing: "sync" });
    ais = simClient(sim.url);
    const poster = simPoster(ais!);
    // Two identical refunds of order #7 on one day: the first posted, the second lost on the way.
    const first = makeDocument({ order: 7, sequence: 1 });
    const second = makeDocument({ order: 7, sequence: 2 });
    const [posted] = await poster.postBatch({ batchId: "T1", documents: [first] });
    expect(posted?.status).toBe("accepted");

    const [blind] = await lookupJournalDocuments(ais, [second], "VINV");
    expect(blind?.status).toBe("accepted"); // the trap: same reference, date and amounts
    const [careful] = await lookupJournalDocuments(
      ais,
      [{ ...second, confirmedTwins: [posted!.documentNumber!] }],
      "VINV",
    );
    expect(careful?.status).toBe("not-found");
  });
});
