import { afterEach, describe, expect, it, vi } from "vitest";
import { createGroupCommitInbox } from "./group-commit-inbox.js";
import type { AppendOptions, InboxAppendOutcome, InboxStore, NewInboxEvent } from "./inbox-store.js";

function makeEvent(overrides: Partial<NewInboxEvent> = {}): NewInboxEvent {
  return {
    tenantId: "acme",
    shopDomain: "acme.myshopify.com",
    topic: "orders/updated",
    webhookId: `wh-${Math.random()}`,
    eventId: null,
    apiVersion: "2026-10",
    triggeredAt: null,
    receivedAt: new Date("2026-11-27T10:00:00Z"),
    body: new Uint8Array([123, 125]),
    bodySha256: "00",
    resourceGid: "gid://shopify/Order/1",
    ...overrides,
  };
}

/** An InboxStore that records each transaction and dedupes on webhook id, like the real ones. */
function fakeStore(options: { failWith?: Error; gate?: Promise<void> } = {}) {
  const seen = new Set<string>();
  const transactions: { events: NewInboxEvent[]; options: AppendOptions | undefined }[] = [];
  const store: InboxStore = {
    async appendMany(events, appendOptions) {
      transactions.push({ events, options: appendOptions });
      await options.gate;
      if (options.failWith) throw options.failWith;
      return events.map((event): InboxAppendOutcome => {
        if (seen.has(event.webhookId)) return "duplicate";
        seen.add(event.webhookId);
        return "stored";
      });
    },
    get: async () => undefined,
    countDuplicates: async () => 0,
    erasePayloads: async () => 0,
    erasePayloadsBefore: async () => 0,
    deliveriesAbout: async () => [],
    countAbout: async () => ({ events: 0, withBody: 0 }),
  };
  return { store, transactions };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createGroupCommitInbox", () => {
  it("writes 200 concurrent deliveries in one transaction and answers each caller", async () => {
    const { store, transactions } = fakeStore();
    const inbox = createGroupCommitInbox({ store });
    const events = Array.from({ length: 200 }, () => makeEvent());
    const outcomes = await Promise.all(events.map((event) => inbox.accept(event)));
    expect(outcomes).toEqual(events.map(() => "stored"));
    expect(transactions).toHaveLength(1);
    expect(transactions[0]?.events).toEqual(events);
  });

  it("answers each caller with its own outcome, duplicates included", async () => {
    const { store } = fakeStore();
    const inbox = createGroupCommitInbox({ store });
    const first = makeEvent({ webhookId: "same" });
    const outcomes = await Promise.all([inbox.accept(first), inbox.accept(makeEvent()), inbox.accept(first)]);
    expect(outcomes).toEqual(["stored", "stored", "duplicate"]);
  });

  it("writes a full group at once without waiting for the delay", async () => {
    vi.useFakeTimers();
    const { store, transactions } = fakeStore();
    const inbox = createGroupCommitInbox({ store, maxBatch: 4, maxDelayMs: 1_000 });
    const accepted = Promise.all(Array.from({ length: 4 }, () => inbox.accept(makeEvent())));
    await expect(accepted).resolves.toHaveLength(4);
    expect(transactions).toHaveLength(1);
  });

  it("holds a lone event for at most maxDelayMs", async () => {
    vi.useFakeTimers();
    const { store, transactions } = fakeStore();
    const inbox = createGroupCommitInbox({ store, maxDelayMs: 5 });
    const accepted = inbox.accept(makeEvent());
    await vi.advanceTimersByTimeAsync(4);
    expect(transactions).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await expect(accepted).resolves.toBe("stored");
    expect(transactions).toHaveLength(1);
  });

  it("splits more than maxBatch events into several transactions", async () => {
    const { store, transactions } = fakeStore();
    const inbox = createGroupCommitInbox({ store, maxBatch: 50 });
    await Promise.all(Array.from({ length: 120 }, () => inbox.accept(makeEvent())));
    expect(transactions.map((t) => t.events.length)).toEqual([50, 50, 20]);
  });

  it("gathers deliveries that arrive during a write into the next group", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { store, transactions } = fakeStore({ gate });
    const inbox = createGroupCommitInbox({ store, maxDelayMs: 0 });
    const first = inbox.accept(makeEvent());
    await vi.waitFor(() => expect(transactions).toHaveLength(1));
    const later = Array.from({ length: 30 }, () => inbox.accept(makeEvent()));
    open();
    await Promise.all([first, ...later]);
    expect(transactions.map((t) => t.events.length)).toEqual([1, 30]);
  });

  it("rejects every caller of a group whose transaction failed", async () => {
    const failure = new Error("disk full");
    const { store } = fakeStore({ failWith: failure });
    const inbox = createGroupCommitInbox({ store });
    const results = await Promise.allSettled([inbox.accept(makeEvent()), inbox.accept(makeEvent())]);
    expect(results).toEqual([
      { status: "rejected", reason: failure },
      { status: "rejected", reason: failure },
    ]);
  });

  it("passes onStored to the store so jobs enqueue in the same transaction", async () => {
    const { store, transactions } = fakeStore();
    const onStored = () => ({ tenantId: "acme", kind: "order-sync", key: "gid://shopify/Order/1" });
    const inbox = createGroupCommitInbox({ store, onStored });
    await inbox.accept(makeEvent());
    expect(transactions[0]?.options?.onStored).toBe(onStored);
  });

  it("flushes waiting events on close and refuses events afterwards", async () => {
    vi.useFakeTimers();
    const { store, transactions } = fakeStore();
    const inbox = createGroupCommitInbox({ store, maxDelayMs: 60_000 });
    const accepted = inbox.accept(makeEvent());
    await inbox.close();
    await expect(accepted).resolves.toBe("stored");
    expect(transactions).toHaveLength(1);
    await expect(inbox.accept(makeEvent())).rejects.toThrow("closed");
  });
});
