import { type Kysely, type Migration, sql } from "kysely";
import { migrateToLatest } from "../shared/migrate-to-latest.js";
import { migration0001Initial } from "./migrations/0001-initial.js";
import { migration0002CorrectionsAndSummaries } from "./migrations/0002-corrections-and-summaries.js";
import { migration0003ShopifySide } from "./migrations/0003-shopify-side.js";
import { migration0004OrderSyncMarks } from "./migrations/0004-order-sync-marks.js";
import { migration0005CustomerLinks } from "./migrations/0005-customer-links.js";
import { migration0006CustomerLinkChecks } from "./migrations/0006-customer-link-checks.js";
import { migration0007AuditQueriesAndRetention } from "./migrations/0007-audit-queries-and-retention.js";

/** Every PostgreSQL migration, by name; names sort in the order they apply. Append, never edit. */
export const postgresMigrations: Record<string, Migration> = {
  "0001-initial": migration0001Initial,
  "0002-corrections-and-summaries": migration0002CorrectionsAndSummaries,
  "0003-shopify-side": migration0003ShopifySide,
  "0004-order-sync-marks": migration0004OrderSyncMarks,
  "0005-customer-links": migration0005CustomerLinks,
  "0006-customer-link-checks": migration0006CustomerLinkChecks,
  "0007-audit-queries-and-retention": migration0007AuditQueriesAndRetention,
};

/**
 * Migrates under a session-level advisory lock (per database), so several instances starting at once
 * run the migrations one after the other: the first applies them, the others find nothing to do.
 * Everything runs on the one connection that holds the lock, so a pool of size 1 cannot deadlock.
 */
export async function migratePostgres(db: Kysely<unknown>): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('ml-connector:migrate'))`.execute(connection);
    try {
      await migrateToLatest(connection, postgresMigrations);
    } finally {
      await sql`select pg_advisory_unlock(hashtext('ml-connector:migrate'))`.execute(connection);
    }
  });
}
