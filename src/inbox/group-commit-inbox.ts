import type { EnqueueJob } from "../pipeline/job-queue.js";
import type { InboxAppendOutcome, InboxStore, NewInboxEvent } from "./inbox-store.js";

/** The ingest side of the inbox: one call per delivery, answered after that delivery's commit. */
export interface GroupCommitInbox {
  /** Resolves once the event's row is committed; rejects if its group's transaction failed. */
  accept(event: NewInboxEvent): Promise<InboxAppendOutcome>;
  /** Writes whatever is waiting now and resolves when every write started so far has finished. */
  flush(): Promise<void>;
  /** Flushes, then refuses further events. */
  close(): Promise<void>;
}

export interface GroupCommitInboxDeps {
  store: Pick<InboxStore, "appendMany">;
  /** The job a stored event enqueues in the same transaction (e.g. "sync order X"); null for none. */
  onStored?: (event: NewInboxEvent, inboxId: string) => EnqueueJob | null;
  /** How long the first event of a group may wait for company (default 2 ms). */
  maxDelayMs?: number;
  /** Events per transaction (default 256); a full group is written at once. */
  maxBatch?: number;
  /** Transactions in flight at once (default 1: SQLite has one writer; raise it for PostgreSQL). */
  maxConcurrentWrites?: number;
}

interface Waiter {
  event: NewInboxEvent;
  resolve: (outcome: InboxAppendOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit (DESIGN.md §1): concurrent deliveries share one transaction instead of paying one
 * commit each. A group is written when it reaches `maxBatch`, when its first event has waited
 * `maxDelayMs`, or as soon as a writer frees up while events wait — so under load the groups grow
 * by themselves and nobody waits longer than one transaction plus `maxDelayMs`. A failed transaction
 * rejects every caller of its group (the HTTP layer answers 500 and Shopify delivers again).
 */
export function createGroupCommitInbox(deps: GroupCommitInboxDeps): GroupCommitInbox {
  const maxDelayMs = deps.maxDelayMs ?? 2;
  const maxBatch = deps.maxBatch ?? 256;
  const maxConcurrentWrites = deps.maxConcurrentWrites ?? 1;
  const appendOptions = deps.onStored ? { onStored: deps.onStored } : {};
  const waiting: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delayElapsed = false;
  let closed = false;
  const inFlight = new Set<Promise<void>>();

  return { accept, flush, close };

  function accept(event: NewInboxEvent): Promise<InboxAppendOutcome> {
    if (closed) return Promise.reject(new Error("inbox is closed"));
    return new Promise<InboxAppendOutcome>((resolve, reject) => {
      waiting.push({ event, resolve, reject });
      if (waiting.length >= maxBatch) writeWhilePossible();
      else if (timer === undefined && !delayElapsed) timer = setTimeout(onDelayElapsed, maxDelayMs);
    });
  }

  function onDelayElapsed(): void {
    timer = undefined;
    delayElapsed = true;
    writeWhilePossible();
  }

  /** Starts writes while a writer is free and a group is due (full, or its delay has passed). */
  function writeWhilePossible(): void {
    while (
      inFlight.size < maxConcurrentWrites &&
      (waiting.length >= maxBatch || (delayElapsed && waiting.length > 0))
    ) {
      startWrite(waiting.splice(0, maxBatch));
    }
    if (waiting.length === 0) {
      delayElapsed = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    }
  }

  function startWrite(group: Waiter[]): void {
    const write = deps.store
      .appendMany(
        group.map((waiter) => waiter.event),
        appendOptions,
      )
      .then(
        (outcomes) => settle(group, outcomes),
        (error: unknown) => {
          for (const waiter of group) waiter.reject(error);
        },
      )
      .finally(() => {
        inFlight.delete(write);
        // Whatever queued during this write has already waited at least as long as the delay.
        if (waiting.length > 0) delayElapsed = true;
        writeWhilePossible();
      });
    inFlight.add(write);
  }

  async function flush(): Promise<void> {
    while (inFlight.size > 0 || waiting.length > 0) {
      if (waiting.length > 0) {
        delayElapsed = true;
        writeWhilePossible();
      }
      await Promise.allSettled([...inFlight]);
    }
  }

  async function close(): Promise<void> {
    closed = true;
    await flush();
  }
}

function settle(group: Waiter[], outcomes: InboxAppendOutcome[]): void {
  if (outcomes.length !== group.length) {
    const error = new Error(`inbox store answered ${outcomes.length} outcomes for ${group.length} events`);
    for (const waiter of group) waiter.reject(error);
    return;
  }
  group.forEach((waiter, index) => {
    waiter.resolve(outcomes[index]!);
  });
}
