import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { createKyselyStore } from "../shared/create-kysely-store.js";
import type { Database } from "../shared/database.js";
import { migrateToLatest, readMigrationStatus } from "../shared/migrate-to-latest.js";
import { sqliteProfile } from "../shared/store-profile.js";
import type { OpenStoreOptions, Store, StoreClock } from "../store.js";
import { sqliteMigrations } from "./sqlite-migrations.js";

/**
 * Opens (creating if needed) an SQLite database file, or `:memory:`. WAL lets readers run beside the
 * single writer; `synchronous=NORMAL` is durable against process crashes in WAL mode (an OS crash may
 * lose the last commits, not corrupt the file); `busy_timeout` makes a second process wait for the
 * write lock instead of failing. `secure_delete` overwrites freed content with zeros, so a webhook body
 * emptied by a privacy redaction leaves no readable copy in the file's free space.
 * `fileMustExist` refuses a missing file instead of creating it (and its folder).
 */
export async function openSqliteStore(
  path: string,
  options: OpenStoreOptions & { clock: StoreClock; fileMustExist?: boolean },
): Promise<Store> {
  const fileMustExist = options.fileMustExist === true && path !== ":memory:";
  if (path !== ":memory:" && !fileMustExist) mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path, { fileMustExist });
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  database.pragma("foreign_keys = ON");
  database.pragma("secure_delete = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return createKyselyStore({
    db,
    profile: sqliteProfile(options.clock),
    migrate: () => migrateToLatest(db as Kysely<unknown>, sqliteMigrations),
    migrationStatus: () => readMigrationStatus(db as Kysely<unknown>, sqliteMigrations),
  });
}
