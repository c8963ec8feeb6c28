import { describe, expect, it } from "vitest";
import { type BatchAnswer, createCustomerBatcher } from "./customer-batcher.js";

/** A clock whose sleeps end only when the test says so (the batch's maxWaitMs). */
function manualClock() {
  const timers: Array<() => void> = [];
  return {
    clock: {
      sleep: (_ms: number, signal?: AbortSignal) =>
        new Promise<void>((resolve, reject) => {
          timers.push(resolve);
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        }),
    },
    elapse: () => {
      for (const resolve of timers.splice(0)) resolve();
    },
  };
}

function setup(maxCustomers: number) {
  const time = manualClock();
  const batches: Array<Record<string, readonly string[]>> = [];
  const batcher = createCustomerBatcher<string, string>({
    maxCustomers,
    maxWaitMs: 200,
    clock: time.clock,
    run: async (batch) => {
      batches.push(Object.fromEntries(batch));
      return new Map<string, BatchAnswer<string>>(
        [...batch.keys()].map((id) => [id, { ok: true, value: `an8-of-${id}` }]),
      );
    },
  });
  return { batcher, batches, elapse: time.elapse };
}

describe("customer batcher", () => {
  it("answers every request of one customer together, once the batch's wait is over", async () => {
    const t = setup(50);
    const answers = Promise.all([
      t.batcher.request("a", "order-1"),
      t.batcher.request("b", "order-2"),
      t.batcher.request("a", "order-3"),
    ]);
    expect(t.batches).toEqual([]);
    t.elapse();
    expect(await answers).toEqual(["an8-of-a", "an8-of-b", "an8-of-a"]);
    expect(t.batches).toEqual([{ a: ["order-1", "order-3"], b: ["order-2"] }]);
  });

  it("closes a batch as soon as it holds maxCustomers customers, and runs batches one at a time", async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const time = manualClock();
    const seen: string[][] = [];
    const batcher = createCustomerBatcher<string, string>({
      maxCustomers: 2,
      maxWaitMs: 200,
      clock: time.clock,
      run: async (batch) => {
        seen.push([...batch.keys()]);
        await gate; // the first batch is still with JDE
        return new Map([...batch.keys()].map((id) => [id, { ok: true as const, value: id }]));
      },
    });
    const answers = Promise.all(["a", "b", "c", "d"].map((id) => batcher.request(id, id)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([["a", "b"]]); // c and d closed a full batch, which waits for the first
    open();
    expect(await answers).toEqual(["a", "b", "c", "d"]);
    expect(seen).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("fails every request of a batch that throws, and carries on with the next batch", async () => {
    const time = manualClock();
    let calls = 0;
    const batcher = createCustomerBatcher<null, string>({
      maxCustomers: 10,
      maxWaitMs: 200,
      clock: time.clock,
      run: async (batch) => {
        calls += 1;
        if (calls === 1) throw new Error("AIS down");
        return new Map([...batch.keys()].map((id) => [id, { ok: true as const, value: id }]));
      },
    });
    const failed = batcher.request("a", null);
    time.elapse();
    await expect(failed).rejects.toThrow("AIS down");
    const next = batcher.request("a", null);
    time.elapse();
    expect(await next).toBe("a");
  });
});
