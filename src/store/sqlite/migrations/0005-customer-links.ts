import { type Kysely, type Migration, sql } from "kysely";

/**
 * SQLite schema v5 (issue 6, docs/customers.md): each Shopify customer's JDE address number (null
 * while a link-later add waits for R01010Z) with the per-group hashes of what was last sent, and the
 * next number of each tenant's reserved AN8 range (`customers.ztable.addressNumbers: range`).
 */
export const migration0005CustomerLinks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("customer_links")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("customer_gid", "text", (c) => c.notNull())
      .addColumn("address_number", "text")
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("fingerprint", "text")
      .addColumn("customer_updated_at", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("customer_links_pk", ["tenant_id", "customer_gid"])
      .addCheckConstraint(
        "customer_links_state",
        sql`(state = 'linked' and address_number is not null) or (state = 'pending' and address_number is null)`,
      )
      .execute();
    await db.schema
      .createIndex("customer_links_address_number")
      .on("customer_links")
      .columns(["tenant_id", "address_number"])
      .execute();
    await db.schema
      .createIndex("customer_links_pending")
      .on("customer_links")
      .columns(["tenant_id", "created_at"])
      .where(sql.ref("state"), "=", "pending")
      .execute();

    await db.schema
      .createTable("customer_number_ranges")
      .addColumn("tenant_id", "text", (c) => c.primaryKey())
      .addColumn("next_number", "integer", (c) => c.notNull())
      .execute();
  },
};
