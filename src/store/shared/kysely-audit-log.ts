import type { Kysely, Selectable } from "kysely";
import type { AuditEntry, AuditLog, NewAuditEntry } from "../../audit/audit-log.js";
import type { AuditLogTable, Database } from "./database.js";
import { decodeJson, decodeTime, encodeJson } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

/** AuditLog over Kysely for both backends: inserts only; rows come back in insertion (id) order. */
export function createKyselyAuditLog(deps: { db: Kysely<Database>; profile: StoreProfile }): AuditLog {
  const { db, profile } = deps;
  return { append, listByOrder, listByDocument };

  async function append(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = await db
      .insertInto("audit_log")
      .values({
        tenant_id: entry.tenantId,
        order_id: entry.orderId ?? null,
        order_name: entry.orderName ?? null,
        step: entry.step,
        webhook_id: entry.webhookId ?? null,
        document_key: entry.documentKey ?? null,
        batch_id: entry.batchId ?? null,
        detail: encodeJson(entry.detail ?? {}),
        at: profile.encodeTime(entry.at),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEntry(row);
  }

  async function listByOrder(tenantId: string, orderId: string): Promise<AuditEntry[]> {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("order_id", "=", orderId)
      .orderBy("id")
      .execute();
    return rows.map(toEntry);
  }

  async function listByDocument(documentKey: string): Promise<AuditEntry[]> {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("document_key", "=", documentKey)
      .orderBy("id")
      .execute();
    return rows.map(toEntry);
  }
}

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: String(row.id),
    tenantId: row.tenant_id,
    orderId: row.order_id,
    orderName: row.order_name,
    step: row.step,
    webhookId: row.webhook_id,
    documentKey: row.document_key,
    batchId: row.batch_id,
    detail: decodeJson<Record<string, unknown>>(row.detail),
    at: decodeTime(row.at),
  };
}
