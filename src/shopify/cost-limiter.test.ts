import { describe, expect, it } from "vitest";
import {
  applyThrottleStatus,
  availablePoints,
  type BucketState,
  createCostLimiter,
  type ThrottleStatus,
  waitMsFor,
} from "./cost-limiter.js";
import { createFakeClock as fakeClock } from "./fake-clock.test-helper.js";

const STANDARD: ThrottleStatus = { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 };

function bucket(currentlyAvailable: number, reservedPoints = 0): BucketState {
  return { status: { ...STANDARD, currentlyAvailable }, observedAtMs: 0, reservedPoints };
}

describe("bucket arithmetic", () => {
  it.each([
    ["restores over elapsed time", bucket(100), 1_500, 250],
    ["never above the maximum", bucket(1_990), 60_000, 2_000],
    ["minus in-flight reservations", bucket(1_000, 300), 0, 700],
  ])("%s", (_label, state, nowMs, expected) => {
    expect(availablePoints(state, nowMs)).toBe(expected);
  });

  it.each([
    ["affordable now", bucket(900), 828, 0],
    ["waits for the missing points at the restore rate", bucket(100), 828, 7_280],
    ["counts reservations of queries in flight", bucket(1_000, 900), 828, 7_280],
    ["clamps a cost above the bucket to the bucket", bucket(0), 5_000, 20_000],
    ["rounds up to the next millisecond", bucket(0), 1, 10],
  ])("%s", (_label, state, cost, expectedMs) => {
    expect(waitMsFor(state, cost, 0)).toBe(expectedMs);
  });

  it("takes Shopify's report as the new truth (refund to actual included)", () => {
    const next = applyThrottleStatus(bucket(100, 50), { ...STANDARD, currentlyAvailable: 1_990 }, 5_000);
    expect(next).toEqual({
      status: { ...STANDARD, currentlyAvailable: 1_990 },
      observedAtMs: 5_000,
      reservedPoints: 50,
    });
  });
});

describe("createCostLimiter", () => {
  it("sends at once while the bucket can afford the query", async () => {
    const { clock, sleeps } = fakeClock(0);
    const limiter = createCostLimiter({ clock, initialStatus: STANDARD });
    const reservation = await limiter.acquire(828);
    expect(sleeps).toEqual([]);
    expect(limiter.snapshot().reservedPoints).toBe(828);
    reservation.settle({ ...STANDARD, currentlyAvailable: 1_988 });
    expect(limiter.snapshot()).toMatchObject({ reservedPoints: 0, status: { currentlyAvailable: 1_988 } });
  });

  it("waits until the reported bucket has restored enough", async () => {
    const { clock, sleeps } = fakeClock(0);
    const limiter = createCostLimiter({ clock, initialStatus: { ...STANDARD, currentlyAvailable: 28 } });
    await limiter.acquire(828);
    expect(sleeps).toEqual([8_000]);
  });

  it("queues concurrent queries so the second waits for the first one's reservation", async () => {
    const { clock, sleeps } = fakeClock(0);
    const limiter = createCostLimiter({ clock, initialStatus: { ...STANDARD, currentlyAvailable: 1_000 } });
    const [first, second] = await Promise.all([limiter.acquire(800), limiter.acquire(800)]);
    expect(sleeps).toEqual([6_000]); // 200 left after the first; 600 more at 100/s
    first.settle(null);
    second.settle(null);
    expect(limiter.snapshot().reservedPoints).toBe(0);
  });

  it("settles a reservation only once", async () => {
    const { clock } = fakeClock(0);
    const limiter = createCostLimiter({ clock, initialStatus: STANDARD });
    await limiter.acquire(100);
    const reservation = await limiter.acquire(300);
    reservation.settle(null);
    reservation.settle(null);
    expect(limiter.snapshot().reservedPoints).toBe(100);
  });

  it("starts from a conservative 1000/50 bucket until Shopify reports", () => {
    const { clock } = fakeClock(0);
    expect(createCostLimiter({ clock }).snapshot().status).toEqual({
      maximumAvailable: 1000,
      currentlyAvailable: 1000,
      restoreRate: 50,
    });
  });
});

describe("createCostLimiter waking", () => {
  it("stops waiting as soon as a response reports a bigger bucket than the conservative initial one", async () => {
    const nowMs = Date.UTC(2026, 10, 27, 12, 0, 0);
    // A clock whose sleep only ends when aborted: any progress must come from the state change.
    const clock = {
      now: () => new Date(nowMs),
      sleep: (_ms: number, signal?: AbortSignal) =>
        new Promise<void>((_resolve, reject) =>
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true }),
        ),
    };
    const limiter = createCostLimiter({
      clock,
      initialStatus: { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 },
    });
    const first = await limiter.acquire(800);
    const second = limiter.acquire(800); // 1000 − 800 reserved: must wait under the initial guess
    let granted = false;
    void second.then(() => (granted = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted).toBe(false);
    first.settle({ maximumAvailable: 20000, currentlyAvailable: 19950, restoreRate: 1000 });
    await second;
    expect(limiter.snapshot().reservedPoints).toBe(800);
  });
});
