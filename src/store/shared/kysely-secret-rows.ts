import type { Kysely, Selectable } from "kysely";
import type { SealedSecretRow, SecretListing, SecretRow, SecretRows } from "../../lib/secret-vault.js";
import type { Database, SecretsTable } from "./database.js";
import { decodeCount, decodeTime } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

/**
 * SecretRows over Kysely for both backends (DESIGN.md §6). Holds sealed text only; sealing and opening
 * happen in `lib/secret-vault.ts`.
 */
export function createKyselySecretRows(deps: { db: Kysely<Database>; profile: StoreProfile }): SecretRows {
  const { db, profile } = deps;
  const now = () => profile.encodeTime(profile.clock.now());
  return {
    get,
    put: (row) => upsertSecretRow(db, profile, row),
    delete: async (scope, name) => (await deleteSecretRows(db, scope, [name])) > 0,
    deleteNames: (scope, names) => deleteSecretRows(db, scope, names),
    deleteScope,
    list,
    listOutsideKey,
    countByKeyId,
    replaceSealed,
  };

  async function get(scope: string, name: string): Promise<SecretRow | undefined> {
    const row = await db
      .selectFrom("secrets")
      .selectAll()
      .where("scope", "=", scope)
      .where("name", "=", name)
      .executeTakeFirst();
    return row && toRow(row);
  }

  async function deleteScope(scope: string): Promise<number> {
    const result = await db.deleteFrom("secrets").where("scope", "=", scope).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async function list(scope?: string): Promise<SecretListing[]> {
    let query = db.selectFrom("secrets").select(["scope", "name", "key_id", "updated_at"]);
    if (scope !== undefined) query = query.where("scope", "=", scope);
    const rows = await query.orderBy("scope").orderBy("name").execute();
    return rows.map((row) => ({
      scope: row.scope,
      name: row.name,
      keyId: row.key_id,
      updatedAt: decodeTime(row.updated_at),
    }));
  }

  async function listOutsideKey(request: {
    keyId: string;
    limit: number;
    after?: { scope: string; name: string };
  }): Promise<SecretRow[]> {
    const { after } = request;
    let query = db.selectFrom("secrets").selectAll().where("key_id", "<>", request.keyId);
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb("scope", ">", after.scope),
          eb.and([eb("scope", "=", after.scope), eb("name", ">", after.name)]),
        ]),
      );
    }
    const rows = await query.orderBy("scope").orderBy("name").limit(request.limit).execute();
    return rows.map(toRow);
  }

  async function countByKeyId(): Promise<Array<{ keyId: string; rows: number }>> {
    const rows = await db
      .selectFrom("secrets")
      .select((eb) => ["key_id", eb.fn.countAll().as("rows")])
      .groupBy("key_id")
      .orderBy("key_id")
      .execute();
    return rows.map((row) => ({ keyId: row.key_id, rows: decodeCount(row.rows as string | number) }));
  }

  async function replaceSealed(request: {
    scope: string;
    name: string;
    expected: { keyId: string; sealed: string };
    next: { keyId: string; sealed: string };
  }): Promise<boolean> {
    const result = await db
      .updateTable("secrets")
      .set({ key_id: request.next.keyId, sealed: request.next.sealed, updated_at: now() })
      .where("scope", "=", request.scope)
      .where("name", "=", request.name)
      .where("key_id", "=", request.expected.keyId)
      .where("sealed", "=", request.expected.sealed)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

/**
 * Inserts or replaces the row of (scope, name). Takes the executor, so a caller's transaction can write
 * secrets together with rows of its own (`kysely-installation-store.ts`).
 */
export async function upsertSecretRow(
  db: Kysely<Database>,
  profile: StoreProfile,
  row: SealedSecretRow,
): Promise<void> {
  const sealed = {
    key_id: row.keyId,
    sealed: row.sealed,
    updated_at: profile.encodeTime(profile.clock.now()),
  };
  await db
    .insertInto("secrets")
    .values({ scope: row.scope, name: row.name, ...sealed })
    .onConflict((c) => c.columns(["scope", "name"]).doUpdateSet(sealed))
    .execute();
}

/** Deletes these names of the scope in one statement; returns how many rows it deleted. */
export async function deleteSecretRows(
  db: Kysely<Database>,
  scope: string,
  names: readonly string[],
): Promise<number> {
  // `in ()` is a syntax error on PostgreSQL.
  if (names.length === 0) return 0;
  const result = await db
    .deleteFrom("secrets")
    .where("scope", "=", scope)
    .where("name", "in", names)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toRow(row: Selectable<SecretsTable>): SecretRow {
  return {
    scope: row.scope,
    name: row.name,
    keyId: row.key_id,
    sealed: row.sealed,
    updatedAt: decodeTime(row.updated_at),
  };
}
