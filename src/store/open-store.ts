import { existsSync } from "node:fs";
import { openPostgresStore } from "./postgres/open-postgres-store.js";
import { openSqliteStore } from "./sqlite/open-sqlite-store.js";
import type { OpenStoreOptions, Store } from "./store.js";

const systemClock = { now: () => new Date() };

/** What `openExistingStore` found: the store, or an SQLite file that does not exist yet. */
export type ExistingStore = { found: true; store: Store } | { found: false; path: string };

/**
 * Opens the store named by `store.url` (DESIGN.md §3): `sqlite:./data/ml-connector.db`,
 * `sqlite:/abs/path.db`, `sqlite::memory:`, or `postgres://user@host/db` (`postgresql://` too).
 * Does not migrate; call `store.migrate()`.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const resolved = { ...options, clock: options.clock ?? systemClock };
  const sqlitePath = sqlitePathOf(url);
  if (sqlitePath !== undefined) return openSqliteStore(sqlitePath, resolved);
  return openPostgresStore(postgresUrlOf(url), resolved);
}

/**
 * Like `openStore`, for checks that must leave no trace: an SQLite file that does not exist is
 * reported, not created (better-sqlite3 would create it, and its folder). A PostgreSQL database is
 * not probed here; a missing one fails at the first query.
 */
export async function openExistingStore(url: string, options: OpenStoreOptions = {}): Promise<ExistingStore> {
  const resolved = { ...options, clock: options.clock ?? systemClock };
  const sqlitePath = sqlitePathOf(url);
  if (sqlitePath === undefined)
    return { found: true, store: await openPostgresStore(postgresUrlOf(url), resolved) };
  if (sqlitePath !== ":memory:" && !existsSync(sqlitePath)) return { found: false, path: sqlitePath };
  // Removed between the two calls: refused rather than created.
  return { found: true, store: await openSqliteStore(sqlitePath, { ...resolved, fileMustExist: true }) };
}

/** The file of an `sqlite:` URL (or `:memory:`); undefined for any other URL. */
function sqlitePathOf(url: string): string | undefined {
  if (!url.startsWith("sqlite:")) return undefined;
  const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
  if (path === "") throw new Error(`store url ${url} names no SQLite file`);
  return path;
}

function postgresUrlOf(url: string): string {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return url;
  throw new Error(`store url must start with sqlite: or postgres:// (got ${url.split(":")[0]}:…)`);
}
