import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import type { JournalLine } from "../domain/journal.js";
import type { NewPostingDocument, PostingStore, RecordDocumentsRequest } from "../posting/posting-store.js";

const t0 = new Date("2026-11-27T10:00:00.000Z");
const ORDER = "gid://shopify/Order/1042";

function line(amountMinor: bigint, kind: JournalLine["kind"] = "revenue"): JournalLine {
  return {
    account: { businessUnit: "100", object: "4100", subsidiary: "" },
    amountMinor,
    kind,
    explanation: "Shopify #1042",
  };
}

function makeDocument(eventIds: string[], amountMinor = 12_744n): NewPostingDocument {
  return {
    glDate: "2026-11-27",
    currency: "USD",
    decimals: 2,
    lines: [line(amountMinor, "receivable"), line(-amountMinor)],
    eventIds,
  };
}

/** The document with its receivable lines on customer `addressNumber`, as the order sync maps it. */
function onCustomer(document: NewPostingDocument, addressNumber: string): NewPostingDocument {
  return {
    ...document,
    lines: document.lines.map((l) => (l.kind === "receivable" ? { ...l, addressNumber } : l)),
  };
}

function request(documents: NewPostingDocument[], orderId = ORDER): RecordDocumentsRequest {
  return {
    tenantId: "acme",
    orderId,
    orderName: "#1042",
    documents,
    edtnForSequence: (sequence) => `S${orderId.split("/").at(-1)}A${sequence}`,
    now: t0,
  };
}

describe.each(backends)("PostingStore on %s", (backend) => {
  let fresh: FreshStore;
  let posting: PostingStore;
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

  it("records an event once: the second attempt records nothing", async () => {
    const first = await posting.recordDocuments(request([makeDocument(["agreement-1", "payment-1"])]));
    expect(first.recorded).toMatchObject([
      { key: "acme/S1042A1", sequence: 1, edtn: "S1042A1", status: "pending" },
    ]);
    const second = await posting.recordDocuments(request([makeDocument(["agreement-1", "payment-1"])]));
    expect(second).toEqual({
      recorded: [],
      skipped: [{ eventIds: ["agreement-1", "payment-1"], reason: "already-posted" }],
    });
    expect(await posting.listDocuments({ tenantId: "acme" })).toHaveLength(1);
    expect(await posting.postedEventIds("acme", ORDER)).toEqual(new Set(["agreement-1", "payment-1"]));
  });

  it("refuses a document that mixes posted and new events", async () => {
    await posting.recordDocuments(request([makeDocument(["agreement-1"])]));
    const mixed = await posting.recordDocuments(request([makeDocument(["agreement-1", "refund-1"])]));
    expect(mixed.skipped).toEqual([{ eventIds: ["agreement-1", "refund-1"], reason: "partially-posted" }]);
    expect(await posting.postedEventIds("acme", ORDER)).toEqual(new Set(["agreement-1"]));
  });

  it("never records twice when concurrent writers race for the same events", async () => {
    // Two connections in ONE process cannot hold SQLite transactions at once: better-sqlite3 waits for
    // the lock synchronously and so blocks the event loop the holder needs to commit. SQLite runs as a
    // single process; there the concurrent calls share its connection. PostgreSQL gets two pools.
    const other =
      backend === "postgres" ? await fresh.openAnother({ clock: { now: () => t0 } }) : fresh.store;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? posting : other.posting).recordDocuments(request([makeDocument(["agreement-9"])])),
      ),
    );
    expect(results.flatMap((result) => result.recorded)).toHaveLength(1);
    expect(await posting.listDocuments({ tenantId: "acme", orderId: ORDER })).toHaveLength(1);
  });

  it("numbers an order's documents 1, 2, 3 across calls, separately per order", async () => {
    await posting.recordDocuments(request([makeDocument(["e1"]), makeDocument(["e2"])]));
    await posting.recordDocuments(request([makeDocument(["e3"])]));
    await posting.recordDocuments(request([makeDocument(["other-1"])], "gid://shopify/Order/7"));
    const documents = await posting.listDocuments({ tenantId: "acme", orderId: ORDER });
    expect(documents.map((d) => [d.sequence, d.eventIds])).toEqual([
      [1, ["e1"]],
      [2, ["e2"]],
      [3, ["e3"]],
    ]);
    expect(
      (await posting.listDocuments({ tenantId: "acme", orderId: "gid://shopify/Order/7" }))[0]?.sequence,
    ).toBe(1);
  });

  it("round-trips amounts beyond 2^53 minor units exactly", async () => {
    const huge = 2n ** 63n - 1n;
    const [recorded] = (await posting.recordDocuments(request([makeDocument(["big"], huge)]))).recorded;
    const stored = await posting.getDocument(recorded!.key);
    expect(stored?.lines.map((l) => l.amountMinor)).toEqual([huge, -huge]);
    expect(stored?.lines[0]).toEqual(line(huge, "receivable"));
  });

  it("adopts events before the accounting start date without a document, once", async () => {
    expect(
      await posting.recordAdoptedEvents({ tenantId: "acme", orderId: ORDER, eventIds: ["old-1", "old-2"] }),
    ).toEqual(expect.arrayContaining(["old-1", "old-2"]));
    expect(
      await posting.recordAdoptedEvents({ tenantId: "acme", orderId: ORDER, eventIds: ["old-1"] }),
    ).toEqual([]);
    const again = await posting.recordDocuments(request([makeDocument(["old-1"])]));
    expect(again.skipped[0]?.reason).toBe("already-posted");
    expect(await posting.listDocuments({ tenantId: "acme" })).toEqual([]);
  });

  it("answers no AN8 for an order without documents, or whose documents carry none", async () => {
    expect(await posting.orderAddressNumber("acme", ORDER)).toBeNull();
    await posting.recordDocuments(request([makeDocument(["agreement-1"])]));
    expect(await posting.orderAddressNumber("acme", ORDER)).toBeNull();
  });

  it("answers the AN8 of the order's earliest document, whatever later documents carry", async () => {
    await posting.recordDocuments(request([onCustomer(makeDocument(["agreement-1"]), "4242")]));
    await posting.recordDocuments(request([onCustomer(makeDocument(["refund-1"], -2_500n), "6100")]));
    await posting.recordDocuments(
      request([onCustomer(makeDocument(["other-1"]), "7000")], "gid://shopify/Order/7"),
    );
    expect(await posting.orderAddressNumber("acme", ORDER)).toBe("4242");
    expect(await posting.orderAddressNumber("acme", "gid://shopify/Order/7")).toBe("7000");
    expect(await posting.orderAddressNumber("other-tenant", ORDER)).toBeNull();
  });

  it("skips the order's documents recorded before customers were configured (no AN8)", async () => {
    await posting.recordDocuments(request([makeDocument(["agreement-1"]), makeDocument(["payment-1"])]));
    await posting.recordDocuments(request([onCustomer(makeDocument(["refund-1"], -2_500n), "6100")]));
    await posting.recordDocuments(request([onCustomer(makeDocument(["refund-2"], -500n), "9001")]));
    expect(await posting.orderAddressNumber("acme", ORDER)).toBe("6100");
  });

  it("follows a document from pending through sent to its JDE outcome", async () => {
    const { recorded } = await posting.recordDocuments(request([makeDocument(["e1"]), makeDocument(["e2"])]));
    const keys = recorded.map((d) => d.key);
    expect((await posting.pendingDocuments("acme", 10)).map((d) => d.key)).toEqual(keys);
    expect(await posting.markSent(keys, "M000042", { now: t0 })).toBe(2);
    expect(await posting.markSent(keys, "M000043")).toBe(0);
    expect(await posting.pendingDocuments("acme", 10)).toEqual([]);
    await posting.markOutcome(keys[0]!, { status: "accepted", documentNumber: "1234", batchNumber: "9876" });
    const errors = [{ code: "0025", description: "Invalid account" }];
    await posting.markOutcome(keys[1]!, { status: "rejected", errors });
    expect(await posting.markOutcome("acme/nope", { status: "unknown" })).toBe(false);
    expect(await posting.getDocument(keys[0]!)).toMatchObject({
      status: "accepted",
      batchId: "M000042",
      documentNumber: "1234",
      batchNumber: "9876",
    });
    expect(await posting.documentsAwaiting("acme", ["rejected", "unknown"])).toMatchObject([
      { key: keys[1], errors },
    ]);
    expect(await posting.countDocuments({ tenantId: "acme" })).toEqual({
      pending: 0,
      sent: 0,
      accepted: 1,
      staged: 0,
      confirmed: 0,
      rejected: 1,
      unknown: 0,
    });
  });
});
