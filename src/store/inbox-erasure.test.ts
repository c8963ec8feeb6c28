import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import type { NewInboxEvent } from "../inbox/inbox-store.js";

const EMAIL = "erasure.subject@example.com";
let sequence = 0;

/** A delivery whose body is large enough to spill into SQLite overflow pages, naming `email`. */
function delivery(resourceGid: string | null, email = EMAIL, tenantId = "acme"): NewInboxEvent {
  sequence += 1;
  const body = Buffer.from(JSON.stringify({ id: sequence, email, note: "x".repeat(6000) }));
  return {
    tenantId,
    shopDomain: `${tenantId}.myshopify.com`,
    topic: "orders/updated",
    webhookId: `webhook-${sequence}`,
    eventId: `event-${sequence}`,
    apiVersion: "2026-10",
    triggeredAt: null,
    receivedAt: new Date("2026-11-27T10:00:00Z"),
    body,
    bodySha256: createHash("sha256").update(body).digest("hex"),
    resourceGid,
  };
}

describe.each(backends)("inbox erasure on %s", (backend) => {
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

  /** Per row: does it still have a body? */
  async function withBody(ids: string[]) {
    return Promise.all(ids.map(async (id) => ((await fresh.store.inbox.get(id))?.body.length ?? 0) > 0));
  }

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

  it("empties the bodies about the given resources or rows, keeps the others and every hash", async () => {
    const ids = await append([
      delivery("gid://shopify/Order/1"),
      delivery("gid://shopify/Order/1"),
      delivery("gid://shopify/Customer/7"),
      delivery("gid://shopify/Order/2", "other@example.com"),
      delivery(null),
      delivery("gid://shopify/Order/1", EMAIL, "other-tenant"),
    ]);
    const inbox = fresh.store.inbox;
    expect(
      await inbox.erasePayloads({
        tenantId: "acme",
        resourceGids: ["gid://shopify/Order/1", "gid://shopify/Customer/7"],
      }),
    ).toBe(3);
    expect(await inbox.erasePayloads({ tenantId: "acme", inboxIds: [ids[4]!, "not-an-id"] })).toBe(1);
    expect(await withBody(ids)).toEqual([false, false, false, true, false, true]);
    const kept = await inbox.get(ids[3]!);
    expect(Buffer.from(kept!.body).toString("utf8")).toContain("other@example.com");
    expect((await inbox.get(ids[0]!))?.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(
      await inbox.countAbout({
        tenantId: "acme",
        resourceGids: ["gid://shopify/Order/1", "gid://shopify/Order/2"],
      }),
    ).toEqual({
      events: 3,
      withBody: 1,
    });
    // Already empty: nothing more to do.
    expect(await inbox.erasePayloads({ tenantId: "acme", resourceGids: ["gid://shopify/Order/1"] })).toBe(0);
    expect(await inbox.erasePayloads({ tenantId: "acme" })).toBe(1);
    expect(await withBody(ids)).toEqual([false, false, false, false, false, true]);
  });

  it("lists privacy requests of one tenant or of all", async () => {
    const { privacyRequests } = fresh.store;
    for (const tenantId of ["acme", "beta"])
      await privacyRequests.record({
        tenantId,
        shopDomain: `${tenantId}.myshopify.com`,
        topic: "shop/redact",
        webhookId: `w-${tenantId}`,
        customerId: null,
        receivedAt: new Date("2026-11-27T10:00:00Z"),
      });
    expect((await privacyRequests.list()).map((r) => r.tenantId)).toEqual(["acme", "beta"]);
    expect((await privacyRequests.list("beta")).map((r) => r.webhookId)).toEqual(["w-beta"]);
  });

  // A file check: registered for SQLite only (PostgreSQL keeps dead row versions until vacuum, see README).
  if (backend === "sqlite")
    it("leaves no copy of an erased body in the database file or its WAL", async () => {
      const file = fresh.url.replace(/^sqlite:/, "");
      const filesContain = (text: string) =>
        [file, `${file}-wal`].some(
          (path) => existsSync(path) && readFileSync(path).includes(Buffer.from(text)),
        );
      await append([
        delivery("gid://shopify/Order/1"),
        delivery("gid://shopify/Order/2", "keep@example.com"),
      ]);
      expect(filesContain(EMAIL)).toBe(true);
      await fresh.store.inbox.erasePayloads({ tenantId: "acme", resourceGids: ["gid://shopify/Order/1"] });
      expect(filesContain(EMAIL)).toBe(false);
      expect(filesContain("keep@example.com")).toBe(true);
    });
});
