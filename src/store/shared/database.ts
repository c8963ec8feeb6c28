import type { ColumnType, Generated } from "kysely";

/**
 * Kysely table types shared by both backends. Where the backends store a value differently the type is
 * a union, and `store-profile.ts` / `row-codecs.ts` translate: times are ISO-8601 TEXT on SQLite and
 * timestamptz on PostgreSQL; JSON is TEXT on SQLite and jsonb on PostgreSQL; ids are INTEGER/BIGINT.
 */
export interface Database {
  inbox_events: InboxEventsTable;
  jobs: JobsTable;
  order_sequences: OrderSequencesTable;
  posting_documents: PostingDocumentsTable;
  posted_events: PostedEventsTable;
  audit_log: AuditLogTable;
  summary_contributions: SummaryContributionsTable;
  secrets: SecretsTable;
  shop_installations: ShopInstallationsTable;
  oauth_states: OauthStatesTable;
  sync_watermarks: SyncWatermarksTable;
  privacy_requests: PrivacyRequestsTable;
  order_sync_marks: OrderSyncMarksTable;
  customer_links: CustomerLinksTable;
  customer_number_ranges: CustomerNumberRangesTable;
}

export type DbTime = ColumnType<string | Date, string | Date, string | Date>;
export type DbJson = ColumnType<unknown, string, string>;
type DbId = Generated<number | string>;

export interface InboxEventsTable {
  id: DbId;
  tenant_id: string;
  shop_domain: string;
  topic: string;
  webhook_id: string;
  event_id: string | null;
  event_key: string;
  api_version: string | null;
  triggered_at: ColumnType<string | Date | null, string | Date | null, string | Date | null>;
  received_at: DbTime;
  last_delivery_at: DbTime;
  body: Uint8Array;
  body_sha256: string;
  resource_gid: string | null;
  delivery_count: ColumnType<number, number, number>;
}

export interface JobsTable {
  id: string;
  tenant_id: string;
  kind: string;
  key: string;
  payload: DbJson;
  status: string;
  run_at: DbTime;
  attempts: number;
  last_error: string | null;
  park_code: string | null;
  park_reason: string | null;
  rerun: number;
  lease_owner: string | null;
  lease_token: string | null;
  lease_expires_at: ColumnType<string | Date | null, string | Date | null, string | Date | null>;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface OrderSequencesTable {
  tenant_id: string;
  order_id: string;
  last_sequence: number;
}

export interface PostingDocumentsTable {
  document_key: string;
  tenant_id: string;
  order_id: string;
  order_name: string;
  sequence: number;
  edtn: string;
  kind: ColumnType<string, string | undefined, string>; // "order" | "correction" | "summary"
  reason: string | null;
  requested_by: string | null;
  gl_date: string;
  currency: string;
  decimals: number;
  lines: DbJson;
  event_ids: DbJson;
  status: string;
  batch_id: string | null;
  document_number: string | null;
  batch_number: string | null;
  errors: DbJson;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface PostedEventsTable {
  tenant_id: string;
  event_id: string;
  order_id: string;
  document_key: string | null;
  status: string; // "posted" | "adopted"
  recorded_at: DbTime;
}

export interface AuditLogTable {
  id: DbId;
  tenant_id: string;
  order_id: string | null;
  order_name: string | null;
  step: string;
  webhook_id: string | null;
  document_key: string | null;
  batch_id: string | null;
  detail: DbJson;
  at: DbTime;
}

export interface SummaryContributionsTable {
  id: DbId;
  tenant_id: string;
  gl_date: string;
  currency: string;
  decimals: number;
  order_id: string;
  order_name: string;
  event_ids: DbJson;
  lines: DbJson;
  document_key: string | null; // the day's summary document once closed
  recorded_at: DbTime;
  closed_at: ColumnType<string | Date | null, string | Date | null, string | Date | null>;
}

type DbTimeOrNull = ColumnType<string | Date | null, string | Date | null, string | Date | null>;

/** A secret sealed with AES-256-GCM; `scope` is a tenant id or `*` for installation-wide secrets. */
export interface SecretsTable {
  scope: string;
  name: string;
  key_id: string;
  sealed: string;
  updated_at: DbTime;
}

export interface ShopInstallationsTable {
  tenant_id: string;
  shop_domain: string;
  status: string; // "installed" | "uninstalled"
  grant_type: string; // "authorization-code" | "client-credentials" | "static"
  scopes: string; // comma-separated, as Shopify granted them
  access_expires_at: DbTimeOrNull;
  refresh_expires_at: DbTimeOrNull;
  installed_at: DbTime;
  uninstalled_at: DbTimeOrNull;
  updated_at: DbTime;
}

export interface OauthStatesTable {
  nonce: string;
  tenant_id: string;
  shop_domain: string;
  expires_at: DbTime;
}

export interface SyncWatermarksTable {
  tenant_id: string;
  name: string; // e.g. "orders.sweep"
  watermark: DbTime;
  updated_at: DbTime;
}

export interface PrivacyRequestsTable {
  id: DbId;
  tenant_id: string;
  shop_domain: string;
  topic: string;
  webhook_id: string;
  customer_id: string | null;
  received_at: DbTime;
  completed_at: DbTimeOrNull;
  outcome: DbJson;
}

export interface OrderSyncMarksTable {
  tenant_id: string;
  order_id: string;
  updated_at: DbTime; // the order's Shopify updatedAt when it was last brought up to date
}

/** Shopify customer → JDE address number (docs/customers.md §1 rule 2). */
export interface CustomerLinksTable {
  tenant_id: string;
  customer_gid: string;
  address_number: string | null; // null exactly while state is "pending"
  state: string; // "linked" | "pending"
  source: string; // "connector" | "alky" | "email" | "created" | "range"
  fingerprint: string | null; // JSON: per owned group, SHA-256 of what was last sent (never values)
  customer_updated_at: DbTimeOrNull; // the customer's Shopify updatedAt at the last sync
  created_at: DbTime;
  updated_at: DbTime;
  // v6: the range AN8 reserved for the Z-table add until R01010Z takes it (state and address_number
  // keep their meaning: a reservation alone is a pending link)
  reserved_address_number: ColumnType<string | null, string | null | undefined, string | null>;
  checked_at: ColumnType<string | Date | null, string | Date | null | undefined, string | Date | null>;
  // the audit stamp of the latest refused change row (F0101Z2 'C', F03012Z1, F01151Z1) acted on
  refused_update_at: ColumnType<string | Date | null, string | Date | null | undefined, string | Date | null>;
}

/** The next AN8 of a tenant's reserved range (`customers.ztable.addressNumbers: range`). */
export interface CustomerNumberRangesTable {
  tenant_id: string;
  next_number: ColumnType<number | string, number, number>; // BIGINT: pg returns a string
}
