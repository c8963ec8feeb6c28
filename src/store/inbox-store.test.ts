import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import { createGroupCommitInbox } from "../inbox/group-commit-inbox.js";
import type { InboxStore, NewInboxEvent } from "../inbox/inbox-store.js";

let sequence = 0;
function makeEvent(overrides: Partial<NewInboxEvent> = {}): NewInboxEvent {
  sequence += 1;
  const body = Buffer.from(JSON.stringify({ id: sequence, note: "é ✓" }));
  return {
    tenantId: "acme",
    shopDomain: "acme.myshopify.com",
    topic: "orders/updated",
    webhookId: `webhook-${sequence}`,
    eventId: `event-${sequence}`,
    apiVersion: "2026-10",
    triggeredAt: new Date("2026-11-27T10:00:00.123Z"),
    receivedAt: new Date("2026-11-27T10:00:01.456Z"),
    body,
    bodySha256: createHash("sha256").update(body).digest("hex"),
    resourceGid: `gid://shopify/Order/${sequence}`,
    ...overrides,
  };
}

describe.each(backends)("InboxStore on %s", (backend) => {
  let fresh: FreshStore;
  beforeAll(async () => {
    fresh = await freshStore(backend);
  });
  beforeEach(async () => {
    await fresh.reset();
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("stores an event once and counts the second delivery as a duplicate", async () => {
    const event = makeEvent();
    expect(await fresh.store.inbox.appendMany([event])).toEqual(["stored"]);
    const again = { ...event, webhookId: "another-webhook-id", receivedAt: new Date("2026-11-27T10:05:00Z") };
    expect(await fresh.store.inbox.appendMany([again])).toEqual(["duplicate"]);
    expect(await fresh.store.inbox.countDuplicates()).toBe(1);
    const [row] = await rowsOf(fresh.store.inbox, 1);
    expect(row).toMatchObject({
      eventKey: event.eventId,
      deliveryCount: 2,
      lastDeliveryAt: new Date("2026-11-27T10:05:00Z"),
    });
  });

  it("keeps every field, and the raw body byte for byte", async () => {
    const body = new Uint8Array([0, 255, 1, 128, 10, 13]);
    const event = makeEvent({ body, eventId: null, triggeredAt: null, resourceGid: null });
    await fresh.store.inbox.appendMany([event]);
    const [row] = await rowsOf(fresh.store.inbox, 1);
    expect(row).toMatchObject({ ...event, body, eventKey: event.webhookId, deliveryCount: 1 });
    expect(await fresh.store.inbox.get("999")).toBeUndefined();
    expect(await fresh.store.inbox.get("not-an-id")).toBeUndefined();
  });

  it("dedupes on the webhook id when there is no event id, per tenant and topic", async () => {
    const event = makeEvent({ eventId: null, webhookId: "w-1" });
    const outcomes = await fresh.store.inbox.appendMany([
      event,
      { ...event },
      { ...event, topic: "orders/create" },
      { ...event, tenantId: "other" },
    ]);
    expect(outcomes).toEqual(["stored", "duplicate", "stored", "stored"]);
    expect(await fresh.store.inbox.countDuplicates({ tenantId: "acme" })).toBe(1);
    expect(await fresh.store.inbox.countDuplicates({ tenantId: "other" })).toBe(0);
  });

  it("enqueues the stored event's job in the same transaction, once per new event", async () => {
    const event = makeEvent({ resourceGid: "gid://shopify/Order/7" });
    const onStored = (stored: NewInboxEvent, inboxId: string) => ({
      tenantId: stored.tenantId,
      kind: "order-sync",
      key: stored.resourceGid ?? "",
      payload: { inboxId },
    });
    await fresh.store.inbox.appendMany([event, { ...event }], { onStored });
    await fresh.store.inbox.appendMany([{ ...event }, makeEvent({ resourceGid: "gid://shopify/Order/7" })], {
      onStored,
    });
    const jobs = await fresh.store.jobs.list({ tenantId: "acme" });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: "order-sync", key: "gid://shopify/Order/7", status: "pending" });
  });

  it("writes nothing of a group whose job enqueue fails", async () => {
    const failing = () => {
      throw new Error("boom");
    };
    await expect(
      fresh.store.inbox.appendMany([makeEvent(), makeEvent()], { onStored: failing }),
    ).rejects.toThrow("boom");
    expect(await rowsOf(fresh.store.inbox, 2)).toEqual([]);
  });

  it("group-commits 200 concurrent deliveries in a handful of transactions", async () => {
    let transactions = 0;
    const counted: InboxStore = {
      ...fresh.store.inbox,
      appendMany: (events, options) => {
        transactions += 1;
        return fresh.store.inbox.appendMany(events, options);
      },
    };
    const inbox = createGroupCommitInbox({
      store: counted,
      onStored: (event) => ({ tenantId: event.tenantId, kind: "order-sync", key: event.resourceGid ?? "" }),
    });
    const events = Array.from({ length: 200 }, () => makeEvent());
    const outcomes = await Promise.all(events.map((event) => inbox.accept(event)));
    expect(outcomes.every((outcome) => outcome === "stored")).toBe(true);
    expect(transactions).toBeLessThanOrEqual(3);
    expect(await rowsOf(fresh.store.inbox, 200)).toHaveLength(200);
    expect((await fresh.store.jobs.counts()).pending).toBe(200);
  });
});

/** Inbox ids are assigned 1, 2, 3… on a fresh database; returns the rows that exist. */
async function rowsOf(inbox: InboxStore, upTo: number) {
  const rows = await Promise.all(Array.from({ length: upTo }, (_, index) => inbox.get(String(index + 1))));
  return rows.filter((row) => row !== undefined);
}
