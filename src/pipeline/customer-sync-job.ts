import type { AuditLog } from "../audit/audit-log.js";
import type { CustomerDirectory } from "../customers/customer-directory.js";
import type { Clock } from "../lib/clock.js";
import type { LeasedJob } from "./job-queue.js";
import type { JobResult } from "./job-runner.js";

export const CUSTOMER_SYNC = "customer-sync";

/** Shopify topics that become a CUSTOMER_SYNC job (key: the customer GID), docs/customers.md §5. */
export const CUSTOMER_SYNC_TOPICS = new Set(["customers/create", "customers/update"]);

export interface CustomerSyncPayload {
  webhookId?: string;
  topic?: string;
}

export interface CustomerSyncDeps {
  /**
   * The tenant's directory when it syncs customers (`customers` block with `sync: all`, not in
   * `summary: daily`), else undefined.
   */
  directory(tenantId: string): Pick<CustomerDirectory, "syncCustomer"> | undefined;
  audit: AuditLog;
  clock: Clock;
}

/**
 * "Bring customer X up to date in JDE": the webhook is only the signal; the customer is read from
 * Shopify again and its JDE record added, adopted or changed. A row JDE refuses throws
 * MLC_JDE_CUSTOMER_REJECTED (the job parks, replayable); AIS down throws retryable (the job retries).
 */
export function createCustomerSyncHandler(deps: CustomerSyncDeps) {
  return async function syncCustomer(job: LeasedJob): Promise<JobResult> {
    // Since the job was queued, the tenant's customers block was removed, set to sync none, or the
    // tenant moved to daily summaries.
    const directory = deps.directory(job.tenantId);
    if (!directory) return { type: "done" };
    const trigger = (job.payload ?? {}) as CustomerSyncPayload;
    const chosen = await directory.syncCustomer(job.key);
    await deps.audit.append({
      tenantId: job.tenantId,
      step: "customer.synced",
      at: deps.clock.now(),
      ...(trigger.webhookId ? { webhookId: trigger.webhookId } : {}),
      detail: { customerId: job.key, trigger: trigger.topic ?? "replay", ...chosen },
    });
    return { type: "done" };
  };
}
