import type { Kysely, Migration } from "kysely";

/**
 * SQLite schema v3 (issue 5): secrets sealed with AES-256-GCM under a master key named by `key_id`;
 * each tenant's Shopify installation (grant, granted scopes, token expiry; the tokens themselves are
 * secrets); OAuth state nonces; sync watermarks (the sweep); and the privacy requests received with
 * what the connector did about them.
 */
export const migration0003ShopifySide: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("secrets")
      .addColumn("scope", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("sealed", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("secrets_pk", ["scope", "name"])
      .execute();
    await db.schema.createIndex("secrets_key").on("secrets").column("key_id").execute();

    await db.schema
      .createTable("shop_installations")
      .addColumn("tenant_id", "text", (c) => c.primaryKey())
      .addColumn("shop_domain", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("grant_type", "text", (c) => c.notNull())
      .addColumn("scopes", "text", (c) => c.notNull())
      .addColumn("access_expires_at", "text")
      .addColumn("refresh_expires_at", "text")
      .addColumn("installed_at", "text", (c) => c.notNull())
      .addColumn("uninstalled_at", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("oauth_states")
      .addColumn("nonce", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("shop_domain", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("sync_watermarks")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("watermark", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sync_watermarks_pk", ["tenant_id", "name"])
      .execute();

    await db.schema
      .createTable("privacy_requests")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("shop_domain", "text", (c) => c.notNull())
      .addColumn("topic", "text", (c) => c.notNull())
      .addColumn("webhook_id", "text", (c) => c.notNull())
      .addColumn("customer_id", "text")
      .addColumn("received_at", "text", (c) => c.notNull())
      .addColumn("completed_at", "text")
      .addColumn("outcome", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("privacy_requests_tenant")
      .on("privacy_requests")
      .columns(["tenant_id", "received_at"])
      .execute();
  },
};
