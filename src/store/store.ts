import type { AuditLog } from "../audit/audit-log.js";
import type { CustomerLinks } from "../customers/customer-links.js";
import type { InboxStore } from "../inbox/inbox-store.js";
import type { SecretRows } from "../lib/secret-vault.js";
import type { InstallationStore } from "../pipeline/installation-store.js";
import type { JobQueue } from "../pipeline/job-queue.js";
import type { OrderSyncMarks } from "../pipeline/order-sync-marks.js";
import type { PrivacyRequestStore } from "../pipeline/privacy-request-store.js";
import type { WatermarkStore } from "../pipeline/watermark-store.js";
import type { PostingStore } from "../posting/posting-store.js";
import type { SummaryStore } from "../posting/summary-store.js";

/** One open database (SQLite file or PostgreSQL) with every port the application needs. */
export interface Store {
  backend: StoreBackend;
  capabilities: StoreCapabilities;
  inbox: InboxStore;
  jobs: JobQueue;
  posting: PostingStore;
  summaries: SummaryStore;
  audit: AuditLog;
  /** Sealed secrets (tokens, passwords); opened only by `lib/secret-vault.ts`. */
  secrets: SecretRows;
  installations: InstallationStore;
  watermarks: WatermarkStore;
  orderSyncMarks: OrderSyncMarks;
  privacyRequests: PrivacyRequestStore;
  /** Shopify customer → JDE address number, and the reserved AN8 ranges (docs/customers.md). */
  customerLinks: CustomerLinks;
  /** Applies pending forward-only migrations; safe to run from several processes at once. */
  migrate(): Promise<void>;
  /**
   * This build's migrations the database has applied and those still pending; reads only, creates
   * nothing (a database without the schema has every one pending). For checks that must not migrate.
   */
  migrationStatus(): Promise<MigrationStatus>;
  close(): Promise<void>;
}

/** Which of this build's migrations a database has applied, and which it has not, in order. */
export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export type StoreBackend = "sqlite" | "postgres";

export interface StoreCapabilities {
  /** PostgreSQL: claims use `FOR UPDATE SKIP LOCKED`; SQLite relies on its single writer. */
  supportsSkipLocked: boolean;
}

/** Where bookkeeping timestamps come from when a call passes no `now`. */
export interface StoreClock {
  now(): Date;
}

export interface OpenStoreOptions {
  clock?: StoreClock;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** SQLite busy timeout (default 5000 ms). */
  busyTimeoutMs?: number;
  /** PostgreSQL: an idle pooled connection failed (it is dropped and replaced); for the caller to log. */
  onBackgroundError?: (error: Error) => void;
}
