import type { AuditLog } from "../audit/audit-log.js";
import type { Config } from "../config/config-schema.js";
import type { Clock } from "../lib/clock.js";
import { openExistingStore } from "../store/open-store.js";

/** The audit trail, opened for reading (`ml-connector audit`). */
export type AuditTrailView =
  | { found: true; audit: Pick<AuditLog, "query">; close(): Promise<void> }
  | { found: false; why: string };

/**
 * Opens the configured store to read its audit trail: never created and never migrated — a query
 * must not change a production database's schema (a store behind this build answers the same, only
 * without migration 0007's indexes). No tenant is started and no secret is read.
 */
export async function openAuditTrail(deps: {
  config: Readonly<Config>;
  clock: Clock;
}): Promise<AuditTrailView> {
  const existing = await openExistingStore(deps.config.store.url, { clock: deps.clock });
  if (!existing.found) return { found: false, why: `no store yet at ${existing.path}` };
  const { store } = existing;
  try {
    const status = await store.migrationStatus();
    if (status.applied.length === 0) {
      await store.close();
      return { found: false, why: "the store has no schema yet" };
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return { found: true, audit: store.audit, close: () => store.close() };
}
