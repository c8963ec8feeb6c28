import type { Clock } from "../lib/clock.js";
import type { JobQueue } from "./job-queue.js";
import { ORDER_SYNC } from "./order-sync-job.js";

/** Port: every order updated in a window, streamed (a Shopify bulk operation). */
export type ExportOrders = (input: {
  window: { updatedSince: Date; createdBefore?: Date | undefined };
  onOrder: (order: { id: string; updatedAt: string | null }) => Promise<void>;
  onProgress?: (progress: { status: string; objectCount: number; read: number }) => void;
}) => Promise<{ orders: number }>;

export interface BackfillOutcome {
  orders: number;
  jobsCreated: number;
  /** When the last queued job may start: the pacing keeps JDE from being flooded. */
  lastRunAt: Date | null;
}

/**
 * `ml-connector backfill`: every order updated since `since` (and created before `until`) gets an
 * "order-sync" job, paced at `ratePerSecond` by their start times so the running service posts them
 * steadily. The jobs are the ordinary ones: events already posted are skipped, events dated before
 * the tenant's accounting start date are adopted, not posted. `preview` (the dry run) replaces the
 * queueing with a look at what each order would post.
 */
export function createBackfill(deps: {
  exportOrders: ExportOrders;
  jobs: Pick<JobQueue, "enqueue">;
  clock: Clock;
}) {
  return { run };

  async function run(input: {
    tenantId: string;
    since: Date;
    until?: Date | undefined;
    ratePerSecond: number;
    preview?: (orderId: string) => Promise<void>;
    onProgress?: (progress: { status: string; objectCount: number; read: number }) => void;
  }): Promise<BackfillOutcome> {
    const start = deps.clock.now().getTime();
    const spacingMs = 1000 / Math.max(0.001, input.ratePerSecond);
    let index = 0;
    let jobsCreated = 0;
    let lastRunAt: Date | null = null;
    const { orders } = await deps.exportOrders({
      window: { updatedSince: input.since, createdBefore: input.until },
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      onOrder: async (order) => {
        if (input.preview) {
          await input.preview(order.id);
          return;
        }
        const runAt = new Date(start + Math.floor(index++ * spacingMs));
        const queued = await deps.jobs.enqueue({
          tenantId: input.tenantId,
          kind: ORDER_SYNC,
          key: order.id,
          payload: { topic: "backfill" },
          runAt,
        });
        if (queued.outcome === "created") jobsCreated++;
        lastRunAt = runAt;
      },
    });
    return { orders, jobsCreated, lastRunAt };
  }
}
