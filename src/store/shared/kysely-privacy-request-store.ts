import type { Kysely } from "kysely";
import type { PrivacyRequest, PrivacyRequestStore } from "../../pipeline/privacy-request-store.js";
import type { Database } from "./database.js";
import { decodeJson, decodeOptionalTime, decodeTime, encodeJson } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

/** PrivacyRequestStore over Kysely for both backends. */
export function createKyselyPrivacyRequestStore(deps: {
  db: Kysely<Database>;
  profile: StoreProfile;
}): PrivacyRequestStore {
  const { db, profile } = deps;
  return {
    async record(request) {
      const row = await db
        .insertInto("privacy_requests")
        .values({
          tenant_id: request.tenantId,
          shop_domain: request.shopDomain,
          topic: request.topic,
          webhook_id: request.webhookId,
          customer_id: request.customerId,
          received_at: profile.encodeTime(request.receivedAt),
          completed_at: null,
          outcome: encodeJson({}),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return String(row.id);
    },
    async complete(id, completedAt, outcome) {
      await db
        .updateTable("privacy_requests")
        .set({ completed_at: profile.encodeTime(completedAt), outcome: encodeJson(outcome) })
        .where("id", "=", id)
        .execute();
    },
    async list(tenantId) {
      const rows = await db
        .selectFrom("privacy_requests")
        .selectAll()
        .$if(tenantId !== undefined, (q) => q.where("tenant_id", "=", tenantId ?? ""))
        .orderBy("id")
        .execute();
      return rows.map(
        (row): PrivacyRequest => ({
          id: String(row.id),
          tenantId: row.tenant_id,
          shopDomain: row.shop_domain,
          topic: row.topic as PrivacyRequest["topic"],
          webhookId: row.webhook_id,
          customerId: row.customer_id,
          receivedAt: decodeTime(row.received_at),
          completedAt: decodeOptionalTime(row.completed_at),
          outcome: decodeJson<Record<string, unknown>>(row.outcome),
        }),
      );
    },
  };
}
