import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { openStore } from "../../src/store/open-store.js";
import type { OpenStoreOptions, Store, StoreBackend } from "../../src/store/store.js";

/** Every backend the store tests run against (`describe.each(backends)`). */
export const backends: StoreBackend[] = ["sqlite", "postgres"];

const TABLES = [
  "inbox_events",
  "jobs",
  "order_sequences",
  "summary_contributions",
  "posted_events",
  "posting_documents",
  "audit_log",
  "secrets",
  "shop_installations",
  "oauth_states",
  "sync_watermarks",
  "privacy_requests",
  "customer_links",
  "customer_number_ranges",
  "order_sync_marks",
];

export interface FreshStore {
  store: Store;
  url: string;
  /** Another Store on the same database (a second process, as far as the database can tell). */
  openAnother(options?: OpenStoreOptions): Promise<Store>;
  /** Empties every table (ids restart at 1): cheaper than a new database for each test of a file. */
  reset(): Promise<void>;
  /** Closes every store opened here and deletes the database. */
  dispose(): Promise<void>;
}

/**
 * A migrated (unless `migrate: false`) store on a database of its own: a temp-dir SQLite file, or a new PostgreSQL database on
 * the server at MLC_TEST_POSTGRES_URL (set by CI or by test/support/postgres-global-setup.ts).
 */
export async function freshStore(
  backend: StoreBackend,
  { migrate = true, ...options }: OpenStoreOptions & { migrate?: boolean } = {},
): Promise<FreshStore> {
  const database = backend === "sqlite" ? createSqliteFile() : await createPostgresDatabase();
  const opened: Store[] = [];
  const openAnother = async (more: OpenStoreOptions = {}) => {
    const store = await openStore(database.url, { ...options, ...more });
    opened.push(store);
    return store;
  };
  const store = await openAnother();
  if (migrate) await store.migrate();
  return {
    store,
    url: database.url,
    openAnother,
    reset: database.reset,
    async dispose() {
      await Promise.all(opened.map((one) => one.close()));
      await database.remove();
    },
  };
}

function createSqliteFile() {
  const dir = mkdtempSync(join(tmpdir(), "mlc-sqlite-"));
  const path = join(dir, "store.db");
  return {
    url: `sqlite:${path}`,
    reset: async () => {
      const database = new BetterSqlite3(path);
      try {
        database.pragma("busy_timeout = 5000");
        database.transaction(() => {
          for (const table of TABLES) database.prepare(`delete from ${table}`).run();
        })();
      } finally {
        database.close();
      }
    },
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgresDatabase() {
  const serverUrl = process.env.MLC_TEST_POSTGRES_URL;
  if (!serverUrl) {
    throw new Error(
      "MLC_TEST_POSTGRES_URL is unset: add test/support/postgres-global-setup.ts to globalSetup",
    );
  }
  const name = `mlc_test_${randomUUID().replaceAll("-", "")}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    reset: () => onServer(url.toString(), `truncate ${TABLES.join(", ")} restart identity`),
    remove: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
