import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import type { AuditQuery } from "../audit/audit-log.js";
import type { JournalLine } from "../domain/journal.js";
import type { Store } from "./store.js";

const at = new Date("2026-11-27T10:00:00.000Z");
const minute = (n: number) => new Date(at.getTime() + n * 60_000);
const gid = (n: number) => `gid://shopify/Order/${n}`;
const lines: JournalLine[] = [
  {
    account: { businessUnit: "100", object: "1115", subsidiary: "" },
    amountMinor: 500n,
    kind: "clearing",
    explanation: "x",
  },
  {
    account: { businessUnit: "100", object: "4100", subsidiary: "" },
    amountMinor: -500n,
    kind: "revenue",
    explanation: "x",
  },
];

/** One document of order `n` (of `tenantId`), sent in `batchId`, with JDE's answer. */
async function postedDocument(
  store: Store,
  input: {
    tenantId: string;
    n: number;
    batchId: string;
    status: "accepted" | "rejected";
    doc?: string;
    icu?: string;
  },
): Promise<string> {
  const { recorded } = await store.posting.recordDocuments({
    tenantId: input.tenantId,
    orderId: gid(input.n),
    orderName: `#${input.n}`,
    documents: [{ glDate: "2026-11-27", currency: "USD", decimals: 2, lines, eventIds: [`e-${input.n}`] }],
    edtnForSequence: (sequence) => `S${input.n}-${sequence}`,
    now: at,
  });
  const key = recorded[0]!.key;
  await store.posting.markSent([key], input.batchId, { now: at });
  await store.posting.markOutcome(key, {
    status: input.status,
    ...(input.doc ? { documentNumber: input.doc } : {}),
    ...(input.icu ? { batchNumber: input.icu } : {}),
  });
  return key;
}

/**
 * acme: #1 accepted (DOC 1000, ICU 7, batch M1), #2 rejected (batch M2), #3 parked in the job queue.
 * globex has an order #1 with the same DOC and ICU: no acme query may return its entries.
 */
async function seed(store: Store): Promise<void> {
  const { audit } = store;
  const one = await postedDocument(store, {
    tenantId: "acme",
    n: 1,
    batchId: "M1",
    status: "accepted",
    doc: "1000",
    icu: "7",
  });
  const two = await postedDocument(store, { tenantId: "acme", n: 2, batchId: "M2", status: "rejected" });
  const other = await postedDocument(store, {
    tenantId: "globex",
    n: 1,
    batchId: "G1",
    status: "accepted",
    doc: "1000",
    icu: "7",
  });
  const order = (n: number) => ({ orderId: gid(n), orderName: `#${n}` });
  const rows = [
    { tenantId: "acme", ...order(1), step: "order.read" },
    { tenantId: "acme", ...order(1), step: "document.recorded", documentKey: one },
    { tenantId: "acme", ...order(2), step: "order.read" },
    { tenantId: "acme", ...order(2), step: "document.recorded", documentKey: two },
    { tenantId: "acme", step: "batch.sent", batchId: "M1" },
    { tenantId: "acme", ...order(1), step: "document.accepted", documentKey: one, batchId: "M1" },
    { tenantId: "acme", step: "batch.sent", batchId: "M2" },
    { tenantId: "acme", ...order(2), step: "document.rejected", documentKey: two, batchId: "M2" },
    { tenantId: "acme", ...order(3), step: "order.read" },
    { tenantId: "acme", ...order(3), step: "order.parked" },
    { tenantId: "globex", ...order(1), step: "document.accepted", documentKey: other, batchId: "M1" },
  ];
  for (const [index, row] of rows.entries()) await audit.append({ ...row, at: minute(index) });
  await store.jobs.enqueue({ tenantId: "acme", kind: "order-sync", key: gid(3), runAt: at });
  const [job] = await store.jobs.claim({ workerId: "w", limit: 1, leaseMs: 60_000, now: at });
  await store.jobs.park(job!, { code: "MLC_MAPPING_FAILED", reason: "test", now: at });
}

describe.each(backends)("AuditLog on %s", (backend) => {
  let fresh: FreshStore;
  beforeAll(async () => {
    fresh = await freshStore(backend, { clock: { now: () => at } });
  });
  beforeEach(async () => {
    await fresh.reset();
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("lists an order's and a document's trail in the order it was written", async () => {
    const { audit } = fresh.store;
    const base = { tenantId: "acme", orderId: gid(1), orderName: "#1", at };
    await audit.append({ ...base, step: "webhook.received", webhookId: "w-1" });
    await audit.append({
      ...base,
      step: "document.recorded",
      documentKey: "acme/S1A1",
      detail: { totalMinor: 2n ** 60n },
    });
    await audit.append({ ...base, step: "batch.sent", documentKey: "acme/S1A1", batchId: "M1" });
    await audit.append({ ...base, orderId: gid(2), step: "webhook.received" });
    const trail = await audit.listByOrder("acme", gid(1));
    expect(trail.map((entry) => entry.step)).toEqual(["webhook.received", "document.recorded", "batch.sent"]);
    expect(trail[1]).toMatchObject({ detail: { totalMinor: "1152921504606846976" }, at, webhookId: null });
    expect((await audit.listByDocument("acme/S1A1")).map((entry) => entry.batchId)).toEqual([null, "M1"]);
  });

  const steps = (filter: Omit<AuditQuery, "tenantId" | "limit">, tenantId = "acme") =>
    fresh.store.audit
      .query({ tenantId, limit: 100, ...filter })
      .then((entries) => entries.map((e) => `${e.orderName ?? e.batchId} ${e.step}`));

  it.each<[string, Omit<AuditQuery, "tenantId" | "limit">, string[]]>([
    ["an order id", { orderId: gid(1) }, ["#1 order.read", "#1 document.recorded", "#1 document.accepted"]],
    ["an order name", { orderName: "#2" }, ["#2 order.read", "#2 document.recorded", "#2 document.rejected"]],
    [
      "a JDE document number: the order's whole trail",
      { documentNumber: "1000" },
      ["#1 order.read", "#1 document.recorded", "#1 document.accepted"],
    ],
    [
      "a JDE batch number: its documents and the batch that carried them",
      { batchNumber: "7" },
      ["#1 document.recorded", "M1 batch.sent", "#1 document.accepted"],
    ],
    ["a connector batch id", { batchNumber: "M2" }, ["M2 batch.sent", "#2 document.rejected"]],
    [
      "a document status",
      { status: "rejected" },
      ["#2 order.read", "#2 document.recorded", "#2 document.rejected"],
    ],
    ["parked order-sync jobs", { status: "parked" }, ["#3 order.read", "#3 order.parked"]],
    ["a step", { step: "order.read" }, ["#1 order.read", "#2 order.read", "#3 order.read"]],
    [
      "a time range (from inclusive, to exclusive)",
      { from: minute(4), to: minute(6) },
      ["M1 batch.sent", "#1 document.accepted"],
    ],
    ["two filters at once", { orderName: "#1", step: "document.accepted" }, ["#1 document.accepted"]],
    ["a status no document has", { status: "confirmed" }, []],
  ])("finds the tenant's entries by %s, oldest first", async (_what, filter, expected) => {
    await seed(fresh.store);
    expect(await steps(filter)).toEqual(expected);
  });

  it("never returns another tenant's entries, even for the same JDE numbers", async () => {
    await seed(fresh.store);
    expect(await steps({ documentNumber: "1000" }, "globex")).toEqual(["#1 document.accepted"]);
    expect(await steps({ batchNumber: "M1" })).toEqual(["M1 batch.sent", "#1 document.accepted"]);
  });

  it("pages with limit and afterId through exactly the entries of one unpaged query", async () => {
    await seed(fresh.store);
    const all = await fresh.store.audit.query({ tenantId: "acme", limit: 100 });
    const paged: string[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await fresh.store.audit.query({
        tenantId: "acme",
        limit: 3,
        ...(afterId ? { afterId } : {}),
      });
      paged.push(...page.map((e) => e.id));
      if (page.length < 3) break;
      afterId = page[page.length - 1]!.id;
    }
    expect(all).toHaveLength(10);
    expect(paged).toEqual(all.map((e) => e.id));
  });

  it("prunes the entries written before the cutoff, chunk by chunk, and keeps the rest", async () => {
    const { audit } = fresh.store;
    for (let i = 0; i < 7; i += 1)
      await audit.append({ tenantId: i % 2 ? "acme" : "globex", step: `s${i}`, at: minute(i) });
    const definition = await audit.append({ tenantId: "acme", step: "rules.version", at: minute(0) });
    expect(await audit.pruneBefore(minute(5), { chunkSize: 2 })).toBe(5);
    expect(await audit.pruneBefore(minute(5), { chunkSize: 2 })).toBe(0);
    const left = [
      ...(await audit.query({ tenantId: "acme", limit: 10 })),
      ...(await audit.query({ tenantId: "globex", limit: 10 })),
    ];
    expect(left.map((e) => e.step).sort()).toEqual(["rules.version", "s5", "s6"]);
    expect(left.find((e) => e.step === "rules.version")?.id).toBe(definition.id);
  });

  it("stores no credential a caller put into a detail", async () => {
    const entry = await fresh.store.audit.append({
      tenantId: "acme",
      step: "batch.failed",
      at,
      detail: {
        message:
          "connect https://SVC_SHOP:s3cr3t-pw@ais.acme.local:9300/jderest failed; Authorization: Bearer tok-123",
        request: { headers: { "jde-AIS-Auth": "tok-123" }, password: "s3cr3t-pw", accessToken: "shpat_1" },
        code: "MLC_AIS_UNAVAILABLE",
      },
    });
    const [stored] = await fresh.store.audit.query({ tenantId: "acme", limit: 1 });
    for (const secret of ["s3cr3t-pw", "tok-123", "shpat_1", "SVC_SHOP"])
      expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.detail).toMatchObject({
      code: "MLC_AIS_UNAVAILABLE",
      request: { password: "[redacted]" },
    });
    expect(stored?.detail.message).toContain("https://ais.acme.local:9300/jderest");
    expect(entry.detail).toEqual(stored?.detail);
  });
});
