import type { Kysely, Migration } from "kysely";

/**
 * PostgreSQL schema v4: per order, the Shopify `updatedAt` the connector last brought it up to date at,
 * so the sweep does not re-read orders that have not changed since.
 */
export const migration0004OrderSyncMarks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("order_sync_marks")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("order_id", "text", (c) => c.notNull())
      .addColumn("updated_at", "timestamptz", (c) => c.notNull())
      .addPrimaryKeyConstraint("order_sync_marks_pk", ["tenant_id", "order_id"])
      .execute();
  },
};
