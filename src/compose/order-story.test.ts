import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FreshStore, freshStore } from "../../test/support/store-backends.js";
import type { JournalLine } from "../domain/journal.js";
import type { Store } from "../store/store.js";
import { createOrderStories } from "./order-story.js";

const t0 = new Date("2026-11-27T10:00:00.000Z");
const gid = (n: number) => `gid://shopify/Order/${n}`;
const LINES: JournalLine[] = [
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

describe("order stories (explain's look-up)", () => {
  let fresh: FreshStore;
  let store: Store;
  let stories: ReturnType<typeof createOrderStories>;

  async function post(tenantId: string, order: number, name: string, documentNumber?: string) {
    const { recorded } = await store.posting.recordDocuments({
      tenantId,
      orderId: gid(order),
      orderName: name,
      documents: [
        {
          glDate: "2026-11-27",
          currency: "USD",
          decimals: 2,
          lines: LINES,
          eventIds: [`e-${tenantId}-${order}`],
        },
      ],
      edtnForSequence: (sequence) => `S${order}-${sequence}`,
      now: t0,
    });
    if (documentNumber)
      await store.posting.markOutcome(recorded[0]!.key, {
        status: "accepted",
        documentNumber,
        batchNumber: "70001",
      });
  }

  beforeAll(async () => {
    fresh = await freshStore("sqlite", { clock: { now: () => t0 } });
    store = fresh.store;
    stories = createOrderStories({ posting: store.posting, jobs: store.jobs, audit: store.audit });
  });
  beforeEach(async () => {
    await fresh.reset();
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("takes an all-digit argument as a JDE document number before an order name", async () => {
    await post("acme", 1, "#1", "1042");
    await post("acme", 2, "1042");
    const result = await stories.find({ argument: "1042", tenantIds: ["acme"] });
    expect(result).toMatchObject({ type: "found", story: { orderId: gid(1), foundBy: "document-number" } });
  });

  it.each([
    ["1042", "1042"],
    ["1042", "#1042"],
    ["#1042", "#1042"],
    ["SO-7", "SO-7"],
  ])("finds %s as the order named %s when no document has that number", async (argument, name) => {
    await post("acme", 3, name);
    const result = await stories.find({ argument, tenantIds: ["acme"] });
    expect(result).toMatchObject({
      type: "found",
      story: { orderId: gid(3), orderName: name, foundBy: "order-name" },
    });
  });

  it("lists every order sharing a name, in every tenant searched, instead of picking one", async () => {
    await post("acme", 4, "#7");
    await post("acme", 5, "#7");
    await post("beta", 6, "#7");
    const result = await stories.find({ argument: "#7", tenantIds: ["acme", "beta"] });
    expect(result).toEqual({
      type: "ambiguous",
      candidates: [
        { tenantId: "acme", orderId: gid(4), orderName: "#7" },
        { tenantId: "acme", orderId: gid(5), orderName: "#7" },
        { tenantId: "beta", orderId: gid(6), orderName: "#7" },
      ],
    });
    const picked = await stories.find({ argument: "#7", orderId: "5", tenantIds: ["acme", "beta"] });
    expect(picked).toMatchObject({
      type: "found",
      story: { tenantId: "acme", orderId: gid(5), foundBy: "order-id" },
    });
  });

  it("searches every tenant and says which one holds the order", async () => {
    await post("beta", 8, "#8", "26000008");
    const result = await stories.find({ argument: "26000008", tenantIds: ["acme", "beta"] });
    expect(result).toMatchObject({ type: "found", story: { tenantId: "beta", orderId: gid(8) } });
  });

  it("finds a parked order that has no document by its id, and by the name its audit trail carries", async () => {
    const job = await store.jobs.enqueue({ tenantId: "acme", kind: "order-sync", key: gid(9), runAt: t0 });
    const [leased] = await store.jobs.claim({ workerId: "w", limit: 1, leaseMs: 60_000, now: t0 });
    await store.jobs.park(leased!, {
      code: "MLC_JDE_ACCOUNT_INVALID",
      reason: "account 100.4999 does not exist",
    });
    await store.audit.append({
      tenantId: "acme",
      orderId: gid(9),
      orderName: "#9",
      step: "order.parked",
      at: t0,
    });
    const result = await stories.find({ orderId: gid(9), tenantIds: ["acme"] });
    expect(result).toMatchObject({
      type: "found",
      story: {
        orderName: "#9",
        documents: [],
        job: { id: job.jobId, status: "parked", parkCode: "MLC_JDE_ACCOUNT_INVALID" },
        jobsDone: 0,
      },
    });
    expect(await stories.find({ argument: "9", tenantIds: ["acme"] })).toMatchObject({
      type: "found",
      story: { orderId: gid(9), foundBy: "order-name" },
    });
  });

  it("answers not-found for an order the connector never heard of", async () => {
    await post("acme", 10, "#10", "26000010");
    expect(await stories.find({ argument: "#404", tenantIds: ["acme"] })).toEqual({ type: "not-found" });
    expect(await stories.find({ argument: "404", tenantIds: ["acme"] })).toEqual({ type: "not-found" });
    expect(await stories.find({ orderId: gid(404), tenantIds: ["acme"] })).toEqual({ type: "not-found" });
    expect(await stories.find({ argument: "#10", tenantIds: ["beta"] })).toEqual({ type: "not-found" });
  });

  it("reads the order's documents, events, customer AN8 and audit trail", async () => {
    await post("acme", 11, "#11");
    await store.posting.recordAdoptedEvents({
      tenantId: "acme",
      orderId: gid(11),
      eventIds: ["old"],
      now: t0,
    });
    await store.audit.append({
      tenantId: "acme",
      orderId: gid(11),
      orderName: "#11",
      step: "order.read",
      at: t0,
    });
    const result = await stories.find({ argument: "#11", tenantIds: ["acme"] });
    if (result.type !== "found") throw new Error(result.type);
    expect(result.story.documents.map((d) => d.edtn)).toEqual(["S11-1"]);
    expect(result.story.events.map((e) => [e.eventId, e.status])).toEqual([
      ["e-acme-11", "posted"],
      ["old", "adopted"],
    ]);
    expect(result.story.audit.map((e) => e.step)).toEqual(["order.read"]);
    expect(result.story.addressNumber).toBeNull();
  });
});
