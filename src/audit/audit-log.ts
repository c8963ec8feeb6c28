/**
 * The append-only audit trail: every step from webhook to JDE outcome (DESIGN.md §1 "audit/ every
 * step"). `detail` is JSON that must hold references and hashes only — no secrets, no personal data
 * (DESIGN.md §6) — so redaction requests never have to touch it. `bigint` values are stored as strings.
 */
export interface AuditLog {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** An order's trail, oldest first. */
  listByOrder(tenantId: string, orderId: string): Promise<AuditEntry[]>;
  /** A document's trail, oldest first (`documentKey` from PostingStore). */
  listByDocument(documentKey: string): Promise<AuditEntry[]>;
}

export interface NewAuditEntry {
  tenantId: string;
  orderId?: string;
  orderName?: string;
  step: string; // stable event name: "webhook.stored", "document.recorded", "batch.sent", …
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
