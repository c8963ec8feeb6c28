import { type Kysely, type Migration, Migrator } from "kysely";
import type { MigrationStatus } from "../store.js";

/**
 * Applies the backend's numbered, forward-only migrations. The provider is a static map (no
 * filesystem globbing), so it works the same from `src/` under vitest and from `dist/`.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  migrations: Record<string, Migration>,
): Promise<void> {
  const { error, results } = await migratorOf(db, migrations).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName ?? "?";
    throw new Error(`store migration ${failed} failed`, { cause: error });
  }
}

/**
 * Reads only: `Migrator#getMigrations` selects from the migration table when it exists and creates
 * nothing, so a check can run against a production database a newer build has not migrated yet.
 */
export async function readMigrationStatus(
  db: Kysely<unknown>,
  migrations: Record<string, Migration>,
): Promise<MigrationStatus> {
  const all = await migratorOf(db, migrations).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

function migratorOf(db: Kysely<unknown>, migrations: Record<string, Migration>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}
