/**
 * The append-only audit trail: every step from webhook to JDE outcome (DESIGN.md §1 "audit/ every
 * step"). `detail` is JSON that must hold references and hashes only — no secrets, no personal data
 * (DESIGN.md §6) — so redaction requests never have to touch it. Adapters pass every detail through
 * `redactAuditDetail` as a last guard against credentials; `bigint` values are stored as strings.
 *
 * Steps an order's lineage holds (detail keys in brackets):
 * - `webhook.received` [inboxId, topic, eventId, bodySha256, receivedAt, triggeredAt, apiVersion,
 *   deliveryCount]: each inbox delivery about the order, written when the order-sync job first sees it.
 *   The raw body has a shorter retention than the lineage; this row keeps id, topic and hash.
 * - `order.read` [trigger, updatedAt, events: sales (id, reason, happenedAt, sales), payments (id, kind,
 *   gateway, processedAt, amountMinor), fulfillments (id, happenedAt, location, lines)], `order.not_found`.
 * - `rules.version` [ruleVersion, policy]: the tenant's accounting policy the first time a version is
 *   applied (no order; query by step); `ruleVersion` on the mapping steps names it.
 * - `events.adopted`, `order.customer`, `order.parked` [code, problems, ruleVersion].
 * - `document.recorded`, `summary.contributed` [ruleVersion, edtn, glDate, originalGlDates, eventIds,
 *   lines (account, amountMinor, kind), lineCount, debitMinor, creditMinor].
 * - `batch.sent` (per batch, no order) [poster, resend, documents]; `document.sent` [edtn, JDE key and
 *   header, lineCount, totals]; `batch.failed` [code, retryable, status, message] and
 *   `document.unknown` when the call gave no answer.
 * - `document.accepted|staged|rejected|unknown|confirmed` [via: "batch" | "lookup" | "stale-sent",
 *   edtn, jdeStatus, documentNumber (DOC), batchNumber (ICU), errors (code, description)];
 *   `document.resend` when a look-up proved JDE lacks an unknown document.
 * - `correction.recorded` [reason, requestedBy, ruleVersion, edtn, glDate, corrects, lines].
 * - `order.replayed` [requestedBy, reason, scope, selector, cause, code]: `ml-connector replay` (`OrderReplayedDetail`).
 * - `summary.included`, `summary.closed`; customer steps (`customer.*`) name no order.
 */
export interface AuditLog {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** An order's trail, oldest first. */
  listByOrder(tenantId: string, orderId: string): Promise<AuditEntry[]>;
  /** A document's trail, oldest first (`documentKey` from PostingStore). */
  listByDocument(documentKey: string): Promise<AuditEntry[]>;
  /** The tenant's entries matching every given filter, oldest (lowest id) first, at most `limit`. */
  query(filter: AuditQuery): Promise<AuditEntry[]>;
  /**
   * Retention: deletes the entries written before `cutoff` (every tenant), in chunks of `chunkSize`
   * rows (default 1000), each its own statement, so no giant transaction locks the table. Returns how
   * many were deleted. `rules.version` entries are kept: one per version, and the entries of every
   * order mapped with a version name it, however long after its first use they were written.
   */
  pruneBefore(cutoff: Date, options?: { chunkSize?: number }): Promise<number>;
}

/**
 * Filters of `AuditLog.query`, combined with AND.
 * - `documentNumber` (JDE DOC): the documents JDE numbered so, and the whole trail of their orders.
 * - `batchNumber`: a JDE batch (ICU) — the entries of the documents JDE put in it and of the connector
 *   batches (EDBT) that carried them — or a connector batch id, matched on `batchId`.
 * - `status`: the trails of orders having a document whose current status is this; `parked`: of orders
 *   whose order-sync job is parked.
 * - `from` (inclusive) / `to` (exclusive) bound `at`; `afterId` pages on (keyset: entries with a higher id).
 */
export interface AuditQuery {
  tenantId: string;
  orderId?: string;
  orderName?: string;
  documentNumber?: string;
  batchNumber?: string;
  from?: Date;
  to?: Date;
  step?: string;
  status?: AuditStatusFilter;
  limit: number;
  afterId?: string;
}

export const AUDIT_STATUS_FILTERS = [
  "pending",
  "sent",
  "accepted",
  "staged",
  "confirmed",
  "rejected",
  "unknown",
  "parked",
] as const;
export type AuditStatusFilter = (typeof AUDIT_STATUS_FILTERS)[number];

/**
 * The detail of `order.replayed`, for the replay command: who asked and why (mandatory, like a
 * correction), and what was replayed — the whole order (its order-sync job run again with fresh data)
 * or these documents (rejected ones put back to unknown, looked up in JDE before any re-send, same EDTN).
 */
export interface OrderReplayedDetail {
  requestedBy: string;
  reason: string;
  scope: { kind: "order" } | { kind: "documents"; documentKeys: string[] };
}

export interface NewAuditEntry {
  tenantId: string;
  orderId?: string;
  orderName?: string;
  step: string; // stable event name: "webhook.received", "document.recorded", "batch.sent", …
  webhookId?: string;
  documentKey?: string;
  batchId?: string;
  detail?: Record<string, unknown>;
  at: Date;
}

export interface AuditEntry {
  id: string;
  tenantId: string;
  orderId: string | null;
  orderName: string | null;
  step: string;
  webhookId: string | null;
  documentKey: string | null;
  batchId: string | null;
  detail: Record<string, unknown>;
  at: Date;
}
