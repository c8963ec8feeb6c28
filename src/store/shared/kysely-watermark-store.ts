import type { Kysely } from "kysely";
import type { WatermarkStore } from "../../pipeline/watermark-store.js";
import type { Database } from "./database.js";
import { decodeTime } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

/** WatermarkStore over Kysely for both backends; `advance` never moves a watermark back. */
export function createKyselyWatermarkStore(deps: {
  db: Kysely<Database>;
  profile: StoreProfile;
}): WatermarkStore {
  const { db, profile } = deps;
  return {
    async get(tenantId, name) {
      const row = await db
        .selectFrom("sync_watermarks")
        .select("watermark")
        .where("tenant_id", "=", tenantId)
        .where("name", "=", name)
        .executeTakeFirst();
      return row ? decodeTime(row.watermark) : undefined;
    },
    async advance(tenantId, name, to) {
      const watermark = profile.encodeTime(to);
      const updatedAt = profile.encodeTime(profile.clock.now());
      await db
        .insertInto("sync_watermarks")
        .values({ tenant_id: tenantId, name, watermark, updated_at: updatedAt })
        .onConflict((c) =>
          c
            .columns(["tenant_id", "name"])
            .doUpdateSet({ watermark, updated_at: updatedAt })
            .where("sync_watermarks.watermark", "<", watermark),
        )
        .execute();
    },
  };
}
