import type { Config } from "../config/config-schema.js";
import { type ResolvedConfig, resolveStoredSecrets } from "../config/resolve-stored-secrets.js";
import { type ChecklistItem, type Outcome, ok, skipped, warning } from "../lib/checklist.js";
import type { Clock } from "../lib/clock.js";
import { createSecretBox, generateMasterKey } from "../lib/secret-box.js";
import { createSecretVault, type SecretVault } from "../lib/secret-vault.js";
import { openExistingStore, openStore } from "../store/open-store.js";
import type { MigrationStatus, Store } from "../store/store.js";
import { unlockStoredSecrets } from "./unlock-stored-secrets.js";

export interface StoreForCheck {
  /** Where the store is, without credentials. */
  location: string;
  /** The store's line of the checklist: its schema against this build's migrations. */
  item: ChecklistItem;
  /** The configured store, or, while it does not exist or has no schema, an empty in-memory one. */
  store: Store;
  secrets: SecretVault;
  config: Readonly<ResolvedConfig>;
  close(): Promise<void>;
}

const ITEM = { id: "store-schema", title: "Store schema matches this build" };

/**
 * The store as `connect test` may use it: never migrated (a newer build would change a production
 * database's schema during a check) and never created (better-sqlite3 makes a missing file). A store
 * behind this build is read as it is, and the item says so. A store that does not exist yet or has no
 * schema holds nothing: the checks then run on the configuration alone, over an empty in-memory store
 * and a throwaway key, so no table, file or key file is made.
 */
export async function openStoreForCheck(configured: Readonly<Config>, clock: Clock): Promise<StoreForCheck> {
  const location = locationOf(configured.store.url);
  const existing = await openExistingStore(configured.store.url, { clock });
  if (!existing.found) {
    return standIn(configured, location, `no store yet at ${existing.path}`);
  }
  const { store } = existing;
  try {
    const status = await store.migrationStatus();
    if (status.applied.length === 0) {
      await store.close();
      return standIn(configured, location, `the store at ${location} has no schema yet`);
    }
    const unlocked = await unlockStoredSecrets(configured, store.secrets);
    return {
      location,
      item: { ...ITEM, ...schemaOutcome(status) },
      store,
      ...unlocked,
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function schemaOutcome(status: MigrationStatus): Outcome {
  const { applied, pending } = status;
  if (pending.length === 0) return ok(`up to date (${applied.length} migrations applied)`);
  const count = `${pending.length} migration${pending.length === 1 ? "" : "s"}`;
  return warning(
    `behind this build: ${count} not applied (${pending.join(", ")}); this check does not migrate, it read the store as it is`,
    "`ml-connector serve` with this build applies them when it starts; back up the database first, and upgrade every instance that uses this store",
  );
}

async function standIn(configured: Readonly<Config>, location: string, why: string): Promise<StoreForCheck> {
  const store = await openStore("sqlite::memory:");
  try {
    await store.migrate();
    const box = createSecretBox([generateMasterKey()]);
    const secrets = createSecretVault({
      rows: store.secrets,
      keyring: { current: () => box, reload: () => box },
    });
    const item = {
      ...ITEM,
      ...skipped(
        `not run: ${why} (\`ml-connector serve\` creates it); nothing is stored, so the checks below use the configuration alone`,
      ),
    };
    const config = await resolveStoredSecrets(configured, secrets);
    return { location, item, store, secrets, config, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The SQLite URL as configured; a PostgreSQL URL without user, password or parameters. */
function locationOf(url: string): string {
  if (url.startsWith("sqlite:")) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "(unparsable store url)";
  }
}
