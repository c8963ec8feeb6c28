import { type Kysely, type Migration, Migrator } from "kysely";

/**
 * Applies the backend's numbered, forward-only migrations. The provider is a static map (no
 * filesystem globbing), so it works the same from `src/` under vitest and from `dist/`.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  migrations: Record<string, Migration>,
): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName ?? "?";
    throw new Error(`store migration ${failed} failed`, { cause: error });
  }
}
