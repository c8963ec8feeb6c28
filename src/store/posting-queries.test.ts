import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import type { JournalLine } from "../domain/journal.js";
import type { NewPostingDocument, PostingDocument, PostingStore } from "../posting/posting-store.js";

const t0 = new Date("2026-11-27T10:00:00.000Z");
const later = new Date("2026-11-28T09:30:00.000Z");

function lines(amountMinor: bigint): JournalLine[] {
  const account = { businessUnit: "100", object: "4100", subsidiary: "" };
  return [
    { account: { ...account, object: "1130" }, amountMinor, kind: "receivable", explanation: "x" },
    { account, amountMinor: -amountMinor, kind: "revenue", explanation: "x" },
  ];
}

function doc(glDate: string, eventIds: string[]): NewPostingDocument {
  return { glDate, currency: "USD", decimals: 2, lines: lines(1_000n), eventIds };
}

const gid = (n: number) => `gid://shopify/Order/${n}`;

describe.each(backends)("PostingStore queries on %s", (backend) => {
  let fresh: FreshStore;
  let posting: PostingStore;

  async function record(orderNumber: number, documents: NewPostingDocument[], tenantId = "acme") {
    const result = await posting.recordDocuments({
      tenantId,
      orderId: gid(orderNumber),
      orderName: `#${orderNumber}`,
      documents,
      edtnForSequence: (sequence) => `S${orderNumber}-${sequence}`,
      now: t0,
    });
    return result.recorded;
  }

  beforeAll(async () => {
    fresh = await freshStore(backend, { clock: { now: () => t0 } });
    posting = fresh.store.posting;
  });
  beforeEach(async () => {
    await fresh.reset();
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("finds the documents JDE numbered with the given DOCs, in this tenant only", async () => {
    const [a] = await record(1, [doc("2026-11-01", ["a1"])]);
    const [b1, b2] = await record(2, [doc("2026-11-01", ["b1"]), doc("2026-11-02", ["b2"])]);
    const [other] = await record(3, [doc("2026-11-01", ["c1"])], "beta");
    await posting.markOutcome(a!.key, {
      status: "accepted",
      documentNumber: "26000001",
      batchNumber: "70001",
    });
    await posting.markOutcome(b2!.key, {
      status: "accepted",
      documentNumber: "26000002",
      batchNumber: "70001",
    });
    await posting.markOutcome(b1!.key, {
      status: "accepted",
      documentNumber: "26000003",
      batchNumber: "70001",
    });
    await posting.markOutcome(other!.key, { status: "accepted", documentNumber: "26000002" });

    const found = await posting.documentsByNumber("acme", ["26000002", "26000003", "26000003", "404"]);
    expect(found.map((d) => [d.edtn, d.documentNumber, d.batchNumber])).toEqual([
      ["S2-1", "26000003", "70001"],
      ["S2-2", "26000002", "70001"],
    ]);
    expect(await posting.documentsByNumber("acme", [])).toEqual([]);
    expect((await posting.documentsByNumber("beta", ["26000002"])).map((d) => d.edtn)).toEqual(["S3-1"]);
  });

  it("lists every kind and status in a GL date range, both ends included, by date, order and sequence", async () => {
    await record(20, [doc("2026-10-31", ["before"]), doc("2026-11-30", ["last-day"])]);
    const [rejected] = await record(10, [doc("2026-11-01", ["first-day"]), doc("2026-12-01", ["after"])]);
    await record(30, [doc("2026-11-01", ["x1"]), doc("2026-11-15", ["x2"])]);
    await record(40, [doc("2026-11-15", ["elsewhere"])], "beta");
    await posting.markOutcome(rejected!.key, {
      status: "rejected",
      errors: [{ code: "0019", description: "x" }],
    });
    const correction = await posting.recordCorrection({
      tenantId: "acme",
      orderId: gid(20),
      orderName: "#20",
      glDate: "2026-11-15",
      currency: "USD",
      decimals: 2,
      lines: lines(5n),
      reason: "rule fixed",
      requestedBy: "ops",
      basedOnSequence: 2,
      edtnForSequence: (sequence) => `S20-${sequence}`,
      now: t0,
    });
    expect(correction.ok).toBe(true);

    const month = await posting.documentsInGlDateRange("acme", "2026-11-01", "2026-11-30");
    expect(month.map((d) => [d.glDate, d.edtn, d.kind, d.status])).toEqual([
      ["2026-11-01", "S10-1", "order", "rejected"],
      ["2026-11-01", "S30-1", "order", "pending"],
      ["2026-11-15", "S20-3", "correction", "pending"],
      ["2026-11-15", "S30-2", "order", "pending"],
      ["2026-11-30", "S20-2", "order", "pending"],
    ]);
    expect(await posting.documentsInGlDateRange("acme", "2027-01-01", "2027-01-31")).toEqual([]);
  });

  it("pages through a range larger than one query's page without losing or repeating a document", async () => {
    // 4 orders × 330 documents over 3 days: page boundaries fall inside one day and one order.
    const days = ["2026-11-03", "2026-11-04", "2026-11-05"];
    for (const order of [4, 3, 2, 1]) {
      const documents = Array.from({ length: 330 }, (_, i) => doc(days[i % 3]!, [`o${order}-e${i}`]));
      await record(order, documents);
    }
    const all = await posting.documentsInGlDateRange("acme", "2026-11-01", "2026-11-30");
    expect(all).toHaveLength(1_320);
    expect(new Set(all.map((d) => d.key)).size).toBe(1_320);
    const sorted = [...all].sort(
      (a, b) =>
        a.glDate.localeCompare(b.glDate) ||
        (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0) ||
        a.sequence - b.sequence,
    );
    expect(all.map((d) => d.key)).toEqual(sorted.map((d) => d.key));
    const oneDay = await posting.documentsInGlDateRange("acme", "2026-11-04", "2026-11-04");
    expect(oneDay).toHaveLength(440);
    expect(oneDay.every((d) => d.glDate === "2026-11-04")).toBe(true);
  });

  it("lists every document of the given orders, each order's in sequence, across IN-list chunks", async () => {
    await record(7, [doc("2026-11-02", ["s1"]), doc("2026-11-01", ["s2"])]);
    await record(8, [doc("2026-11-01", ["t1"])]);
    await record(9, [doc("2026-11-01", ["u1"])]);
    await record(7, [doc("2026-11-01", ["s3"])], "beta");
    const unknown = Array.from({ length: 1_200 }, (_, i) => gid(100_000 + i));

    const documents = await posting.documentsOfOrders("acme", [gid(9), ...unknown, gid(7), gid(9)]);
    expect(documents.map((d) => [d.orderId, d.sequence, d.tenantId])).toEqual([
      [gid(7), 1, "acme"],
      [gid(7), 2, "acme"],
      [gid(9), 1, "acme"],
    ]);
    expect(await posting.documentsOfOrders("acme", [])).toEqual([]);
  });

  it("lists an order's recorded events: posted with their document, adopted without", async () => {
    const [first] = await record(5, [doc("2026-11-01", ["sale", "pay"])]);
    await posting.recordAdoptedEvents({ tenantId: "acme", orderId: gid(5), eventIds: ["old"], now: later });
    const events = await posting.recordedEvents("acme", gid(5));
    expect(events).toEqual([
      { eventId: "pay", status: "posted", documentKey: first!.key, recordedAt: t0 },
      { eventId: "sale", status: "posted", documentKey: first!.key, recordedAt: t0 },
      { eventId: "old", status: "adopted", documentKey: null, recordedAt: later },
    ]);
    expect(await posting.recordedEvents("beta", gid(5))).toEqual([]);
  });

  it("lists the recorded events of several orders, or of given event ids, each with its order, in this tenant only", async () => {
    const [five] = await record(5, [doc("2026-11-01", ["sale-5", "pay-5"])]);
    const [seven] = await record(7, [doc("2026-11-02", ["sale-7"])]);
    await record(5, [doc("2026-11-01", ["sale-5b"])], "beta");
    await posting.recordAdoptedEvents({ tenantId: "acme", orderId: gid(7), eventIds: ["old-7"], now: later });

    const byOrders = await posting.recordedEventsOf("acme", { orderIds: [gid(7), gid(5), gid(9)] });
    expect(byOrders.map((e) => [e.orderId, e.eventId, e.status, e.documentKey])).toEqual([
      [gid(5), "pay-5", "posted", five!.key],
      [gid(5), "sale-5", "posted", five!.key],
      [gid(7), "old-7", "adopted", null],
      [gid(7), "sale-7", "posted", seven!.key],
    ]);
    const byEvents = await posting.recordedEventsOf("acme", {
      eventIds: ["sale-7", "sale-5b", "nope", "pay-5"],
    });
    expect(byEvents.map((e) => [e.orderId, e.eventId])).toEqual([
      [gid(5), "pay-5"],
      [gid(7), "sale-7"],
    ]);
    expect(await posting.recordedEventsOf("acme", { orderIds: [] })).toEqual([]);
  });

  it("puts a rejected document back to unknown, keeping its batch id and its events, for a look-up before any re-send", async () => {
    const [document] = await record(6, [doc("2026-11-01", ["sale-6"])]);
    const key = document!.key;
    await posting.markSent([key], "B1");
    await posting.markOutcome(key, {
      status: "rejected",
      documentNumber: "26000009",
      batchNumber: "70009",
      errors: [{ code: "0019", description: "out of balance" }],
    });

    expect(await posting.requeueRejected(key, { now: later })).toBe(true);
    const requeued = (await posting.getDocument(key)) as PostingDocument;
    expect(requeued).toMatchObject({
      status: "unknown",
      errors: [],
      batchId: "B1",
      documentNumber: null,
      batchNumber: null,
      eventIds: ["sale-6"],
      updatedAt: later,
    });
    // Not pending: nothing sends it before the batch sender's look-up has spoken.
    expect(await posting.pendingDocuments("acme", 10)).toEqual([]);
    expect((await posting.documentsAwaiting("acme", ["unknown"])).map((d) => d.key)).toEqual([key]);
    expect(await posting.recordedEvents("acme", gid(6))).toMatchObject([
      { eventId: "sale-6", documentKey: key },
    ]);
    // Its events are still recorded: the order sync finds nothing new to post.
    const again = await posting.recordDocuments({
      tenantId: "acme",
      orderId: gid(6),
      orderName: "#6",
      documents: [doc("2026-11-01", ["sale-6"])],
      edtnForSequence: (sequence) => `S6-${sequence}`,
    });
    expect(again.recorded).toEqual([]);
    // A look-up that proves JDE lacks it lets the sender re-send it under its first batch id.
    expect(await posting.markSent([key], "B1")).toBe(1);
  });

  it("requeues a rejected document once when two replays race", async () => {
    const [document] = await record(7, [doc("2026-11-01", ["sale-7"])]);
    await posting.markSent([document!.key], "B3");
    await posting.markOutcome(document!.key, { status: "rejected", errors: [] });
    const other = await fresh.openAnother();
    const answers = await Promise.all([
      posting.requeueRejected(document!.key, { now: later }),
      other.posting.requeueRejected(document!.key, { now: later }),
    ]);
    expect(answers.sort()).toEqual([false, true]);
  });

  it.each(["pending", "sent", "accepted", "staged", "confirmed", "unknown"] as const)(
    "leaves a %s document alone when asked to requeue it",
    async (status) => {
      const [document] = await record(11, [doc("2026-11-01", ["e"])]);
      if (status === "sent") await posting.markSent([document!.key], "B2");
      else if (status !== "pending") await posting.markOutcome(document!.key, { status });
      const before = await posting.getDocument(document!.key);
      expect(await posting.requeueRejected(document!.key, { now: later })).toBe(false);
      expect(await posting.getDocument(document!.key)).toEqual(before);
    },
  );

  it("answers false for an unknown key", async () => {
    expect(await posting.requeueRejected("acme/NOPE")).toBe(false);
  });
});
