import type { Kysely, Selectable } from "kysely";
import { ConnectorError } from "../../lib/errors/connector-error.js";
import type {
  InstallationSecretChanges,
  InstallationStore,
  ShopGrantType,
  ShopInstallation,
} from "../../pipeline/installation-store.js";
import type { Database, ShopInstallationsTable } from "./database.js";
import { deleteSecretRows, upsertSecretRow } from "./kysely-secret-rows.js";
import { decodeOptionalTime, decodeTime } from "./row-codecs.js";
import { type StoreProfile, withWriteTransaction } from "./store-profile.js";

/** InstallationStore over Kysely for both backends. */
export function createKyselyInstallationStore(deps: {
  db: Kysely<Database>;
  profile: StoreProfile;
}): InstallationStore {
  const { db, profile } = deps;
  return {
    async get(tenantId) {
      const row = await db
        .selectFrom("shop_installations")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return row ? decode(row) : undefined;
    },
    save: (installation) => upsertInstallation(db, profile, installation),
    async saveWithSecrets(installation, secrets) {
      assertOwnScope(installation.tenantId, secrets);
      await withWriteTransaction(db, profile, async (tx) => {
        for (const row of secrets.put) await upsertSecretRow(tx, profile, row);
        await deleteSecretRows(tx, installation.tenantId, secrets.delete);
        await upsertInstallation(tx, profile, installation);
      });
    },
    async markUninstalled(tenantId, at) {
      await db
        .updateTable("shop_installations")
        .set({
          status: "uninstalled",
          uninstalled_at: profile.encodeTime(at),
          updated_at: profile.encodeTime(profile.clock.now()),
        })
        .where("tenant_id", "=", tenantId)
        .execute();
    },
    async saveState(state) {
      await db
        .insertInto("oauth_states")
        .values({
          nonce: state.nonce,
          tenant_id: state.tenantId,
          shop_domain: state.shopDomain,
          expires_at: profile.encodeTime(state.expiresAt),
        })
        .execute();
    },
    async takeState(nonce, now) {
      const row = await db
        .deleteFrom("oauth_states")
        .where("nonce", "=", nonce)
        .returning(["tenant_id", "shop_domain", "expires_at"])
        .executeTakeFirst();
      // Expired nonces of abandoned installs are swept on the way.
      await db.deleteFrom("oauth_states").where("expires_at", "<", profile.encodeTime(now)).execute();
      if (!row || decodeTime(row.expires_at).getTime() < now.getTime()) return undefined;
      return { tenantId: row.tenant_id, shopDomain: row.shop_domain };
    },
  };
}

/** Inserts or replaces the tenant's installation row; `db` may be a caller's transaction. */
async function upsertInstallation(
  db: Kysely<Database>,
  profile: StoreProfile,
  installation: ShopInstallation,
): Promise<void> {
  const time = (value: Date | null) => (value === null ? null : profile.encodeTime(value));
  const row = {
    tenant_id: installation.tenantId,
    shop_domain: installation.shopDomain,
    status: installation.status,
    grant_type: installation.grantType,
    scopes: installation.scopes.join(","),
    access_expires_at: time(installation.accessExpiresAt),
    refresh_expires_at: time(installation.refreshExpiresAt),
    installed_at: profile.encodeTime(installation.installedAt),
    uninstalled_at: time(installation.uninstalledAt),
    updated_at: profile.encodeTime(profile.clock.now()),
  };
  const { tenant_id: _key, ...update } = row;
  await db
    .insertInto("shop_installations")
    .values(row)
    .onConflict((c) => c.column("tenant_id").doUpdateSet(update))
    .execute();
}

/** A token sealed for another tenant would be stored where this one's is looked up, unreadable. */
function assertOwnScope(tenantId: string, secrets: InstallationSecretChanges): void {
  const stray = secrets.put.find((row) => row.scope !== tenantId);
  if (stray) {
    throw new ConnectorError(
      "MLC_INTERNAL",
      `installation ${tenantId}: secret ${stray.scope}/${stray.name} is not under the tenant's scope`,
      { retryable: false },
    );
  }
}

function decode(row: Selectable<ShopInstallationsTable>): ShopInstallation {
  return {
    tenantId: row.tenant_id,
    shopDomain: row.shop_domain,
    status: row.status === "uninstalled" ? "uninstalled" : "installed",
    grantType: row.grant_type as ShopGrantType,
    scopes: row.scopes === "" ? [] : row.scopes.split(","),
    accessExpiresAt: decodeOptionalTime(row.access_expires_at),
    refreshExpiresAt: decodeOptionalTime(row.refresh_expires_at),
    installedAt: decodeTime(row.installed_at),
    uninstalledAt: decodeOptionalTime(row.uninstalled_at),
  };
}
