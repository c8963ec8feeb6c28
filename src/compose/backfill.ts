import type { Config } from "../config/config-schema.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import { type BackfillOutcome, type BackfillProgress, createBackfill } from "../pipeline/backfill.js";
import {
  createBackfillPreview,
  createPreviewTally,
  type OrderPreview,
  type PreviewSummary,
} from "../pipeline/backfill-preview.js";
import type { JobQueue } from "../pipeline/job-queue.js";
import { exportOrdersInBulk } from "../shopify/bulk-order-export.js";
import { readTenantAccounting } from "./jde-tenant.js";
import { connectShopifyTenant } from "./shopify-tenant.js";
import { openTenantStore } from "./store-with-secrets.js";

export interface BackfillRequest {
  config: Readonly<Config>;
  tenantId: string;
  /** Orders updated at or after this instant. */
  since: Date;
  /** Orders created before this instant (absent: up to now). */
  until?: Date | undefined;
  /** Order-sync jobs started per second by the running service (their `runAt` spacing). */
  ratePerSecond: number;
  /** Map each order and report what it would post; write nothing (no job, document or audit entry). */
  dryRun: boolean;
  clock: Clock;
  log: Logger;
  onProgress?: (progress: BackfillProgress) => void;
  /** The dry run's verdict on each order, as it is made (the caller prints it; nothing is kept). */
  onPreview?: (preview: OrderPreview) => void;
  /** Longest wait between polls of the bulk operation (default 2000 ms). */
  pollIntervalMs?: number;
}

export interface BackfillReport extends BackfillOutcome {
  tenant: string;
  dryRun: boolean;
  /** The dry run's totals (absent when jobs were queued). */
  preview?: PreviewSummary;
}

/**
 * `ml-connector backfill` (a composition root beside main.ts): exports the tenant's orders through a
 * Shopify bulk operation and queues one paced order-sync job per order, which the running service
 * (`serve`) works through at `ratePerSecond`. The dry run reads the JDE reference data as the service
 * does and maps every order instead, recording nothing.
 */
export async function runBackfill(request: BackfillRequest): Promise<BackfillReport> {
  const { clock, log } = request;
  const { store, secrets, tenant } = await openTenantStore(request.config, request.tenantId, clock);
  const shopify = connectShopifyTenant(tenant, { installations: store.installations, secrets, clock, log });
  try {
    const preview = request.dryRun
      ? createBackfillPreview({
          tenantId: tenant.id,
          orders: shopify.orders,
          posting: store.posting,
          ...(await readTenantAccounting(tenant, { shopify: shopify.client, clock, log })),
        })
      : undefined;
    const tally = createPreviewTally();
    const backfill = createBackfill({
      exportOrders: (input) =>
        exportOrdersInBulk({
          client: shopify.client,
          clock,
          ...input,
          ...(request.pollIntervalMs ? { pollIntervalMs: request.pollIntervalMs } : {}),
        }),
      jobs: request.dryRun ? refusingJobs : store.jobs,
      clock,
    });
    const outcome = await backfill.run({
      tenantId: tenant.id,
      since: request.since,
      until: request.until,
      ratePerSecond: request.ratePerSecond,
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      ...(preview
        ? {
            preview: async (orderId: string) => {
              const verdict = await preview.previewOrder(orderId);
              tally.add(verdict);
              request.onPreview?.(verdict);
            },
          }
        : {}),
    });
    return {
      tenant: tenant.id,
      dryRun: request.dryRun,
      ...outcome,
      ...(preview ? { preview: tally.result() } : {}),
    };
  } finally {
    await shopify.close();
    await store.close();
  }
}

/** The dry run's queue: a job reaching it is a bug, and must not be written. */
const refusingJobs: Pick<JobQueue, "enqueueMany"> = {
  enqueueMany: async () => {
    throw new Error("backfill dry run: no job may be queued");
  },
};
