import type { Kysely } from "kysely";
import type { Store } from "../store.js";
import type { Database } from "./database.js";
import { createKyselyAuditLog } from "./kysely-audit-log.js";
import { createKyselyCustomerLinks } from "./kysely-customer-links.js";
import { createKyselyInboxStore } from "./kysely-inbox-store.js";
import { createKyselyInstallationStore } from "./kysely-installation-store.js";
import { createKyselyJobQueue } from "./kysely-job-queue.js";
import { createKyselyOrderSyncMarks } from "./kysely-order-sync-marks.js";
import { createKyselyPostingStore } from "./kysely-posting-store.js";
import { createKyselyPrivacyRequestStore } from "./kysely-privacy-request-store.js";
import { createKyselySecretRows } from "./kysely-secret-rows.js";
import { createKyselySummaryStore } from "./kysely-summary-store.js";
import { createKyselyWatermarkStore } from "./kysely-watermark-store.js";
import type { StoreProfile } from "./store-profile.js";

/** Assembles the ports over one Kysely instance; the backend supplies its profile and migrations. */
export function createKyselyStore(deps: {
  db: Kysely<Database>;
  profile: StoreProfile;
  migrate: () => Promise<void>;
  migrationStatus: Store["migrationStatus"];
}): Store {
  const { db, profile } = deps;
  const ports = { db, profile };
  return {
    backend: profile.backend,
    capabilities: { supportsSkipLocked: profile.supportsSkipLocked },
    inbox: createKyselyInboxStore(ports),
    jobs: createKyselyJobQueue(ports),
    posting: createKyselyPostingStore(ports),
    summaries: createKyselySummaryStore(ports),
    audit: createKyselyAuditLog(ports),
    secrets: createKyselySecretRows(ports),
    installations: createKyselyInstallationStore(ports),
    watermarks: createKyselyWatermarkStore(ports),
    orderSyncMarks: createKyselyOrderSyncMarks(ports),
    privacyRequests: createKyselyPrivacyRequestStore(ports),
    customerLinks: createKyselyCustomerLinks(ports),
    migrate: deps.migrate,
    migrationStatus: deps.migrationStatus,
    close: () => db.destroy(),
  };
}
