import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../lib/clock.js";
import { createSilentLogger } from "../lib/logger.js";
import { createBatchSender } from "../posting/batch-sender.js";
import type {
  DocumentOutcome,
  JournalBatch,
  JournalPoster,
  KeyedDocument,
} from "../posting/journal-poster.js";
import type { PostingDocument } from "../posting/posting-store.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { createExceptionList } from "./exceptions.js";
import { gid, lines, TENANT } from "./exceptions-fixtures.test-helper.js";
import { createReplay } from "./replay.js";

/** JDE as the batch sender sees it: the first batch is rejected, look-ups answer `lookup`. */
function fakeJde(lookup: DocumentOutcome["status"]) {
  const batches: JournalBatch[] = [];
  const poster: JournalPoster = {
    description: "fake",
    async postBatch(batch) {
      batches.push(batch);
      return batch.documents.map((d) =>
        batches.length === 1
          ? {
              transactionNumber: d.transactionNumber,
              status: "rejected",
              errors: [{ code: "0099", description: "MBF" }],
            }
          : {
              transactionNumber: d.transactionNumber,
              status: "accepted",
              documentNumber: 5001,
              batchNumber: 9,
            },
      );
    },
    async lookup(documents: KeyedDocument[]) {
      return documents.map((d) => ({
        transactionNumber: d.transactionNumber,
        status: lookup,
        ...(lookup === "accepted" ? { documentNumber: 4711, batchNumber: 8 } : {}),
        ...(lookup === "rejected"
          ? { errors: [{ code: "MLC_JDE_BATCH_UNPROCESSED", description: "still EDSP 0" }] }
          : {}),
      }));
    },
    batchStates: async () => [],
  };
  return { poster, batches };
}

/**
 * The replay of a rejected document is exactly-once: it goes back to `unknown`, so the batch sender looks
 * it up in JDE before anything is sent again (PostingStore.requeueRejected says why).
 */
describe("replaying a rejected document", () => {
  let store: Store;
  const clock: Clock = { now: () => new Date("2026-11-27T12:00:00Z"), sleep: async () => {} };

  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock });
    await store.migrate();
    await store.posting.recordDocuments({
      tenantId: TENANT,
      orderId: gid(1),
      orderName: "#1",
      documents: [
        { glDate: "2026-11-20", currency: "USD", decimals: 2, lines: lines(2_500n), eventIds: ["sale-1"] },
      ],
      edtnForSequence: (sequence) => `S1-${sequence}`,
    });
  });
  afterEach(async () => store.close());

  async function rejectThenReplay(jde: ReturnType<typeof fakeJde>) {
    const sender = createBatchSender({
      tenantId: TENANT,
      header: { ediUser: "SHOPIFY", company: "00100", documentType: "JE" },
      posting: store.posting,
      poster: jde.poster,
      audit: store.audit,
      clock,
      log: createSilentLogger(),
      maxDocuments: 100,
      maxWaitMs: 0,
      confirmIntervalMs: 10,
    });
    expect(await sender.sendOnce()).toBe(1);
    const exceptions = createExceptionList({
      jobs: store.jobs,
      posting: store.posting,
      audit: store.audit,
      clock,
    });
    const replay = createReplay({
      exceptions,
      jobs: store.jobs,
      posting: store.posting,
      audit: store.audit,
      clock,
    });
    const outcome = await replay.replay({
      tenantId: TENANT,
      selector: { status: "rejected" },
      reason: "MBF fixed",
      requestedBy: "controller",
      dryRun: false,
    });
    expect(outcome.type === "report" && outcome.report.replayed.length).toBe(1);
    return sender;
  }

  const document = async () =>
    (await store.posting.listDocuments({ tenantId: TENANT }))[0] as PostingDocument;

  it("confirms it without sending when JDE posted its rows after all (staged rows processed later)", async () => {
    const jde = fakeJde("accepted");
    const sender = await rejectThenReplay(jde);
    expect(await sender.sendOnce()).toBe(0);
    await sender.confirmOnce();
    expect(await sender.sendOnce()).toBe(0);
    expect(jde.batches).toHaveLength(1);
    expect(await document()).toMatchObject({ status: "confirmed", documentNumber: "4711", batchNumber: "8" });
  });

  it("re-sends it under its first batch id once a look-up proves JDE holds none of it", async () => {
    const jde = fakeJde("not-found");
    const sender = await rejectThenReplay(jde);
    const firstBatch = jde.batches[0]!.batchId;
    expect(await sender.sendOnce()).toBe(0);
    await sender.confirmOnce();
    expect(await sender.sendOnce()).toBe(1);
    expect(jde.batches.map((b) => b.batchId)).toEqual([firstBatch, firstBatch]);
    expect(await document()).toMatchObject({ status: "accepted", documentNumber: "5001" });
  });

  it("leaves it rejected, unsent, while its rows still wait in error in JDE", async () => {
    const jde = fakeJde("rejected");
    const sender = await rejectThenReplay(jde);
    await sender.confirmOnce();
    expect(await sender.sendOnce()).toBe(0);
    expect(jde.batches).toHaveLength(1);
    expect(await document()).toMatchObject({
      status: "rejected",
      errors: [{ code: "MLC_JDE_BATCH_UNPROCESSED", description: "still EDSP 0" }],
    });
  });
});
