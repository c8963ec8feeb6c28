import type { Clock } from "../lib/clock.js";
import type { JobQueue } from "./job-queue.js";
import type { OrderSource } from "./order-source.js";
import { ORDER_SYNC } from "./order-sync-job.js";
import type { OrderSyncMarks } from "./order-sync-marks.js";
import type { WatermarkStore } from "./watermark-store.js";

export const SWEEP_WATERMARK = "orders.sweep";

/** Shopify caps deep pagination at 25,000 objects: a long window is re-queried from its last time. */
const RESTART_AFTER_ORDERS = 10_000;

export interface SweepOutcome {
  from: Date;
  to: Date;
  ordersSeen: number;
  /** Listed orders already synced at their listed update time. */
  ordersUnchanged: number;
  jobsCreated: number;
}

/**
 * The safety net under webhooks (reference/shopify.md §7.1.3): every order Shopify updated since the
 * last sweep's start, minus an overlap for Shopify's search-index lag and clock skew, gets an
 * "order-sync" job — coalesced with any the webhooks already queued, and idempotent when the order
 * has nothing new. The watermark moves only after a whole window was read, so a failed sweep is
 * simply redone. The first window starts at the tenant's accounting start date.
 */
export function createOrderSweep(deps: {
  orders(tenantId: string): OrderSource;
  watermarks: WatermarkStore;
  /** Orders already brought up to date at their listed `updatedAt` are not read again. */
  syncMarks?: Pick<OrderSyncMarks, "get">;
  jobs: Pick<JobQueue, "enqueue">;
  clock: Clock;
  overlapMs: number;
  /** Where the very first sweep of a tenant starts. */
  firstWatermark(tenantId: string): Date;
  pageSize?: number;
  /** Re-query from the last order's time after this many orders (default 10,000). */
  restartAfterOrders?: number;
}) {
  return { sweep };

  async function sweep(tenantId: string): Promise<SweepOutcome> {
    const to = deps.clock.now();
    const watermark = await deps.watermarks.get(tenantId, SWEEP_WATERMARK);
    const from = watermark ? new Date(watermark.getTime() - deps.overlapMs) : deps.firstWatermark(tenantId);
    const source = deps.orders(tenantId);
    let updatedAfter = from;
    let cursor: string | undefined;
    let sinceRestart = 0;
    let ordersSeen = 0;
    let ordersUnchanged = 0;
    let jobsCreated = 0;
    for (;;) {
      const page = await source.listUpdatedOrderIds({
        updatedAfter,
        ...(cursor ? { cursor } : {}),
        pageSize: deps.pageSize ?? 250,
      });
      const marks =
        (await deps.syncMarks?.get(
          tenantId,
          page.orderIds.map((o) => o.id),
        )) ?? new Map<string, Date>();
      for (const order of page.orderIds) {
        const mark = marks.get(order.id);
        if (mark && mark.getTime() >= Date.parse(order.updatedAt)) {
          ordersUnchanged++;
          continue;
        }
        const queued = await deps.jobs.enqueue({
          tenantId,
          kind: ORDER_SYNC,
          key: order.id,
          payload: { topic: "sweep" },
        });
        if (queued.outcome === "created") jobsCreated++;
      }
      ordersSeen += page.orderIds.length;
      sinceRestart += page.orderIds.length;
      const last = page.orderIds.at(-1);
      if (!page.nextCursor || !last) break;
      const lastAt = new Date(last.updatedAt);
      if (
        page.ordered !== false &&
        sinceRestart >= (deps.restartAfterOrders ?? RESTART_AFTER_ORDERS) &&
        lastAt > updatedAfter
      ) {
        updatedAfter = lastAt;
        cursor = undefined;
        sinceRestart = 0;
      } else {
        cursor = page.nextCursor;
      }
    }
    await deps.watermarks.advance(tenantId, SWEEP_WATERMARK, to);
    return { from, to, ordersSeen, ordersUnchanged, jobsCreated };
  }
}
