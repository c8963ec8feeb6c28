import { describe, expect, it } from "vitest";
import type { Clock } from "../lib/clock.js";
import { type BackfillProgress, createBackfill, type ExportOrders } from "./backfill.js";
import type { EnqueueJob, EnqueueResult } from "./job-queue.js";

const t0 = Date.parse("2026-11-27T10:00:00Z");

/** A clock the fake export moves forward, as a real bulk operation takes time before its first line. */
function fakeClock() {
  let nowMs = t0;
  const clock: Clock = { now: () => new Date(nowMs), sleep: async () => {} };
  return { clock, advance: (ms: number) => (nowMs += ms) };
}

/** An export of `ids` that first runs for `runningMs`, reporting RUNNING then COMPLETED. */
function fakeExport(ids: string[], advance: (ms: number) => void, runningMs = 0) {
  const windows: unknown[] = [];
  const exportOrders: ExportOrders = async (input) => {
    windows.push(input.window);
    input.onProgress?.({ status: "RUNNING", objectCount: 0, read: 0 });
    advance(runningMs);
    input.onProgress?.({ status: "COMPLETED", objectCount: ids.length, read: 0 });
    for (const id of ids) await input.onOrder({ id, updatedAt: null });
    return { orders: ids.length };
  };
  return { exportOrders, windows };
}

/** A queue that records each page; keys listed in `existing` coalesce with a pending job. */
function fakeJobs(existing: string[] = []) {
  const pages: EnqueueJob[][] = [];
  return {
    pages,
    jobs: {
      enqueueMany: async (jobs: EnqueueJob[]): Promise<EnqueueResult[]> => {
        pages.push(jobs);
        return jobs.map((j) => ({
          jobId: j.key,
          outcome: existing.includes(j.key) ? "coalesced" : "created",
        }));
      },
    },
  };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `gid://shopify/Order/${i + 1}`);

describe("createBackfill", () => {
  it("paces the jobs from the first order read, not from the start of the export", async () => {
    const { clock, advance } = fakeClock();
    const { exportOrders, windows } = fakeExport(ids(5), advance, 90_000);
    const { jobs, pages } = fakeJobs();
    const since = new Date("2026-01-01T00:00:00Z");
    const until = new Date("2026-02-01T00:00:00Z");
    const outcome = await createBackfill({ exportOrders, jobs, clock }).run({
      tenantId: "acme",
      since,
      until,
      ratePerSecond: 4,
    });
    expect(windows).toEqual([{ updatedSince: since, createdBefore: until }]);
    const queued = pages.flat();
    expect(queued.map((j) => j.runAt!.getTime() - t0)).toEqual([90_000, 90_250, 90_500, 90_750, 91_000]);
    expect(queued.every((j) => j.kind === "order-sync" && j.tenantId === "acme")).toBe(true);
    expect(queued[0]).toMatchObject({ key: "gid://shopify/Order/1", payload: { topic: "backfill" } });
    expect(outcome).toEqual({ orders: 5, jobsCreated: 5, lastRunAt: new Date(t0 + 91_000) });
  });

  it("writes the jobs a page at a time and counts only those it created", async () => {
    const { clock, advance } = fakeClock();
    const { exportOrders } = fakeExport(ids(7), advance);
    const { jobs, pages } = fakeJobs(["gid://shopify/Order/2", "gid://shopify/Order/7"]);
    const outcome = await createBackfill({ exportOrders, jobs, clock, pageSize: 3 }).run({
      tenantId: "acme",
      since: new Date(t0),
      ratePerSecond: 1000,
    });
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(outcome).toMatchObject({ orders: 7, jobsCreated: 5, lastRunAt: new Date(t0 + 6) });
  });

  it("spaces fractional rates in whole milliseconds", async () => {
    const { clock, advance } = fakeClock();
    const { exportOrders } = fakeExport(ids(4), advance);
    const { jobs, pages } = fakeJobs();
    await createBackfill({ exportOrders, jobs, clock }).run({
      tenantId: "acme",
      since: new Date(t0),
      ratePerSecond: 3,
    });
    expect(pages.flat().map((j) => j.runAt!.getTime() - t0)).toEqual([0, 333, 666, 1000]);
  });

  it("previews each order instead of queueing in a dry run", async () => {
    const { clock, advance } = fakeClock();
    const { exportOrders } = fakeExport(ids(3), advance);
    const { jobs, pages } = fakeJobs();
    const previewed: string[] = [];
    const outcome = await createBackfill({ exportOrders, jobs, clock }).run({
      tenantId: "acme",
      since: new Date(t0),
      ratePerSecond: 10,
      preview: async (id) => {
        previewed.push(id);
      },
    });
    expect(previewed).toEqual(ids(3));
    expect(pages).toEqual([]);
    expect(outcome).toEqual({ orders: 3, jobsCreated: 0, lastRunAt: null });
  });

  it("reports the bulk status, then the orders read and queued", async () => {
    const { clock, advance } = fakeClock();
    const { exportOrders } = fakeExport(ids(3), advance);
    const { jobs } = fakeJobs();
    const progress: BackfillProgress[] = [];
    await createBackfill({ exportOrders, jobs, clock, pageSize: 2 }).run({
      tenantId: "acme",
      since: new Date(t0),
      ratePerSecond: 10,
      onProgress: (p) => progress.push(p),
    });
    expect(progress[0]).toEqual({ status: "RUNNING", objectCount: 0, read: 0, queued: 0 });
    expect(progress.map((p) => [p.read, p.queued])).toEqual([
      [0, 0],
      [0, 0],
      [1, 0],
      [2, 2],
      [3, 2],
      [3, 3],
    ]);
    expect(progress.at(-1)).toEqual({ status: "COMPLETED", objectCount: 3, read: 3, queued: 3 });
  });
});
