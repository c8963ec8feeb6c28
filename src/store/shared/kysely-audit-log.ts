import type { Kysely, Selectable } from "kysely";
import type { AuditEntry, AuditLog, AuditQuery, NewAuditEntry } from "../../audit/audit-log.js";
import { redactAuditDetail } from "../../audit/redact-audit-detail.js";
import { RULES_VERSION_STEP } from "../../audit/rule-version-recorder.js";
import { selectAuditRows } from "./audit-log-query.js";
import type { AuditLogTable, Database } from "./database.js";
import { decodeJson, decodeTime, encodeJson } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

const PRUNE_CHUNK = 1000;

/**
 * AuditLog over Kysely for both backends: inserts only (and retention deletes); rows come back in
 * insertion (id) order. Every detail is passed through `redactAuditDetail` on its way in.
 */
export function createKyselyAuditLog(deps: { db: Kysely<Database>; profile: StoreProfile }): AuditLog {
  const { db, profile } = deps;
  return { append, listByOrder, listByDocument, query, pruneBefore };

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
        detail: encodeJson(redactAuditDetail(entry.detail ?? {})),
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

  async function query(filter: AuditQuery): Promise<AuditEntry[]> {
    if (filter.afterId !== undefined && !/^\d+$/.test(filter.afterId)) return [];
    const rows = await selectAuditRows(db, profile, filter).execute();
    return rows.map(toEntry);
  }

  async function pruneBefore(cutoff: Date, options: { chunkSize?: number } = {}): Promise<number> {
    const chunkSize = Math.max(1, Math.trunc(options.chunkSize ?? PRUNE_CHUNK));
    let deleted = 0;
    // One bounded statement per chunk (autocommit): the table is never locked for the whole prune,
    // and an interrupted prune leaves only complete chunks behind.
    for (;;) {
      const result = await db
        .deleteFrom("audit_log")
        .where("id", "in", (eb) =>
          eb
            .selectFrom("audit_log as expired")
            .select("expired.id")
            .where("expired.at", "<", profile.encodeTime(cutoff))
            // A rule version's definition outlives its first use: entries mapped with it name it for years.
            .where("expired.step", "<>", RULES_VERSION_STEP)
            .orderBy("expired.at")
            .limit(chunkSize),
        )
        .executeTakeFirst();
      const count = Number(result.numDeletedRows);
      deleted += count;
      if (count < chunkSize) return deleted;
    }
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
