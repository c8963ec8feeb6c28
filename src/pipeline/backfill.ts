import type { Clock } from "../lib/clock.js";
import type { EnqueueJob, JobQueue } from "./job-queue.js";
import { ORDER_SYNC } from "./order-sync-job.js";

/** Port: every order updated in a window, streamed (a Shopify bulk operation). */
export type ExportOrders = (input: {
  window: { updatedSince: Date; createdBefore?: Date | undefined };
  onOrder: (order: { id: string; updatedAt: string | null }) => Promise<void>;
  onProgress?: (progress: { status: string; objectCount: number; read: number }) => void;
}) => Promise<{ orders: number }>;

/**
 * Where a backfill is: the bulk operation's status and object count, then the orders read from its
 * result and those queued (written as jobs) or, in a dry run, previewed.
 */
export interface BackfillProgress {
  status: string;
  objectCount: number;
  read: number;
  queued: number;
}

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
  jobs: Pick<JobQueue, "enqueueMany">;
  clock: Clock;
  /** Jobs written per statement (default 250): one round trip per page, not per order. */
  pageSize?: number;
}) {
  const pageSize = deps.pageSize ?? 250;
  return { run };

  async function run(input: {
    tenantId: string;
    since: Date;
    until?: Date | undefined;
    ratePerSecond: number;
    preview?: (orderId: string) => Promise<void>;
    onProgress?: (progress: BackfillProgress) => void;
  }): Promise<BackfillOutcome> {
    const spacingMs = 1000 / Math.max(0.001, input.ratePerSecond);
    // The pace starts with the first order, not with the export: a bulk operation may run for
    // minutes, and jobs dated in that past would all be due at once.
    let startMs: number | undefined;
    let page: EnqueueJob[] = [];
    let jobsCreated = 0;
    let lastRunAt: Date | null = null;
    const progress: BackfillProgress = { status: "CREATED", objectCount: 0, read: 0, queued: 0 };
    const report = () => input.onProgress?.({ ...progress });
    const flush = async () => {
      if (page.length === 0) return;
      const results = await deps.jobs.enqueueMany(page);
      jobsCreated += results.filter((r) => r.outcome === "created").length;
      lastRunAt = page.at(-1)?.runAt ?? lastRunAt;
      progress.queued += page.length;
      page = [];
    };
    const { orders } = await deps.exportOrders({
      window: { updatedSince: input.since, createdBefore: input.until },
      onProgress: (exported) => {
        progress.status = exported.status;
        progress.objectCount = exported.objectCount;
        report();
      },
      onOrder: async (order) => {
        progress.read++;
        if (input.preview) {
          await input.preview(order.id);
          progress.queued++;
        } else {
          startMs ??= deps.clock.now().getTime();
          page.push({
            tenantId: input.tenantId,
            kind: ORDER_SYNC,
            key: order.id,
            payload: { topic: "backfill" },
            runAt: new Date(startMs + Math.floor((progress.read - 1) * spacingMs)),
          });
          if (page.length >= pageSize) await flush();
        }
        report();
      },
    });
    await flush();
    report();
    return { orders, jobsCreated, lastRunAt };
  }
}
