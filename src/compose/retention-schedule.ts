import { pruneExpired } from "../audit/prune-expired.js";
import type { AuditRetention } from "../config/audit-schema.js";
import type { Clock } from "../lib/clock.js";
import { coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import { type CronSchedule, createCronSchedule } from "../pipeline/cron-schedule.js";
import type { Store } from "../store/store.js";

/**
 * The daily retention prune (`audit.pruneSchedule`), for the whole store rather than per tenant: the
 * retention is the installation's. Every instance on a shared PostgreSQL runs it; the chunked deletes
 * and updates are idempotent, so a second run finds nothing left. A failure is logged and the next
 * day's run catches up.
 */
export function scheduleRetention(deps: {
  retention: AuditRetention;
  store: Pick<Store, "audit" | "inbox">;
  clock: Clock;
  log: Logger;
}): CronSchedule {
  const { retention, store, clock, log } = deps;
  return createCronSchedule({
    cron: retention.pruneSchedule,
    task: async () => {
      try {
        const outcome = await pruneExpired({ audit: store.audit, inbox: store.inbox, clock, retention });
        log.info(outcome, "retention.pruned");
      } catch (error) {
        log.warn({ err: coerceError(error) }, "retention.prune_failed");
      }
    },
  });
}
