import type { Database } from "../shared/database.js";

/** How the store copy walks one table: its primary key (the copy order within the table). */
export interface CopiedTable<T extends keyof Database> {
  key: readonly [Extract<keyof Database[T], string>, ...Extract<keyof Database[T], string>[]];
}

/**
 * Every table of `Database`, in the order the copy fills them (a referenced table before the tables
 * that reference it: posting_documents before posted_events and summary_contributions). The mapped type
 * makes a table added to `Database` without an entry here a compile error; `copyStore` also refuses a
 * database holding a table that is not listed. Column encodings are read from the target's schema.
 */
export const COPIED_TABLES: { readonly [T in keyof Database]: CopiedTable<T> } = {
  posting_documents: { key: ["document_key"] },
  posted_events: { key: ["tenant_id", "event_id"] },
  summary_contributions: { key: ["id"] },
  order_sequences: { key: ["tenant_id", "order_id"] },
  audit_log: { key: ["id"] },
  inbox_events: { key: ["id"] },
  jobs: { key: ["id"] },
  secrets: { key: ["scope", "name"] },
  shop_installations: { key: ["tenant_id"] },
  oauth_states: { key: ["nonce"] },
  sync_watermarks: { key: ["tenant_id", "name"] },
  privacy_requests: { key: ["id"] },
  order_sync_marks: { key: ["tenant_id", "order_id"] },
  customer_links: { key: ["tenant_id", "customer_gid"] },
  customer_number_ranges: { key: ["tenant_id"] },
};

export type CopiedTableName = keyof Database;

export const COPIED_TABLE_NAMES = Object.keys(COPIED_TABLES) as CopiedTableName[];

/** Kysely's own bookkeeping: each database keeps the migrations it applied itself. */
export const MIGRATOR_TABLES = ["kysely_migration", "kysely_migration_lock"];
