import { type Kysely, type Migration, sql } from "kysely";

/**
 * SQLite schema v1. Times are ISO-8601 TEXT (UTC, fixed width, so they compare as text); JSON is TEXT;
 * money never has a column of its own — it lives in `lines` as decimal strings. No REAL anywhere.
 */
export const migration0001Initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("inbox_events")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("shop_domain", "text", (c) => c.notNull())
      .addColumn("topic", "text", (c) => c.notNull())
      .addColumn("webhook_id", "text", (c) => c.notNull())
      .addColumn("event_id", "text")
      .addColumn("event_key", "text", (c) => c.notNull())
      .addColumn("api_version", "text")
      .addColumn("triggered_at", "text")
      .addColumn("received_at", "text", (c) => c.notNull())
      .addColumn("last_delivery_at", "text", (c) => c.notNull())
      .addColumn("body", "blob", (c) => c.notNull())
      .addColumn("body_sha256", "text", (c) => c.notNull())
      .addColumn("resource_gid", "text")
      .addColumn("delivery_count", "integer", (c) => c.notNull().defaultTo(1))
      .addUniqueConstraint("inbox_events_dedupe", ["tenant_id", "topic", "event_key"])
      .execute();
    await db.schema
      .createIndex("inbox_events_resource")
      .on("inbox_events")
      .columns(["tenant_id", "resource_gid"])
      .execute();

    await db.schema
      .createTable("jobs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("payload", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("run_at", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("last_error", "text")
      .addColumn("park_code", "text")
      .addColumn("park_reason", "text")
      .addColumn("rerun", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("lease_owner", "text")
      .addColumn("lease_token", "text")
      .addColumn("lease_expires_at", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("jobs_active_key")
      .on("jobs")
      .columns(["tenant_id", "kind", "key"])
      .unique()
      .where(sql.ref("status"), "<>", sql.lit("done"))
      .execute();
    await db.schema.createIndex("jobs_claim").on("jobs").columns(["status", "run_at"]).execute();

    await db.schema
      .createTable("order_sequences")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("order_id", "text", (c) => c.notNull())
      .addColumn("last_sequence", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("order_sequences_pk", ["tenant_id", "order_id"])
      .execute();

    await db.schema
      .createTable("posting_documents")
      .addColumn("document_key", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("order_id", "text", (c) => c.notNull())
      .addColumn("order_name", "text", (c) => c.notNull())
      .addColumn("sequence", "integer", (c) => c.notNull())
      .addColumn("edtn", "text", (c) => c.notNull())
      .addColumn("gl_date", "text", (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("decimals", "integer", (c) => c.notNull())
      .addColumn("lines", "text", (c) => c.notNull())
      .addColumn("event_ids", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("batch_id", "text")
      .addColumn("document_number", "text")
      .addColumn("batch_number", "text")
      .addColumn("errors", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addUniqueConstraint("posting_documents_order_sequence", ["tenant_id", "order_id", "sequence"])
      .addUniqueConstraint("posting_documents_edtn", ["tenant_id", "edtn"])
      .execute();
    await db.schema
      .createIndex("posting_documents_status")
      .on("posting_documents")
      .columns(["tenant_id", "status", "created_at"])
      .execute();

    await db.schema
      .createTable("posted_events")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("event_id", "text", (c) => c.notNull())
      .addColumn("order_id", "text", (c) => c.notNull())
      .addColumn("document_key", "text", (c) => c.references("posting_documents.document_key"))
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("recorded_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("posted_events_pk", ["tenant_id", "event_id"])
      .execute();
    await db.schema
      .createIndex("posted_events_order")
      .on("posted_events")
      .columns(["tenant_id", "order_id"])
      .execute();

    await db.schema
      .createTable("audit_log")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("order_id", "text")
      .addColumn("order_name", "text")
      .addColumn("step", "text", (c) => c.notNull())
      .addColumn("webhook_id", "text")
      .addColumn("document_key", "text")
      .addColumn("batch_id", "text")
      .addColumn("detail", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("audit_log_order")
      .on("audit_log")
      .columns(["tenant_id", "order_id"])
      .execute();
    await db.schema.createIndex("audit_log_document").on("audit_log").column("document_key").execute();
  },
};
