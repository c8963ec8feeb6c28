import { describe, expect, it } from "vitest";
import type { AuditEntry, AuditQuery, NewAuditEntry } from "../audit/audit-log.js";
import type { InboxDelivery } from "../inbox/inbox-store.js";
import { recordDeliveries, WEBHOOK_RECEIVED } from "./order-sync-audit.js";

const ORDER = "gid://shopify/Order/1";

function delivery(id: number): InboxDelivery {
  return {
    id: String(id),
    tenantId: "acme",
    shopDomain: "acme.myshopify.com",
    topic: "orders/updated",
    webhookId: `w${id}`,
    eventId: `e${id}`,
    apiVersion: "2025-10",
    triggeredAt: null,
    receivedAt: new Date("2026-11-27T10:00:00Z"),
    bodySha256: "ab".repeat(32),
    resourceGid: ORDER,
    eventKey: `e${id}`,
    deliveryCount: 1,
    lastDeliveryAt: new Date("2026-11-27T10:00:00Z"),
  };
}

/** An audit log in memory and an inbox whose visible deliveries the test changes between runs. */
function harness() {
  const entries: AuditEntry[] = [];
  let visible: InboxDelivery[] = [];
  const deps = {
    audit: {
      append: async (entry: NewAuditEntry) => {
        const stored = { ...entry, id: String(entries.length + 1), detail: entry.detail ?? {} } as AuditEntry;
        entries.push(stored);
        return stored;
      },
      query: async (query: AuditQuery) =>
        entries.filter((e) => e.step === query.step && e.orderId === query.orderId),
    },
    inbox: {
      deliveriesAbout: async (filter: { afterId?: string; limit?: number }) =>
        visible.filter((d) => Number(d.id) > Number(filter.afterId ?? 0)).slice(0, filter.limit ?? 200),
    },
  };
  const run = () =>
    recordDeliveries(deps, {
      tenantId: "acme",
      orderId: ORDER,
      orderName: "#1",
      at: new Date("2026-11-27T10:01:00Z"),
    });
  const show = (ids: number[]) => {
    visible = ids.map(delivery);
  };
  return { entries, run, show };
}

describe("recordDeliveries", () => {
  it("records a delivery that became visible after one with a higher id, and each delivery once", async () => {
    const { entries, run, show } = harness();
    show([102]); // 101 was taken first but committed later (PostgreSQL sequences)
    await run();
    show([101, 102]);
    await run();
    await run();
    expect(entries.filter((e) => e.step === WEBHOOK_RECEIVED).map((e) => e.detail.inboxId)).toEqual([
      "102",
      "101",
    ]);
  });
});
