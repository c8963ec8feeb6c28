import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SHOPIFY_SCOPES } from "../../src/config/config-schema.js";
import { type E2E, E2E_SHOP, startE2E } from "../support/e2e-harness.js";
import { exactlyOnceProblems, generateOrders, untilDocumentsDone } from "../support/exactly-once.js";

/** CI size; the soak runs 5,000 (MLC_SHOPIFY_ORDERS). */
const ORDERS = Number(process.env.MLC_SHOPIFY_ORDERS ?? 150);
const RESILIENCE_DEADLINE_MS = Math.max(120_000, ORDERS * 150);

/** The orders at least one stored webhook was about. */
function ordersWithWebhooks(e2e: E2E): Set<string> {
  const db = new BetterSqlite3(e2e.databaseFile, { readonly: true });
  try {
    const rows = db.prepare("SELECT DISTINCT resource_gid AS gid FROM inbox_events").all() as {
      gid: string;
    }[];
    return new Set(rows.map((r) => r.gid));
  } finally {
    db.close();
  }
}
const ORDER_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "refunds/create",
  "order_transactions/create",
];

/** How long one step of a run may wait: one minute at CI size, more at soak size. */
const STEP_WAIT_MS = Math.max(60_000, ORDERS * 40);

/**
 * Shopify delivers at least once, out of order, and sometimes never: the delivery runs
 * (CI size; `npm run test:soak` runs them with 5,000 orders).
 */
describe(`Shopify delivery and throttling, ${ORDERS} orders (e2e)`, {
  timeout: RESILIENCE_DEADLINE_MS + 60_000,
}, () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("with 30 % of webhooks dropped, 20 % duplicated and all reordered, the sweep ends with every order posted exactly once", async () => {
    e2e = await startE2E({
      maxDocuments: 50,
      subscribeTopics: ORDER_TOPICS,
      shopifySimulator: {
        webhookDelivery: {
          seed: 5,
          dropPercent: 30,
          duplicatePercent: 20,
          redeliverPercent: 5,
          reorderWindow: { size: 40, maxWaitMs: 300 },
          staleUpdatedAtPercent: 10,
          wrongSignaturePercent: 5,
        },
      },
      // Every 3 seconds, re-reading one minute behind the previous sweep's start.
      // The simulator dates its orders from 2026-11-02 on, so they are made before the first sweep,
      // which starts at the accounting start date; webhooks are stored meanwhile.
      deferStart: true,
      tenantConfig: {
        accountingStartDate: "2026-11-01",
        schedule: { sweep: "*/3 * * * * *", sweepOverlapMinutes: 1 },
      },
    });
    const orders = generateOrders(e2e, ORDERS, 601);
    await e2e.shopify.webhooks.idle();
    e2e.connector.start();
    await e2e.waitForPosting(orders, RESILIENCE_DEADLINE_MS);

    const deliveries = e2e.shopify.webhooks.deliveries();
    const dropped = deliveries.filter((d) => d.dropped).length;
    const duplicated = deliveries.filter((d) => d.duplicate).length;
    expect(dropped / deliveries.length).toBeGreaterThan(0.2);
    expect(duplicated).toBeGreaterThan(0);
    // Every delivery passes through the reorder window; most leave it out of their send order.
    expect(deliveries.filter((d) => d.reordered).length / deliveries.length).toBeGreaterThan(0.25);
    expect(deliveries.some((d) => d.wrongSignatureAttempts > 0)).toBe(true);
    expect(await e2e.connector.store.inbox.countDuplicates()).toBeGreaterThan(0);
    // Orders whose every webhook was dropped exist, and the sweep found them.
    const signalled = ordersWithWebhooks(e2e);
    expect(orders.filter((gid) => !signalled.has(gid)).length).toBeGreaterThan(0);
    expect((await e2e.connector.store.watermarks.get(e2e.tenantId, "orders.sweep")) instanceof Date).toBe(
      true,
    );
    // Every order is marked synced at its update time, so later sweeps skip it until it changes.
    expect((await e2e.connector.store.orderSyncMarks.get(e2e.tenantId, orders)).size).toBe(orders.length);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });

  it("a throttling storm ends with every order read, and an ACCESS_DENIED answer is never retried", async () => {
    e2e = await startE2E({ maxDocuments: 50, subscribeTopics: ORDER_TOPICS });
    const first = generateOrders(e2e, Math.floor(ORDERS / 2), 611);
    // A hang detector, not a speed check: it grows with the run's size (the soak posts 833 here).
    await untilDocumentsDone(e2e, Math.floor(ORDERS / 6), STEP_WAIT_MS);
    // The storm: the bucket drained and its limits cut from Plus (20,000 @ 1,000/s) to 1,000 @ 100/s.
    e2e.shopify.throttle.drain(E2E_SHOP);
    e2e.shopify.throttle.setLimits(E2E_SHOP, { maximumAvailable: 1000, restoreRate: 100 });
    // Meanwhile the merchant withdraws read_orders for a moment: reads in that window are denied.
    const allScopes = [...SHOPIFY_SCOPES];
    e2e.shopify.oauth.setStaticTokenScopes(
      E2E_SHOP,
      allScopes.filter((s) => s !== "read_orders"),
    );
    const second = generateOrders(e2e, ORDERS - first.length, 612);
    const jobs = e2e.connector.store.jobs;
    const deadline = Date.now() + STEP_WAIT_MS;
    while ((await jobs.counts()).parked === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    e2e.shopify.oauth.setStaticTokenScopes(E2E_SHOP, allScopes);

    // Each denied read parked its job at once: one attempt, one ACCESS_DENIED answer per job.
    await new Promise((r) => setTimeout(r, 500));
    const parked = await jobs.list({ status: "parked" });
    expect(parked.length).toBeGreaterThan(0);
    for (const job of parked) {
      expect(job.parkCode).toBe("MLC_SHOPIFY_ACCESS_DENIED");
      expect(job.attempts).toBeLessThanOrEqual(1);
    }
    expect(e2e.shopify.stats().accessDenied).toBe(parked.length);
    // The operator replays them once the scope is back; the storm passes a few seconds later.
    for (const job of parked) expect(await jobs.unpark(job.id)).toBe(true);
    await new Promise((r) => setTimeout(r, 5_000));
    e2e.shopify.throttle.setPlan(E2E_SHOP, "plus");

    const orders = [...first, ...second];
    await e2e.waitForPosting(orders, RESILIENCE_DEADLINE_MS);
    const stats = e2e.shopify.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.accessDenied).toBe(parked.length);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });
});
