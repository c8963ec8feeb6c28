import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import type { JobQueue } from "../pipeline/job-queue.js";

const t0 = new Date("2026-11-27T10:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const order = (n: number) => ({ tenantId: "acme", kind: "order-sync", key: `gid://shopify/Order/${n}` });

describe.each(backends)("JobQueue on %s", (backend) => {
  let fresh: FreshStore;
  let jobs: JobQueue;
  beforeAll(async () => {
    fresh = await freshStore(backend, { clock: { now: () => t0 } });
    jobs = fresh.store.jobs;
  });
  beforeEach(async () => {
    await fresh.reset();
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("coalesces five enqueues of the same order into one pending job at the earliest runAt", async () => {
    const results = [];
    for (const delayMs of [500, 400, 100, 300, 200]) {
      results.push(await jobs.enqueue({ ...order(1), payload: { n: delayMs }, runAt: at(delayMs) }));
    }
    expect(results.map((r) => r.outcome)).toEqual([
      "created",
      "coalesced",
      "coalesced",
      "coalesced",
      "coalesced",
    ]);
    const pending = await jobs.list({ status: "pending" });
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ id: results[0]?.jobId, runAt: at(100), payload: { n: 500 } });
  });

  it("enqueues many jobs in one call, coalescing with pending ones and within the call", async () => {
    await jobs.enqueue({ ...order(1), runAt: at(50) });
    const results = await jobs.enqueueMany([
      { ...order(1), runAt: at(10) },
      { ...order(2), runAt: at(20) },
      { ...order(3), runAt: at(30) },
      { ...order(2), runAt: at(5) },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(["coalesced", "created", "created", "coalesced"]);
    expect(results[1]?.jobId).toBe(results[3]?.jobId);
    const pending = await jobs.list({ status: "pending" });
    expect(pending.map((j) => [j.key, j.runAt.getTime() - t0.getTime()]).sort()).toEqual([
      [order(1).key, 10],
      [order(2).key, 5],
      [order(3).key, 30],
    ]);
    expect(await jobs.enqueueMany([])).toEqual([]);
  });

  it("marks a running job to rerun and makes it pending again when it completes", async () => {
    await jobs.enqueue(order(1));
    const [job] = await jobs.claim({ workerId: "w1", limit: 5, leaseMs: 1000, now: t0 });
    expect(job).toBeDefined();
    if (!job) return;
    expect((await jobs.enqueue(order(1))).outcome).toBe("rerun");
    expect(await jobs.list({ status: "pending" })).toEqual([]);
    expect(await jobs.complete(job, { now: at(50) })).toBe("ok");
    const [again] = await jobs.list({ key: order(1).key });
    expect(again).toMatchObject({
      id: job.id,
      status: "pending",
      rerun: false,
      runAt: at(50),
      leaseOwner: null,
    });
    const [second] = await jobs.claim({ workerId: "w2", limit: 5, leaseMs: 1000, now: at(60) });
    expect(await jobs.complete(second!, { now: at(70) })).toBe("ok");
    expect(await jobs.counts()).toEqual({ pending: 0, running: 0, parked: 0, done: 1 });
    expect((await jobs.enqueue(order(1))).outcome).toBe("created");
  });

  it("claims only due jobs, honours kinds and limit, in runAt order", async () => {
    await jobs.enqueue({ ...order(1), runAt: at(20) });
    await jobs.enqueue({ ...order(2), runAt: at(10) });
    await jobs.enqueue({ ...order(3), runAt: at(5_000) });
    await jobs.enqueue({ tenantId: "acme", kind: "reconcile", key: "daily", runAt: at(0) });
    expect(
      await jobs.claim({ workerId: "w", kinds: ["order-sync"], limit: 1, leaseMs: 100, now: at(30) }),
    ).toMatchObject([{ key: order(2).key, status: "running", leaseOwner: "w", leaseExpiresAt: at(130) }]);
    const rest = await jobs.claim({
      workerId: "w",
      kinds: ["order-sync"],
      limit: 10,
      leaseMs: 100,
      now: at(30),
    });
    expect(rest.map((job) => job.key)).toEqual([order(1).key]);
  });

  it("lets another worker reclaim a job whose lease expired, and the first one loses it", async () => {
    await jobs.enqueue(order(1));
    const [first] = await jobs.claim({ workerId: "w1", limit: 1, leaseMs: 100, now: t0 });
    expect(await jobs.claim({ workerId: "w2", limit: 1, leaseMs: 100, now: at(99) })).toEqual([]);
    expect(await jobs.extendLease(first!, { leaseMs: 100, now: at(50) })).toBe("ok");
    expect(await jobs.claim({ workerId: "w2", limit: 1, leaseMs: 100, now: at(149) })).toEqual([]);
    const [second] = await jobs.claim({ workerId: "w2", limit: 1, leaseMs: 100, now: at(150) });
    expect(second).toMatchObject({ id: first?.id, leaseOwner: "w2" });
    expect(await jobs.complete(first!, { now: at(160) })).toBe("lease-lost");
    expect(await jobs.extendLease(first!, { leaseMs: 100, now: at(160) })).toBe("lease-lost");
    expect(await jobs.complete(second!, { now: at(170) })).toBe("ok");
  });

  it("retries with attempts counted and the error kept", async () => {
    await jobs.enqueue(order(1));
    const [job] = await jobs.claim({ workerId: "w", limit: 1, leaseMs: 100, now: t0 });
    expect(await jobs.retry(job!, { error: "MLC_AIS_TIMEOUT: slow", runAt: at(1_000) })).toBe("ok");
    expect(await jobs.claim({ workerId: "w", limit: 1, leaseMs: 100, now: at(999) })).toEqual([]);
    const [again] = await jobs.claim({ workerId: "w", limit: 1, leaseMs: 100, now: at(1_000) });
    expect(again).toMatchObject({ attempts: 1, lastError: "MLC_AIS_TIMEOUT: slow" });
  });

  it("parks a job visibly, keeps new signals from reviving it, and unparks it on request", async () => {
    await jobs.enqueue(order(1));
    const [job] = await jobs.claim({ workerId: "w", limit: 1, leaseMs: 100, now: t0 });
    expect(await jobs.park(job!, { code: "MLC_UNMAPPED_ACCOUNT", reason: "no revenue account" })).toBe("ok");
    expect((await jobs.enqueue(order(1))).outcome).toBe("parked");
    expect(await jobs.list({ status: "parked", tenantId: "acme" })).toMatchObject([
      { id: job?.id, parkCode: "MLC_UNMAPPED_ACCOUNT", parkReason: "no revenue account" },
    ]);
    expect(await jobs.claim({ workerId: "w", limit: 1, leaseMs: 100, now: at(10_000) })).toEqual([]);
    expect(await jobs.unpark(job!.id, { now: at(200) })).toBe(true);
    expect(await jobs.unpark(job!.id, { now: at(200) })).toBe(false);
    expect(await jobs.claim({ workerId: "w", limit: 1, leaseMs: 100, now: at(200) })).toMatchObject([
      { id: job?.id, attempts: 0, parkCode: null },
    ]);
  });

  it("never gives the same job to two concurrent claimers on separate connections", async () => {
    const other = await fresh.openAnother({ clock: { now: () => t0 } });
    for (let n = 0; n < 60; n += 1) await jobs.enqueue(order(n));
    const claimers = [jobs, other.jobs, jobs, other.jobs];
    const claimed = (
      await Promise.all(
        claimers.map(async (queue, index) => {
          const mine = [];
          for (;;) {
            const batch = await queue.claim({ workerId: `w${index}`, limit: 3, leaseMs: 60_000, now: t0 });
            if (batch.length === 0) return mine;
            mine.push(...batch);
          }
        }),
      )
    ).flat();
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed.map((job) => job.id)).size).toBe(60);
  });

  it("coalesces concurrent enqueues from two connections into one job", async () => {
    const other = await fresh.openAnother({ clock: { now: () => t0 } });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? jobs : other.jobs).enqueue(order(9))),
    );
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    expect(new Set(results.map((r) => r.jobId)).size).toBe(1);
  });
});
