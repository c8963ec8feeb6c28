import { type Kysely, type Migration, sql } from "kysely";

/**
 * SQLite schema v2 (DESIGN.md §2): a document says why it exists (`kind`: order | correction | summary) and a
 * correction who asked for it and why; summary mode records each order's mapped lines as contributions to
 * its GL day until the day's close takes them (`closed_at`, and `document_key` unless they net to zero).
 */
export const migration0002CorrectionsAndSummaries: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable("posting_documents")
      .addColumn("kind", "text", (c) => c.notNull().defaultTo("order"))
      .execute();
    await db.schema.alterTable("posting_documents").addColumn("reason", "text").execute();
    await db.schema.alterTable("posting_documents").addColumn("requested_by", "text").execute();

    await db.schema
      .createTable("summary_contributions")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("gl_date", "text", (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("decimals", "integer", (c) => c.notNull())
      .addColumn("order_id", "text", (c) => c.notNull())
      .addColumn("order_name", "text", (c) => c.notNull())
      .addColumn("event_ids", "text", (c) => c.notNull())
      .addColumn("lines", "text", (c) => c.notNull())
      .addColumn("document_key", "text", (c) => c.references("posting_documents.document_key"))
      .addColumn("recorded_at", "text", (c) => c.notNull())
      .addColumn("closed_at", "text")
      .execute();
    await db.schema
      .createIndex("summary_contributions_open")
      .on("summary_contributions")
      .columns(["tenant_id", "gl_date"])
      .where(sql.ref("closed_at"), "is", null)
      .execute();
    await db.schema
      .createIndex("summary_contributions_order")
      .on("summary_contributions")
      .columns(["tenant_id", "order_id"])
      .execute();
  },
};
