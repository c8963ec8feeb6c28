import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import { openExistingStore, openStore } from "./open-store.js";
import { postgresMigrations } from "./postgres/postgres-migrations.js";
import { sqliteMigrations } from "./sqlite/sqlite-migrations.js";
import type { StoreBackend } from "./store.js";

const MIGRATIONS: Record<StoreBackend, Record<string, Migration>> = {
  sqlite: sqliteMigrations,
  postgres: postgresMigrations,
};

/** A Kysely of the test's own on the store's database: what an older build would have migrated. */
function rawDb(backend: StoreBackend, url: string): Kysely<unknown> {
  const dialect =
    backend === "sqlite"
      ? new SqliteDialect({ database: new BetterSqlite3(url.slice("sqlite:".length)) })
      : new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) });
  return new Kysely<unknown>({ dialect });
}

async function migrateUpTo(backend: StoreBackend, url: string, last: string): Promise<void> {
  const db = rawDb(backend, url);
  try {
    const provider = { getMigrations: async () => MIGRATIONS[backend] };
    const { error } = await new Migrator({ db, provider }).migrateTo(last);
    if (error !== undefined) throw error;
  } finally {
    await db.destroy();
  }
}

async function tableNames(backend: StoreBackend, url: string): Promise<string[]> {
  const db = rawDb(backend, url);
  try {
    return (await db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name).sort();
  } finally {
    await db.destroy();
  }
}

describe.each(backends)("migrations on %s", (backend) => {
  let fresh: FreshStore | undefined;
  afterEach(async () => {
    await fresh?.dispose();
    fresh = undefined;
  });

  it("are idempotent: migrating an up-to-date store changes nothing", async () => {
    fresh = await freshStore(backend);
    await fresh.store.jobs.enqueue({ tenantId: "acme", kind: "order-sync", key: "o-1" });
    await fresh.store.migrate();
    await fresh.store.migrate();
    expect((await fresh.store.jobs.counts()).pending).toBe(1);
  });

  it("are safe when several stores migrate the same new database at once", async () => {
    fresh = await freshStore(backend, { migrate: false });
    const stores = [fresh.store, ...(await Promise.all([1, 2, 3].map(() => fresh!.openAnother())))];
    // SQLite is one process with one writer, so its "at once" is sequential on one event loop.
    if (backend === "postgres") await Promise.all(stores.map((store) => store.migrate()));
    else for (const store of stores) await store.migrate();
    expect((await fresh.store.jobs.enqueue({ tenantId: "acme", kind: "k", key: "1" })).outcome).toBe(
      "created",
    );
    expect(fresh.store.capabilities.supportsSkipLocked).toBe(backend === "postgres");
    expect(fresh.store.backend).toBe(backend);
  });
});

describe.each(backends)("migration status on %s", (backend) => {
  let fresh: FreshStore | undefined;
  afterEach(async () => {
    await fresh?.dispose();
    fresh = undefined;
  });
  const all = Object.keys(MIGRATIONS[backend]).sort();

  it("lists every migration as pending on a database without the schema, and creates nothing", async () => {
    fresh = await freshStore(backend, { migrate: false });
    expect(await fresh.store.migrationStatus()).toEqual({ applied: [], pending: all });
    expect(await tableNames(backend, fresh.url)).toEqual([]);
  });

  it("lists the migrations an older build left pending, without applying them", async () => {
    fresh = await freshStore(backend, { migrate: false });
    const older = all.slice(0, -1);
    await migrateUpTo(backend, fresh.url, older[older.length - 1]!);
    const tables = await tableNames(backend, fresh.url);

    expect(await fresh.store.migrationStatus()).toEqual({ applied: older, pending: all.slice(-1) });
    expect(await tableNames(backend, fresh.url)).toEqual(tables);

    await fresh.store.migrate();
    expect(await fresh.store.migrationStatus()).toEqual({ applied: all, pending: [] });
  });
});

describe.each(backends)("migration 0006 on %s", (backend) => {
  let fresh: FreshStore | undefined;
  afterEach(async () => {
    await fresh?.dispose();
    fresh = undefined;
  });

  it("keeps the customer links of 0005: no reservation, never checked, and the pending ones still listed", async () => {
    fresh = await freshStore(backend, { migrate: false });
    await migrateUpTo(backend, fresh.url, "0005-customer-links");
    const db = rawDb(backend, fresh.url);
    const at = "2026-11-27T10:00:00.000Z";
    const row = (gid: string, state: string, addressNumber: string | null) => ({
      tenant_id: "acme",
      customer_gid: gid,
      address_number: addressNumber,
      state,
      source: "created",
      fingerprint: null,
      customer_updated_at: null,
      created_at: at,
      updated_at: at,
    });
    try {
      await (db as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto("customer_links")
        .values([
          row("gid://shopify/Customer/1", "pending", null),
          row("gid://shopify/Customer/2", "linked", "9001"),
        ])
        .execute();
    } finally {
      await db.destroy();
    }

    await fresh.store.migrate();
    const links = fresh.store.customerLinks;
    expect(await links.get("acme", "gid://shopify/Customer/2")).toMatchObject({
      addressNumber: "9001",
      reservedAddressNumber: null,
      checkedAt: null,
      refusedUpdateAt: null,
      createdAt: new Date(at),
    });
    expect((await links.listPending("acme", 10)).map((link) => link.customerGid)).toEqual([
      "gid://shopify/Customer/1",
    ]);
  });
});

describe.each(backends)("migration 0007 on %s", (backend) => {
  let fresh: FreshStore | undefined;
  afterEach(async () => {
    await fresh?.dispose();
    fresh = undefined;
  });
  const INDEXES = [
    "audit_log_order_name",
    "audit_log_batch",
    "audit_log_tenant_at",
    "audit_log_tenant_step",
    "audit_log_at",
    "posting_documents_document_number",
    "posting_documents_batch_number",
    "posting_documents_gl_date",
    "inbox_events_body_retention",
  ];

  it("adds the audit and retention indexes over existing rows, also where an operator built one ahead", async () => {
    fresh = await freshStore(backend, { migrate: false });
    await migrateUpTo(backend, fresh.url, "0006-customer-link-checks");
    const db = rawDb(backend, fresh.url) as Kysely<Record<string, Record<string, unknown>>>;
    const at = "2026-11-27T10:00:00.000Z";
    try {
      await db
        .insertInto("audit_log")
        .values({
          tenant_id: "acme",
          order_id: "gid://shopify/Order/1",
          order_name: "#1",
          step: "order.read",
          detail: "{}",
          at,
        })
        .execute();
      await sql`create index audit_log_at on audit_log (at)`.execute(db);
    } finally {
      await db.destroy();
    }

    await fresh.store.migrate();
    const indexes = await indexNames(backend, fresh.url);
    for (const index of INDEXES) expect(indexes).toContain(index);
    const [entry] = await fresh.store.audit.query({ tenantId: "acme", orderName: "#1", limit: 10 });
    expect(entry).toMatchObject({ step: "order.read", orderId: "gid://shopify/Order/1", at: new Date(at) });
  });
});

async function indexNames(backend: StoreBackend, url: string): Promise<string[]> {
  const db = rawDb(backend, url);
  try {
    const rows =
      backend === "sqlite"
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(db)
        : await sql<{
            name: string;
          }>`select indexname as name from pg_indexes where schemaname = 'public'`.execute(db);
    return rows.rows.map((row) => row.name);
  } finally {
    await db.destroy();
  }
}

describe("openExistingStore", () => {
  let fresh: FreshStore | undefined;
  afterEach(async () => {
    await fresh?.dispose();
    fresh = undefined;
  });

  it("reports an SQLite file that does not exist without creating it or its folder", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "mlc-absent-")), "data", "store.db");
    expect(await openExistingStore(`sqlite:${path}`)).toEqual({ found: false, path });
    expect(existsSync(join(path, ".."))).toBe(false);
  });

  it("opens an SQLite file that exists", async () => {
    fresh = await freshStore("sqlite");
    const existing = await openExistingStore(fresh.url);
    expect(existing.found && (await existing.store.migrationStatus()).pending).toEqual([]);
    if (existing.found) await existing.store.close();
  });
});

describe("openStore", () => {
  it("opens an in-memory SQLite store", async () => {
    const store = await openStore("sqlite::memory:");
    await store.migrate();
    expect(await store.inbox.countDuplicates()).toBe(0);
    await store.close();
  });

  it("refuses a URL of an unknown kind", async () => {
    await expect(openStore("mysql://localhost/db")).rejects.toThrow("sqlite: or postgres://");
  });
});
