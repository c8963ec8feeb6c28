import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import type { NewInboxEvent } from "../inbox/inbox-store.js";

const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n, 12));
const ORDER = "gid://shopify/Order/1";
let sequence = 0;

/** A delivery received on `receivedAt`, naming a customer's e-mail in a body large enough to overflow a page. */
function delivery(
  receivedAt: Date,
  options: { resourceGid?: string; tenantId?: string; email?: string } = {},
) {
  sequence += 1;
  const body = Buffer.from(
    JSON.stringify({ id: sequence, email: options.email ?? "old.buyer@example.com", note: "x".repeat(6000) }),
  );
  return {
    tenantId: options.tenantId ?? "acme",
    shopDomain: "acme.myshopify.com",
    topic: "orders/updated",
    webhookId: `webhook-${sequence}`,
    eventId: `event-${sequence}`,
    apiVersion: "2026-10",
    triggeredAt: receivedAt,
    receivedAt,
    body,
    bodySha256: createHash("sha256").update(body).digest("hex"),
    resourceGid: options.resourceGid ?? ORDER,
  } satisfies NewInboxEvent;
}

describe.each(backends)("inbox retention on %s", (backend) => {
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

  async function append(events: NewInboxEvent[]): Promise<string[]> {
    const ids: string[] = [];
    await fresh.store.inbox.appendMany(events, {
      onStored: (_event, id) => {
        ids.push(id);
        return null;
      },
    });
    return ids;
  }

  it("empties the bodies received before the cutoff, chunk by chunk, and keeps ids, topic and hash", async () => {
    const events = [
      delivery(day(0)),
      delivery(day(1), { tenantId: "globex" }),
      delivery(day(2)),
      delivery(day(3)),
      delivery(day(10)),
      delivery(day(11)),
    ];
    const ids = await append(events);
    const { inbox } = fresh.store;
    await inbox.erasePayloads({ tenantId: "acme", inboxIds: [ids[2]!] }); // a redaction came first

    expect(await inbox.erasePayloadsBefore(day(10), { chunkSize: 1 })).toBe(3);
    expect(await inbox.erasePayloadsBefore(day(10), { chunkSize: 1 })).toBe(0);
    const rows = await Promise.all(ids.map((id) => inbox.get(id)));
    expect(rows.map((row) => row!.body.length > 0)).toEqual([false, false, false, false, true, true]);
    expect(rows.map((row) => [row!.webhookId, row!.topic, row!.bodySha256])).toEqual(
      events.map((event) => [event.webhookId, event.topic, event.bodySha256]),
    );
  });

  it("lists an order's deliveries without their bodies, after an id, oldest first", async () => {
    const ids = await append([
      delivery(day(0)),
      delivery(day(1), { resourceGid: "gid://shopify/Order/2" }),
      delivery(day(2)),
      delivery(day(3), { tenantId: "globex" }),
      delivery(day(4)),
    ]);
    const about = (afterId?: string) =>
      fresh.store.inbox.deliveriesAbout({
        tenantId: "acme",
        resourceGid: ORDER,
        ...(afterId ? { afterId } : {}),
      });
    const all = await about();
    expect(all.map((d) => d.id)).toEqual([ids[0], ids[2], ids[4]]);
    expect(all[0]).toMatchObject({
      topic: "orders/updated",
      webhookId: expect.any(String),
      receivedAt: day(0),
    });
    expect(all[0]).not.toHaveProperty("body");
    expect((await about(ids[2])).map((d) => d.id)).toEqual([ids[4]]);
    expect(await about("not-an-id")).toEqual([]);
  });

  // PostgreSQL keeps dead row versions until vacuum (README, "App lifecycle and privacy").
  if (backend === "sqlite")
    it("leaves no copy of a pruned body in the database file or its WAL", async () => {
      const file = fresh.url.replace(/^sqlite:/, "");
      const filesContain = (text: string) =>
        [file, `${file}-wal`].some(
          (path) => existsSync(path) && readFileSync(path).includes(Buffer.from(text)),
        );
      // An address no earlier test wrote: the suite's reset deletes rows without secure_delete.
      await append([
        delivery(day(0), { email: "pruned.buyer@example.com" }),
        delivery(day(20), { email: "recent.buyer@example.com" }),
      ]);
      expect(filesContain("pruned.buyer@example.com")).toBe(true);
      expect(await fresh.store.inbox.erasePayloadsBefore(day(10))).toBe(1);
      expect(filesContain("pruned.buyer@example.com")).toBe(false);
      expect(filesContain("recent.buyer@example.com")).toBe(true);
    });
});
