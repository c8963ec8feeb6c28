import type { Clock } from "../lib/clock.js";

/** One customer's answer in a batch: its value, or why it failed (the others are not affected). */
export type BatchAnswer<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

export interface CustomerBatcherDeps<Hint, Result> {
  /** A batch closes as soon as it holds this many distinct customers (`customers.batch.maxCustomers`). */
  maxCustomers: number;
  /** …or this long after its first request (`customers.batch.maxWaitMs`). */
  maxWaitMs: number;
  clock: Pick<Clock, "sleep">;
  /**
   * Runs one closed batch: each distinct customer with the hints of every request for it. A customer
   * the answer leaves out fails; a throw fails the whole batch.
   */
  run(batch: ReadonlyMap<string, readonly Hint[]>): Promise<Map<string, BatchAnswer<Result>>>;
}

interface Waiter<Hint, Result> {
  hint: Hint;
  resolve(value: Result): void;
  reject(error: unknown): void;
}

interface OpenBatch<Hint, Result> {
  waiters: Map<string, Waiter<Hint, Result>[]>;
  timer: AbortController;
  closed: boolean;
}

/**
 * Collects requests about customers into batches, so concurrent jobs share one round of JDE calls
 * (docs/customers.md §3). Requests for the same customer in one batch are answered together. Batches
 * run one after another: a customer the previous batch created is found linked by the next, never
 * created twice by two batches in flight.
 */
export function createCustomerBatcher<Hint, Result>(deps: CustomerBatcherDeps<Hint, Result>) {
  let open: OpenBatch<Hint, Result> | undefined;
  let previous: Promise<void> = Promise.resolve();

  return { request };

  function request(customerId: string, hint: Hint): Promise<Result> {
    open ??= openBatch();
    const batch = open;
    return new Promise<Result>((resolve, reject) => {
      const waiters = batch.waiters.get(customerId) ?? [];
      waiters.push({ hint, resolve, reject });
      batch.waiters.set(customerId, waiters);
      if (batch.waiters.size >= deps.maxCustomers) close(batch);
    });
  }

  function openBatch(): OpenBatch<Hint, Result> {
    const batch: OpenBatch<Hint, Result> = {
      waiters: new Map(),
      timer: new AbortController(),
      closed: false,
    };
    deps.clock.sleep(deps.maxWaitMs, batch.timer.signal).then(
      () => close(batch),
      () => undefined, // aborted: the batch filled up first
    );
    return batch;
  }

  function close(batch: OpenBatch<Hint, Result>): void {
    if (batch.closed) return;
    batch.closed = true;
    batch.timer.abort();
    if (open === batch) open = undefined;
    previous = previous.then(() => runBatch(batch));
  }

  /** Never throws: every waiter is settled, so the chain of batches keeps going. */
  async function runBatch(batch: OpenBatch<Hint, Result>): Promise<void> {
    const hints = new Map([...batch.waiters].map(([id, waiters]) => [id, waiters.map((w) => w.hint)]));
    let answers: Map<string, BatchAnswer<Result>>;
    try {
      answers = await deps.run(hints);
    } catch (error) {
      for (const waiters of batch.waiters.values()) for (const waiter of waiters) waiter.reject(error);
      return;
    }
    for (const [customerId, waiters] of batch.waiters) {
      const answer = answers.get(customerId) ?? {
        ok: false,
        error: new Error(`customer batch gave no answer for ${customerId}`),
      };
      for (const waiter of waiters) {
        if (answer.ok) waiter.resolve(answer.value);
        else waiter.reject(answer.error);
      }
    }
  }
}
