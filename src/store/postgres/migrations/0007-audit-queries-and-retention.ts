import { type Kysely, type Migration, sql } from "kysely";

/**
 * PostgreSQL schema v7 (issue 7): indexes only, so it is safe on any existing data. The audit trail is
 * queried by order name, batch id, date range and step (AuditLog.query); JDE document and batch
 * numbers are resolved through posting_documents, which reconciliation also reads by GL date.
 * Retention deletes the lineage by age (audit_log.at) and empties webhook bodies by age: the partial
 * index holds only the rows that still have a body, so each daily prune reads only what it empties.
 * `ifNotExists`: an operator may have built them ahead of the upgrade (README, "Audit trail").
 */
export const migration0007AuditQueriesAndRetention: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const index = (name: string, table: string, columns: string[]) =>
      db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
    await index("audit_log_order_name", "audit_log", ["tenant_id", "order_name"]);
    await index("audit_log_batch", "audit_log", ["batch_id"]);
    await index("audit_log_tenant_at", "audit_log", ["tenant_id", "at"]);
    await index("audit_log_tenant_step", "audit_log", ["tenant_id", "step"]);
    await index("audit_log_at", "audit_log", ["at"]);
    await index("posting_documents_document_number", "posting_documents", ["tenant_id", "document_number"]);
    await index("posting_documents_batch_number", "posting_documents", ["tenant_id", "batch_number"]);
    await index("posting_documents_gl_date", "posting_documents", ["tenant_id", "gl_date"]);
    await db.schema
      .createIndex("inbox_events_body_retention")
      .ifNotExists()
      .on("inbox_events")
      .column("received_at")
      .where(sql<boolean>`length(body) > 0`)
      .execute();
  },
};
