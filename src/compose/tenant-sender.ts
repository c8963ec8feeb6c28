import type { ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import type { PostingChannel } from "../jde/open-posting-channel.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import { type BatchSender, createBatchSender } from "../posting/batch-sender.js";
import { createSummaryCloser } from "../posting/summary-closer.js";
import type { Store } from "../store/store.js";

/**
 * The tenant's batch sender over its posting channel; in summary mode it also closes each day's
 * summary once the day's cutoff and grace have passed in the shop's time zone.
 */
export function createTenantSender(
  tenant: ResolvedTenantConfig,
  deps: { channel: PostingChannel; timezone: string; store: Store; clock: Clock; log: Logger },
): BatchSender {
  const { channel, store, clock } = deps;
  return createBatchSender({
    tenantId: tenant.id,
    header: {
      ediUser: tenant.jde.ediUser,
      company: tenant.jde.company,
      documentType: tenant.jde.documentType,
    },
    posting: store.posting,
    poster: channel.poster,
    circuit: channel.circuit,
    beforeBatch: channel.beforeBatch,
    inFlightGraceMs: channel.inFlightGraceMs,
    audit: store.audit,
    clock,
    log: deps.log,
    maxDocuments: tenant.jde.posting.batch.maxDocuments,
    maxWaitMs: tenant.jde.posting.batch.maxWaitMs,
    confirmIntervalMs: tenant.jde.posting.confirmIntervalMs,
    ...(tenant.summary === "daily"
      ? {
          closeSummaries: createSummaryCloser({
            tenantId: tenant.id,
            rule: {
              timezone: deps.timezone,
              cutoff: tenant.summaryCutoff,
              graceMinutes: tenant.summaryGraceMinutes,
            },
            summaries: store.summaries,
            audit: store.audit,
            clock,
          }).closeDueDays,
        }
      : {}),
  });
}
