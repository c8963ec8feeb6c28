import { openPostgresStore } from "./postgres/open-postgres-store.js";
import { openSqliteStore } from "./sqlite/open-sqlite-store.js";
import type { OpenStoreOptions, Store } from "./store.js";

const systemClock = { now: () => new Date() };

/**
 * Opens the store named by `store.url` (DESIGN.md §3): `sqlite:./data/ml-connector.db`,
 * `sqlite:/abs/path.db`, `sqlite::memory:`, or `postgres://user@host/db` (`postgresql://` too).
 * Does not migrate; call `store.migrate()`.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const resolved = { ...options, clock: options.clock ?? systemClock };
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (path === "") throw new Error(`store url ${url} names no SQLite file`);
    return openSqliteStore(path, resolved);
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return openPostgresStore(url, resolved);
  }
  throw new Error(`store url must start with sqlite: or postgres:// (got ${url.split(":")[0]}:…)`);
}
