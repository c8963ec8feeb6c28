import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JournalLine } from "../domain/journal.js";
import { CircuitOpenError, createCircuitBreaker } from "../lib/circuit-breaker.js";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createSilentLogger } from "../lib/logger.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { createBatchSender } from "./batch-sender.js";
import type { DocumentOutcome, JournalBatch, JournalPoster, KeyedDocument } from "./journal-poster.js";
import { transactionNumberFor } from "./transaction-number.js";

const account = (object: string) => ({ businessUnit: "100", object, subsidiary: "" });
const lines = (amount: bigint): JournalLine[] => [
  { account: account("1115"), amountMinor: amount, kind: "clearing", explanation: "Shopify Payments" },
  { account: account("4100"), amountMinor: -amount, kind: "revenue", explanation: "Product revenue" },
];

/** A JDE stand-in: answers each batch from a script and remembers what it holds, for look-ups. */
function fakePoster(answer: (batch: JournalBatch) => DocumentOutcome[] | Error) {
  const held = new Map<string, DocumentOutcome>();
  const batches: JournalBatch[] = [];
  const lookups: string[][] = [];
  const poster: JournalPoster = {
    description: "fake",
    async postBatch(batch) {
      batches.push(batch);
      const result = answer(batch);
      if (result instanceof Error) throw result;
      for (const outcome of result)
        if (outcome.status !== "rejected") held.set(outcome.transactionNumber, outcome);
      return result;
    },
    batchStates: async () => [],
    async lookup(documents: KeyedDocument[]) {
      lookups.push(documents.map((d) => d.transactionNumber));
      return documents.map(
        (d) =>
          held.get(d.transactionNumber) ?? {
            transactionNumber: d.transactionNumber,
            status: "not-found" as const,
          },
      );
    },
  };
  return { poster, batches, lookups, held };
}

const accepted = (batch: JournalBatch): DocumentOutcome[] =>
  batch.documents.map((d, i) => ({
    transactionNumber: d.transactionNumber,
    status: "accepted",
    documentNumber: 1000 + i,
    batchNumber: 7,
  }));

describe("batch sender", () => {
  let store: Store;
  let nowMs: number;
  const clock: Clock = { now: () => new Date(nowMs), sleep: async () => {} };

  beforeEach(async () => {
    nowMs = Date.parse("2026-11-27T12:00:00Z");
    store = await openStore("sqlite::memory:", { clock });
    await store.migrate();
  });
  afterEach(async () => store.close());

  async function record(orderNumber: number, documents: bigint[]) {
    const orderId = `gid://shopify/Order/${orderNumber}`;
    await store.posting.recordDocuments({
      tenantId: "t",
      orderId,
      orderName: `#${orderNumber}`,
      documents: documents.map((amount, i) => ({
        glDate: `2026-11-2${i}`,
        currency: "USD",
        decimals: 2,
        lines: lines(amount),
        eventIds: [`${orderId}/event/${i}`],
      })),
      edtnForSequence: (sequence) => transactionNumberFor(orderId, sequence),
    });
  }

  function sender(poster: JournalPoster, extra: Partial<Parameters<typeof createBatchSender>[0]> = {}) {
    return createBatchSender({
      tenantId: "t",
      header: { ediUser: "SHOPIFY", company: "00100", documentType: "JE" },
      posting: store.posting,
      poster,
      audit: store.audit,
      clock,
      log: createSilentLogger(),
      maxDocuments: 100,
      maxWaitMs: 0,
      confirmIntervalMs: 10,
      staleSentMs: 60_000,
      ...extra,
    });
  }

  it("sends the ready documents of many orders in one call and records JDE's numbers", async () => {
    for (const n of [1, 2, 3]) await record(n, [1000n]);
    const jde = fakePoster(accepted);
    expect(await sender(jde.poster).sendOnce()).toBe(3);
    expect(jde.batches).toHaveLength(1);
    const docs = await store.posting.listDocuments({ tenantId: "t" });
    expect(docs.map((d) => [d.status, d.documentNumber, d.batchNumber])).toEqual([
      ["accepted", "1000", "7"],
      ["accepted", "1001", "7"],
      ["accepted", "1002", "7"],
    ]);
  });

  it("sends an order's documents one at a time, in sequence", async () => {
    await record(1, [1000n, 2000n]);
    const jde = fakePoster((batch) =>
      batch.documents.map((d) => ({ transactionNumber: d.transactionNumber, status: "staged" })),
    );
    const s = sender(jde.poster);
    expect(await s.sendOnce()).toBe(1);
    expect(jde.batches[0]!.documents.map((d) => d.transactionNumber)).toEqual([
      transactionNumberFor("gid://shopify/Order/1", 1),
    ]);
    expect(await s.sendOnce()).toBe(0); // the first is staged, not yet confirmed
    jde.held.set(transactionNumberFor("gid://shopify/Order/1", 1), {
      transactionNumber: transactionNumberFor("gid://shopify/Order/1", 1),
      status: "accepted",
      documentNumber: 5,
    });
    await s.confirmOnce();
    expect(await s.sendOnce()).toBe(1);
    expect(jde.batches[1]!.documents.map((d) => d.transactionNumber)).toEqual([
      transactionNumberFor("gid://shopify/Order/1", 2),
    ]);
  });

  it("re-sends a document whose call failed only after a look-up proves JDE does not have it", async () => {
    await record(1, [1000n]);
    let calls = 0;
    const jde = fakePoster((batch) => (++calls === 1 ? new Error("socket hang up") : accepted(batch)));
    const s = sender(jde.poster);
    await expect(s.sendOnce()).rejects.toThrow("socket hang up");
    expect((await store.posting.listDocuments({ tenantId: "t" }))[0]!.status).toBe("unknown");
    expect(await s.sendOnce()).toBe(0); // unknown blocks a blind resend
    await s.confirmOnce();
    expect(jde.lookups).toHaveLength(1);
    expect(await s.sendOnce()).toBe(1);
    expect(jde.batches.map((b) => b.documents[0]!.transactionNumber)).toEqual([
      transactionNumberFor("gid://shopify/Order/1", 1),
      transactionNumberFor("gid://shopify/Order/1", 1),
    ]);
    expect((await store.posting.listDocuments({ tenantId: "t" }))[0]!.status).toBe("accepted");
  });

  it("confirms, without re-sending, a document JDE took although its answer was lost", async () => {
    await record(1, [1000n]);
    const jde = fakePoster((batch) => {
      for (const o of accepted(batch)) jde.held.set(o.transactionNumber, o);
      return new Error("HTTP 500 after work");
    });
    const s = sender(jde.poster);
    await expect(s.sendOnce()).rejects.toThrow();
    await s.confirmOnce();
    expect(await s.sendOnce()).toBe(0);
    expect(jde.batches).toHaveLength(1);
    expect((await store.posting.listDocuments({ tenantId: "t" }))[0]).toMatchObject({
      status: "confirmed",
      documentNumber: "1000",
    });
  });

  it("looks up a document a crashed process left 'sent', once it is older than any call", async () => {
    await record(1, [1000n]);
    const [document] = await store.posting.pendingDocuments("t", 10);
    await store.posting.markSent([document!.key], "BOLDBATCH");
    const jde = fakePoster(accepted);
    const s = sender(jde.poster);
    await s.confirmOnce();
    expect(jde.lookups).toHaveLength(0); // still young: it may be in flight
    nowMs += 61_000;
    await s.confirmOnce();
    expect(jde.lookups).toEqual([[document!.edtn]]);
    expect(await s.sendOnce()).toBe(1);
    expect((await store.posting.listDocuments({ tenantId: "t" }))[0]!.status).toBe("accepted");
  });

  it("while JDE is down the circuit opens: no call, documents stay pending, then all go once it is back", async () => {
    for (const n of [1, 2]) await record(n, [1000n]);
    const circuit = createCircuitBreaker({
      name: "JDE t",
      code: "MLC_AIS_UNAVAILABLE",
      failures: 2,
      firstTrialAfterMs: 30,
      maxOpenMs: 1000,
      isOutage: (error) => error instanceof ConnectorError && error.code === "MLC_AIS_UNAVAILABLE",
      clock,
      log: createSilentLogger(),
    });
    let aisUp = false;
    let sessionChecks = 0;
    const beforeBatch = async () => {
      sessionChecks += 1;
      if (!aisUp) throw new ConnectorError("MLC_AIS_UNAVAILABLE", "connect ECONNREFUSED");
    };
    const jde = fakePoster(accepted);
    const s = sender(jde.poster, { circuit, beforeBatch });
    await expect(s.sendOnce()).rejects.toThrow("ECONNREFUSED");
    await expect(s.sendOnce()).rejects.toThrow("ECONNREFUSED");
    expect(circuit.status()).toBe("open");
    await expect(s.sendOnce()).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(s.confirmOnce()).resolves.toBeUndefined(); // nothing to look up, so no call either
    expect(sessionChecks).toBe(2);
    expect(jde.batches).toHaveLength(0);
    const waiting = await store.posting.listDocuments({ tenantId: "t" });
    expect(waiting.map((d) => d.status)).toEqual(["pending", "pending"]);

    aisUp = true;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await s.sendOnce()).toBe(2);
    expect(circuit.status()).toBe("closed");
    expect(jde.batches).toHaveLength(1);
    const done = await store.posting.listDocuments({ tenantId: "t" });
    expect(done.map((d) => d.status)).toEqual(["accepted", "accepted"]);
  });

  it("rejects, after a look-up, the documents of a batch JDE refused as a whole, instead of re-sending them", async () => {
    await record(1, [1000n]);
    const jde = fakePoster(
      () => new ConnectorError("MLC_AIS_REQUEST_FAILED", "AIS answered 400", { detail: { status: 400 } }),
    );
    const s = sender(jde.poster);
    await expect(s.sendOnce()).rejects.toThrow("400");
    await s.confirmOnce();
    expect(await s.sendOnce()).toBe(0);
    expect(jde.batches).toHaveLength(1);
    const [document] = await store.posting.listDocuments({ tenantId: "t" });
    expect(document).toMatchObject({
      status: "rejected",
      errors: [{ code: "MLC_AIS_REQUEST_FAILED", description: "AIS answered 400" }],
    });
  });

  it("re-sends, rather than rejects, after a refusal that is not about the documents (a missing grant)", async () => {
    await record(1, [1000n]);
    let calls = 0;
    const jde = fakePoster((batch) =>
      ++calls === 1
        ? new ConnectorError("MLC_JDE_DATABASE_REFUSED", "ORA-01031: insufficient privileges")
        : accepted(batch),
    );
    const s = sender(jde.poster);
    await expect(s.sendOnce()).rejects.toThrow("ORA-01031");
    await s.confirmOnce();
    expect(await s.sendOnce()).toBe(1);
    expect((await store.posting.listDocuments({ tenantId: "t" }))[0]!.status).toBe("accepted");
  });

  it("does not take 'not found' as proof while an unanswered batch may still be running in JDE", async () => {
    await record(1, [1000n]);
    let calls = 0;
    const timeout = new ConnectorError("MLC_AIS_UNAVAILABLE", "headers timeout", {
      detail: { path: "/x", sent: true },
    });
    const jde = fakePoster((batch) => (++calls === 1 ? timeout : accepted(batch)));
    const s = sender(jde.poster, { inFlightGraceMs: 60_000 });
    await expect(s.sendOnce()).rejects.toThrow("timeout");
    const firstBatch = jde.batches[0]!.batchId;
    await s.confirmOnce(); // JDE has nothing yet, but it may still be writing
    expect(await s.sendOnce()).toBe(0);
    nowMs += 61_000;
    await s.confirmOnce();
    expect(await s.sendOnce()).toBe(1);
    // the re-send keeps the first EDBT, so a late first attempt would collide on the F0911Z1 key
    expect(jde.batches.map((b) => b.batchId)).toEqual([firstBatch, firstBatch]);
  });

  it("rejects a staged document whose rows vanished without a ledger entry, instead of re-sending it", async () => {
    await record(1, [1000n]);
    const jde = fakePoster((batch) =>
      batch.documents.map((d) => ({ transactionNumber: d.transactionNumber, status: "staged" as const })),
    );
    const s = sender(jde.poster);
    expect(await s.sendOnce()).toBe(1);
    jde.held.clear(); // someone deleted the rows in P0911Z1
    await s.confirmOnce();
    expect(await s.sendOnce()).toBe(0);
    const [document] = await store.posting.listDocuments({ tenantId: "t" });
    expect(document?.status).toBe("rejected");
    expect(document?.errors?.[0]?.description).toMatch(/gone/);
    expect(jde.batches).toHaveLength(1);
  });

  it("reads staged documents back a batch's worth at a time", async () => {
    for (const n of [1, 2, 3, 4, 5]) await record(n, [1000n]);
    const jde = fakePoster((batch) =>
      batch.documents.map((d) => ({ transactionNumber: d.transactionNumber, status: "staged" as const })),
    );
    const s = sender(jde.poster, { maxDocuments: 2 });
    while ((await s.sendOnce()) > 0);
    await s.confirmOnce();
    expect(jde.lookups.map((keys) => keys.length)).toEqual([2, 2, 1]);
  });
});
