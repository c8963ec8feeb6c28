import { z } from "zod";
import { cronExpression } from "./cron-expression.js";

/** Seven years of 365.25 days: the usual retention of accounting records. */
export const DEFAULT_LINEAGE_RETENTION_DAYS = 2557;
export const DEFAULT_PAYLOAD_RETENTION_DAYS = 30;
export const DEFAULT_PRUNE_SCHEDULE = "41 3 * * *";

/**
 * The audit trail's retention, for the whole installation (one store, one policy): the lineage —
 * references and hashes, no personal data — is kept for years; the raw webhook bodies, which carry
 * customers' personal data, only as long as an operator may need them to investigate. Both are
 * pruned daily on `pruneSchedule` (server time).
 */
export const auditSchema = z
  .strictObject({
    lineageRetentionDays: z.coerce.number().int().min(1).max(36_525).default(DEFAULT_LINEAGE_RETENTION_DAYS),
    payloadRetentionDays: z.coerce.number().int().min(1).max(3_650).default(DEFAULT_PAYLOAD_RETENTION_DAYS),
    pruneSchedule: cronExpression.default(DEFAULT_PRUNE_SCHEDULE),
  })
  .default({
    lineageRetentionDays: DEFAULT_LINEAGE_RETENTION_DAYS,
    payloadRetentionDays: DEFAULT_PAYLOAD_RETENTION_DAYS,
    pruneSchedule: DEFAULT_PRUNE_SCHEDULE,
  });

export type AuditRetention = z.infer<typeof auditSchema>;
