import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isBalanced } from "../domain/journal.js";
import type { OrderSnapshot } from "../domain/order.js";
import type { Clock } from "../lib/clock.js";
import { makeOrder, makePayment, makeSale, makeSalesEvent } from "../mapping/test-support/make-order.js";
import { makePolicy } from "../mapping/test-support/make-policy.js";
import { createSummaryCloser } from "../posting/summary-closer.js";
import { toKeyedDocument } from "../posting/to-keyed-document.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import type { LeasedJob } from "./job-queue.js";
import { createOrderSyncHandler } from "./order-sync-job.js";

const paidOrder = (n: number, amountMinor: bigint, at: string): OrderSnapshot =>
  makeOrder({
    id: `gid://shopify/Order/${n}`,
    name: `#${n}`,
    salesEvents: [
      makeSalesEvent({
        id: `gid://shopify/OrderAgreement/${n}`,
        happenedAt: at,
        sales: [makeSale({ totalAmountMinor: amountMinor })],
      }),
    ],
    paymentEvents: [makePayment({ id: `gid://shopify/OrderTransaction/${n}`, processedAt: at, amountMinor })],
  });

describe("summary mode (summary: daily)", () => {
  let store: Store;
  let nowMs: number;
  const clock: Clock = { now: () => new Date(nowMs), sleep: async () => {} };
  const shopify = new Map<string, OrderSnapshot>();
  const policy = makePolicy({ timezone: "America/New_York" });

  beforeEach(async () => {
    nowMs = Date.parse("2026-11-27T23:00:00Z");
    store = await openStore("sqlite::memory:", { clock });
    await store.migrate();
    for (const order of [
      paidOrder(1, 10_000n, "2026-11-27T15:00:00Z"),
      paidOrder(2, 2_500n, "2026-11-28T04:30:00Z"), // 23:30 in New York: still the 27th
    ])
      shopify.set(order.id, order);
  });
  afterEach(async () => store.close());

  const sync = (orderId: string) =>
    createOrderSyncHandler({
      tenant: () => ({
        policy,
        summary: "daily",
        orders: {
          fetchOrder: async (id) => shopify.get(id) ?? null,
          listUpdatedOrderIds: async () => ({ orderIds: [], nextCursor: null }),
        },
      }),
      posting: store.posting,
      summaries: store.summaries,
      audit: store.audit,
      clock,
      onDocumentsRecorded: () => {},
    })({ tenantId: "acme", key: orderId, payload: {} } as LeasedJob);
  const closer = createSummaryCloser({
    tenantId: "acme",
    rule: { timezone: "America/New_York", cutoff: "00:00", graceMinutes: 60 },
    get summaries() {
      return store.summaries;
    },
    get audit() {
      return store.audit;
    },
    clock,
  });

  it("records orders as contributions, then closes the day into one document after cut-off plus grace", async () => {
    await sync("gid://shopify/Order/1");
    await sync("gid://shopify/Order/2");
    await sync("gid://shopify/Order/1");
    expect(await store.posting.listDocuments({ tenantId: "acme" })).toEqual([]);
    expect(await store.summaries.openContributions("acme")).toHaveLength(2);

    nowMs = Date.parse("2026-11-28T05:59:59Z"); // 00:59:59 in New York: inside the grace
    expect(await closer.closeDueDays()).toEqual([]);

    nowMs = Date.parse("2026-11-28T06:00:00Z");
    const [summary, ...more] = await closer.closeDueDays();
    expect(more).toEqual([]);
    expect(summary).toMatchObject({ kind: "summary", glDate: "2026-11-27", orderName: "Shopify 2026-11-27" });
    expect(summary?.edtn).toMatch(/^D261127[0-9A-Z]{4}-1$/);
    expect(summary && isBalanced(summary)).toBe(true);
    expect(summary?.lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ["revenue", -12_500n],
      ["clearing", 12_500n],
    ]);
    expect(summary?.lines.some((l) => l.addressNumber !== undefined)).toBe(false);
    const keyed = toKeyedDocument(summary!, { ediUser: "SHOPIFY", company: "00100", documentType: "JE" });
    expect([keyed.reference, keyed.explanation]).toEqual([
      "Shopify 2026-11-27",
      "Shopify summary 2026-11-27",
    ]);
    expect(await closer.closeDueDays()).toEqual([]);
    const trail = await store.audit.listByOrder("acme", "gid://shopify/Order/2");
    expect(trail.map((e) => e.step)).toEqual(["order.read", "summary.contributed", "summary.included"]);
    expect(trail.at(-1)?.documentKey).toBe(summary?.key);
  });

  it("posts an event that arrives after its day closed in a supplement of that day", async () => {
    await sync("gid://shopify/Order/1");
    nowMs = Date.parse("2026-11-28T07:00:00Z");
    const [first] = await closer.closeDueDays();
    shopify.set("gid://shopify/Order/3", paidOrder(3, 700n, "2026-11-27T20:00:00Z"));
    await sync("gid://shopify/Order/3");
    const [supplement] = await closer.closeDueDays();
    expect(supplement?.edtn).toBe(first?.edtn.replace(/-1$/, "-2"));
    expect(supplement?.glDate).toBe("2026-11-27");
    expect(supplement?.lines.map((l) => l.amountMinor)).toEqual([-700n, 700n]);
    expect((await store.posting.pendingDocuments("acme", 10)).map((d) => d.sequence)).toEqual([1, 2]);
  });
});
