import { type Kysely, sql } from "kysely";
import type { StoreBackend, StoreClock } from "../store.js";
import type { Database } from "./database.js";

/**
 * What differs between the backends, as data: the shared Kysely implementations read these flags
 * instead of asking "is this SQLite?".
 */
export interface StoreProfile {
  backend: StoreBackend;
  supportsSkipLocked: boolean;
  /** SQLite: `begin immediate` takes the write lock up front, so a read-then-write never hits BUSY. */
  beginWriteTransaction: "begin" | "begin immediate";
  /** SQLite stores ISO-8601 TEXT (sorts correctly); PostgreSQL binds Date to timestamptz. */
  encodeTime(time: Date): string | Date;
  /**
   * SQLite: after a privacy erasure the WAL still holds the old pages, so it is checkpointed and
   * truncated. PostgreSQL keeps dead row versions until (auto)vacuum; no such step applies.
   */
  truncateWalAfterErase: boolean;
  clock: StoreClock;
}

export function sqliteProfile(clock: StoreClock): StoreProfile {
  return {
    backend: "sqlite",
    supportsSkipLocked: false,
    beginWriteTransaction: "begin immediate",
    encodeTime: (time) => time.toISOString(),
    truncateWalAfterErase: true,
    clock,
  };
}

export function postgresProfile(clock: StoreClock): StoreProfile {
  return {
    backend: "postgres",
    supportsSkipLocked: true,
    beginWriteTransaction: "begin",
    encodeTime: (time) => time,
    truncateWalAfterErase: false,
    clock,
  };
}

/**
 * Runs `work` in one write transaction on one connection; commits when it resolves, rolls back and
 * rethrows when it rejects.
 */
export async function withWriteTransaction<T>(
  db: Kysely<Database>,
  profile: StoreProfile,
  work: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql.raw(profile.beginWriteTransaction).execute(connection);
    let result: T;
    try {
      result = await work(connection);
    } catch (error) {
      await rollbackQuietly(connection, error);
      throw error;
    }
    await sql`commit`.execute(connection);
    return result;
  });
}

/** The original error is what the caller needs; a failed rollback is attached to it, not lost. */
async function rollbackQuietly(connection: Kysely<Database>, original: unknown): Promise<void> {
  try {
    await sql`rollback`.execute(connection);
  } catch (rollbackError) {
    if (original instanceof Error && original.cause === undefined) {
      original.cause = rollbackError;
    }
  }
}
