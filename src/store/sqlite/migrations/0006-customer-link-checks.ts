import { type Kysely, type Migration, sql } from "kysely";

/**
 * SQLite schema v6 (issue 6, docs/customers.md §4): per customer link, the range number reserved for
 * its Z-table add until R01010Z takes it, when the periodic check last read it, and the audit stamp of
 * the latest refused change row it acted on. The pending index becomes the check's order: links that
 * wait for JDE (pending, or holding a reservation), least recently checked first.
 */
export const migration0006CustomerLinkChecks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // SQLite adds one column per ALTER TABLE.
    await db.schema.alterTable("customer_links").addColumn("reserved_address_number", "text").execute();
    await db.schema.alterTable("customer_links").addColumn("checked_at", "text").execute();
    await db.schema.alterTable("customer_links").addColumn("refused_update_at", "text").execute();
    await db.schema.dropIndex("customer_links_pending").execute();
    await db.schema
      .createIndex("customer_links_awaiting_jde")
      .on("customer_links")
      .columns(["tenant_id", "checked_at", "created_at"])
      .where(sql<boolean>`state = 'pending' or reserved_address_number is not null`)
      .execute();
  },
};
