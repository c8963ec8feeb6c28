import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import type { JournalLine } from "../domain/journal.js";
import type { PostingStore, RecordCorrectionRequest } from "../posting/posting-store.js";

const t0 = new Date("2026-12-03T10:00:00.000Z");
const ORDER = "gid://shopify/Order/1042";
const line = (businessUnit: string, amountMinor: bigint): JournalLine => ({
  account: { businessUnit, object: "4100", subsidiary: "" },
  amountMinor,
  kind: "revenue",
  explanation: "Product revenue",
});
const edtnForSequence = (sequence: number) => `S1042-${sequence}`;
const correction = (basedOnSequence: number): RecordCorrectionRequest => ({
  tenantId: "acme",
  orderId: ORDER,
  orderName: "#1042",
  glDate: "2026-12-03",
  currency: "USD",
  decimals: 2,
  lines: [line("100", 10_000n), line("140", -10_000n)],
  reason: "Reno DC is BU 140",
  requestedBy: "ops",
  basedOnSequence,
  edtnForSequence,
  now: t0,
});

describe.each(backends)("PostingStore corrections on %s", (backend) => {
  let fresh: FreshStore;
  let posting: PostingStore;
  beforeAll(async () => {
    fresh = await freshStore(backend, { clock: { now: () => t0 } });
    posting = fresh.store.posting;
  });
  beforeEach(async () => {
    await fresh.reset();
    await posting.recordDocuments({
      tenantId: "acme",
      orderId: ORDER,
      orderName: "#1042",
      documents: [
        {
          glDate: "2026-11-27",
          currency: "USD",
          decimals: 2,
          lines: [line("100", -10_000n), { ...line("100", 10_000n), kind: "clearing" }],
          eventIds: ["agreement-1"],
        },
      ],
      edtnForSequence,
      now: t0,
    });
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("records a correction as the order's next document with its kind, reason and requester", async () => {
    const result = await posting.recordCorrection(correction(1));
    expect(result).toMatchObject({ ok: true, document: { sequence: 2, edtn: "S1042-2", eventIds: [] } });
    const stored = await posting.getDocument("acme/S1042-2");
    expect(stored).toMatchObject({
      kind: "correction",
      reason: "Reno DC is BU 140",
      requestedBy: "ops",
      status: "pending",
      glDate: "2026-12-03",
    });
    expect(stored?.lines.map((l) => l.amountMinor)).toEqual([10_000n, -10_000n]);
    expect((await posting.getDocument("acme/S1042-1"))?.kind).toBe("order");
    expect(await posting.postedEventIds("acme", ORDER)).toEqual(new Set(["agreement-1"]));
  });

  it("refuses a correction computed from an older state of the order", async () => {
    expect((await posting.recordCorrection(correction(1))).ok).toBe(true);
    expect(await posting.recordCorrection(correction(1))).toEqual({
      ok: false,
      reason: "stale",
      lastSequence: 2,
    });
    expect(await posting.listDocuments({ tenantId: "acme", orderId: ORDER })).toHaveLength(2);
  });

  it("finds an order by its name", async () => {
    expect(await posting.orderIdsByName("acme", "#1042")).toEqual([ORDER]);
    expect(await posting.orderIdsByName("acme", "#1")).toEqual([]);
  });
});
