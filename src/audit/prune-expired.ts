import type { InboxStore } from "../inbox/inbox-store.js";
import type { AuditLog } from "./audit-log.js";

const DAY_MS = 86_400_000;

export interface RetentionDays {
  /** The audit lineage (references and hashes) is deleted after this many days. */
  lineageRetentionDays: number;
  /** Raw webhook bodies (personal data) are emptied after this many days; id, topic and hash stay. */
  payloadRetentionDays: number;
}

export interface PruneOutcome {
  lineageCutoff: string;
  payloadCutoff: string;
  auditEntriesDeleted: number;
  payloadsEmptied: number;
}

/**
 * One retention pass: empties webhook bodies older than the payload retention and deletes lineage
 * entries older than the lineage retention. Both stores work in bounded chunks; running it twice, or
 * on two instances at once, only finds less to do.
 */
export async function pruneExpired(deps: {
  audit: Pick<AuditLog, "pruneBefore">;
  inbox: Pick<InboxStore, "erasePayloadsBefore">;
  clock: { now(): Date };
  retention: RetentionDays;
}): Promise<PruneOutcome> {
  const now = deps.clock.now().getTime();
  const payloadCutoff = new Date(now - deps.retention.payloadRetentionDays * DAY_MS);
  const lineageCutoff = new Date(now - deps.retention.lineageRetentionDays * DAY_MS);
  // Personal data first: should the long lineage delete fail, the bodies are already gone.
  const payloadsEmptied = await deps.inbox.erasePayloadsBefore(payloadCutoff);
  const auditEntriesDeleted = await deps.audit.pruneBefore(lineageCutoff);
  return {
    lineageCutoff: lineageCutoff.toISOString(),
    payloadCutoff: payloadCutoff.toISOString(),
    auditEntriesDeleted,
    payloadsEmptied,
  };
}
