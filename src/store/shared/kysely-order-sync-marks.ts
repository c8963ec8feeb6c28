import type { Kysely } from "kysely";
import type { OrderSyncMarks } from "../../pipeline/order-sync-marks.js";
import type { Database } from "./database.js";
import { decodeTime } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

/** Keeps IN lists far below the backends' bound-parameter limits. */
const CHUNK = 500;

/** OrderSyncMarks over Kysely for both backends. */
export function createKyselyOrderSyncMarks(deps: {
  db: Kysely<Database>;
  profile: StoreProfile;
}): OrderSyncMarks {
  const { db, profile } = deps;
  return {
    async get(tenantId, orderIds) {
      const marks = new Map<string, Date>();
      for (let i = 0; i < orderIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom("order_sync_marks")
          .select(["order_id", "updated_at"])
          .where("tenant_id", "=", tenantId)
          .where("order_id", "in", orderIds.slice(i, i + CHUNK))
          .execute();
        for (const row of rows) marks.set(row.order_id, decodeTime(row.updated_at));
      }
      return marks;
    },
    async mark(tenantId, orderId, updatedAt) {
      const at = profile.encodeTime(updatedAt);
      await db
        .insertInto("order_sync_marks")
        .values({ tenant_id: tenantId, order_id: orderId, updated_at: at })
        .onConflict((c) =>
          c
            .columns(["tenant_id", "order_id"])
            .doUpdateSet({ updated_at: at })
            .where("order_sync_marks.updated_at", "<", at),
        )
        .execute();
    },
  };
}
