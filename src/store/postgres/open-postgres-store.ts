import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { createKyselyStore } from "../shared/create-kysely-store.js";
import type { Database } from "../shared/database.js";
import { readMigrationStatus } from "../shared/migrate-to-latest.js";
import { postgresProfile } from "../shared/store-profile.js";
import type { OpenStoreOptions, Store, StoreClock } from "../store.js";
import { migratePostgres, postgresMigrations } from "./postgres-migrations.js";

/**
 * Opens a pg pool for a `postgres://` URL. Connections are made lazily, on the first query.
 * An idle pooled connection that dies (server restart) is dropped by the pool and reported to
 * `onBackgroundError`; without the handler pg would crash the process.
 */
export async function openPostgresStore(
  url: string,
  options: OpenStoreOptions & { clock: StoreClock },
): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on("error", (error) => options.onBackgroundError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return createKyselyStore({
    db,
    profile: postgresProfile(options.clock),
    migrate: () => migratePostgres(db as Kysely<unknown>),
    migrationStatus: () => readMigrationStatus(db as Kysely<unknown>, postgresMigrations),
  });
}
