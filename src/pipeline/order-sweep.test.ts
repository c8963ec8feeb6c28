import { describe, expect, it } from "vitest";
import { createFakeClock } from "../shopify/fake-clock.test-helper.js";
import type { EnqueueJob } from "./job-queue.js";
import type { OrderSource } from "./order-source.js";
import { createOrderSweep, SWEEP_WATERMARK } from "./order-sweep.js";

function orders(updatedAt: string[]) {
  const calls: { updatedAfter: string; cursor?: string }[] = [];
  const source: OrderSource = {
    fetchOrder: async () => null,
    listUpdatedOrderIds: async ({ updatedAfter, cursor, pageSize = 2 }) => {
      calls.push({ updatedAfter: updatedAfter.toISOString(), ...(cursor ? { cursor } : {}) });
      const all = updatedAt
        .map((at, i) => ({ id: `gid://shopify/Order/${i + 1}`, updatedAt: at }))
        .filter((o) => new Date(o.updatedAt) >= updatedAfter);
      const start = cursor ? Number(cursor) : 0;
      const page = all.slice(start, start + pageSize);
      return { orderIds: page, nextCursor: start + pageSize < all.length ? String(start + pageSize) : null };
    },
  };
  return { source, calls };
}

function setup(updatedAt: string[], failOnCall?: number, synced = new Map<string, Date>()) {
  const fake = createFakeClock(Date.UTC(2026, 10, 27, 12, 0, 0));
  const marks = new Map<string, Date>();
  const enqueued: EnqueueJob[] = [];
  const { source, calls } = orders(updatedAt);
  const list = source.listUpdatedOrderIds;
  source.listUpdatedOrderIds = async (input) => {
    if (failOnCall !== undefined && calls.length + 1 === failOnCall) throw new Error("Shopify down");
    return list(input);
  };
  const sweep = createOrderSweep({
    orders: () => source,
    syncMarks: { get: async (_t, ids) => new Map([...synced].filter(([id]) => ids.includes(id))) },
    watermarks: {
      get: async (_t, name) => marks.get(name),
      advance: async (_t, name, to) => {
        const old = marks.get(name);
        if (!old || old < to) marks.set(name, to);
      },
    },
    jobs: {
      enqueue: async (job) => {
        enqueued.push(job);
        return { jobId: String(enqueued.length), outcome: "created" };
      },
    },
    clock: fake.clock,
    overlapMs: 15 * 60_000,
    firstWatermark: () => new Date("2026-11-01T00:00:00Z"),
    pageSize: 2,
    restartAfterOrders: 4,
  });
  return { sweep: sweep.sweep, marks, enqueued, calls, fake };
}

describe("createOrderSweep", () => {
  it("first sweeps from the accounting start, every page, then from the last start minus the overlap", async () => {
    const { sweep, marks, enqueued, calls, fake } = setup([
      "2026-10-30T00:00:00Z",
      "2026-11-02T00:00:00Z",
      "2026-11-20T00:00:00Z",
      "2026-11-27T11:55:00Z",
      "2026-11-27T11:59:00Z",
    ]);
    const first = await sweep("acme");
    expect(first).toMatchObject({ from: new Date("2026-11-01T00:00:00Z"), ordersSeen: 4, jobsCreated: 4 });
    expect(enqueued.map((j) => j.key)).toEqual([2, 3, 4, 5].map((n) => `gid://shopify/Order/${n}`));
    expect(enqueued[0]).toMatchObject({ tenantId: "acme", kind: "order-sync", payload: { topic: "sweep" } });
    expect(calls.map((c) => c.cursor ?? "-")).toEqual(["-", "2"]);
    expect(marks.get(SWEEP_WATERMARK)).toEqual(new Date("2026-11-27T12:00:00Z"));

    fake.advance(10 * 60_000);
    const second = await sweep("acme");
    expect(second.from).toEqual(new Date("2026-11-27T11:45:00Z"));
    expect(second.ordersSeen).toBe(2); // the overlap re-reads the last two; their jobs are idempotent
    expect(marks.get(SWEEP_WATERMARK)).toEqual(new Date("2026-11-27T12:10:00Z"));
  });

  it("re-queries from the last order's time before Shopify's deep-pagination cap", async () => {
    const times = Array.from({ length: 9 }, (_, i) => `2026-11-0${i + 1}T12:00:00Z`);
    const { sweep, enqueued, calls } = setup(times);
    const outcome = await sweep("acme");
    expect(calls.map((c) => [c.updatedAfter.slice(0, 10), c.cursor ?? "-"])).toEqual([
      ["2026-11-01", "-"],
      ["2026-11-01", "2"],
      ["2026-11-04", "-"],
      ["2026-11-04", "2"],
      ["2026-11-07", "-"],
      ["2026-11-07", "2"],
    ]);
    expect(new Set(enqueued.map((j) => j.key)).size).toBe(9);
    expect(outcome.ordersSeen).toBe(11); // the restart re-reads the order at its boundary
  });

  it("skips orders already brought up to date at their listed update time", async () => {
    const synced = new Map([
      ["gid://shopify/Order/1", new Date("2026-11-02T00:00:00Z")], // unchanged since
      ["gid://shopify/Order/2", new Date("2026-11-02T00:00:00Z")], // changed after its sync
    ]);
    const { sweep, enqueued } = setup(
      ["2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"],
      undefined,
      synced,
    );
    const outcome = await sweep("acme");
    expect(outcome).toMatchObject({ ordersSeen: 3, ordersUnchanged: 1, jobsCreated: 2 });
    expect(enqueued.map((j) => j.key)).toEqual(["gid://shopify/Order/2", "gid://shopify/Order/3"]);
  });

  it("keeps the watermark when a page fails, so the next sweep reads the window again", async () => {
    const { sweep, marks } = setup(
      ["2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"],
      2,
    );
    await expect(sweep("acme")).rejects.toThrow("Shopify down");
    expect(marks.get(SWEEP_WATERMARK)).toBeUndefined();
  });
});
