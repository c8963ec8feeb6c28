import { type Kysely, type Selectable, sql } from "kysely";
import type {
  AppendOptions,
  InboxAppendOutcome,
  InboxDelivery,
  InboxEvent,
  InboxStore,
  NewInboxEvent,
} from "../../inbox/inbox-store.js";
import { chunk } from "../../lib/chunk.js";
import type { Database, InboxEventsTable } from "./database.js";
import { enqueueJobs } from "./enqueue-job.js";
import { decodeCount, decodeOptionalTime, decodeTime } from "./row-codecs.js";
import { type StoreProfile, withWriteTransaction } from "./store-profile.js";

/**
 * InboxStore over Kysely for both backends. A group is written with one multi-row
 * `INSERT … ON CONFLICT DO NOTHING RETURNING`; keys that did not come back already existed and get
 * their `delivery_count` raised; then the stored events' jobs are enqueued in one UPSERT — all in one
 * transaction.
 */
export function createKyselyInboxStore(deps: { db: Kysely<Database>; profile: StoreProfile }): InboxStore {
  const { db, profile } = deps;
  return {
    appendMany,
    get,
    countDuplicates,
    erasePayloads,
    erasePayloadsBefore,
    deliveriesAbout,
    countAbout,
  };

  async function appendMany(
    events: NewInboxEvent[],
    options: AppendOptions = {},
  ): Promise<InboxAppendOutcome[]> {
    if (events.length === 0) return [];
    return withWriteTransaction(db, profile, async (tx) => {
      const firstIndexByKey = new Map<string, number>();
      events.forEach((event, index) => {
        const key = dedupeKey(event);
        if (!firstIndexByKey.has(key)) firstIndexByKey.set(key, index);
      });
      const candidates = [...firstIndexByKey.values()].map((index) => events[index]!);
      const insertedIds = await insertNew(tx, candidates);
      const outcomes = events.map((event, index): InboxAppendOutcome => {
        const key = dedupeKey(event);
        return insertedIds.has(key) && firstIndexByKey.get(key) === index ? "stored" : "duplicate";
      });
      await countRepeatDeliveries(
        tx,
        events.filter((_, index) => outcomes[index] === "duplicate"),
      );
      const jobs = events.flatMap((event, index) => {
        const inboxId = insertedIds.get(dedupeKey(event));
        if (outcomes[index] !== "stored" || inboxId === undefined) return [];
        return options.onStored?.(event, inboxId) ?? [];
      });
      await enqueueJobs(tx, profile, jobs);
      return outcomes;
    });
  }

  /** Inserts the events whose key is new; returns their ids by dedupe key. */
  async function insertNew(tx: Kysely<Database>, events: NewInboxEvent[]): Promise<Map<string, string>> {
    const rows = await tx
      .insertInto("inbox_events")
      .values(
        events.map((event) => ({
          tenant_id: event.tenantId,
          shop_domain: event.shopDomain,
          topic: event.topic,
          webhook_id: event.webhookId,
          event_id: event.eventId,
          event_key: event.eventId ?? event.webhookId,
          api_version: event.apiVersion,
          triggered_at: event.triggeredAt === null ? null : profile.encodeTime(event.triggeredAt),
          received_at: profile.encodeTime(event.receivedAt),
          last_delivery_at: profile.encodeTime(event.receivedAt),
          body: asBuffer(event.body),
          body_sha256: event.bodySha256,
          resource_gid: event.resourceGid,
          delivery_count: 1,
        })),
      )
      .onConflict((conflict) => conflict.columns(["tenant_id", "topic", "event_key"]).doNothing())
      .returning(["id", "tenant_id", "topic", "event_key"])
      .execute();
    return new Map(rows.map((row) => [keyOf(row.tenant_id, row.topic, row.event_key), String(row.id)]));
  }

  async function countRepeatDeliveries(tx: Kysely<Database>, duplicates: NewInboxEvent[]): Promise<void> {
    const repeats = new Map<string, { event: NewInboxEvent; count: number }>();
    for (const event of duplicates) {
      const entry = repeats.get(dedupeKey(event));
      if (entry) {
        entry.count += 1;
        if (event.receivedAt > entry.event.receivedAt) entry.event = event;
      } else {
        repeats.set(dedupeKey(event), { event, count: 1 });
      }
    }
    for (const { event, count } of repeats.values()) {
      await tx
        .updateTable("inbox_events")
        .set((eb) => ({
          delivery_count: eb("delivery_count", "+", count),
          last_delivery_at: profile.encodeTime(event.receivedAt),
        }))
        .where("tenant_id", "=", event.tenantId)
        .where("topic", "=", event.topic)
        .where("event_key", "=", event.eventId ?? event.webhookId)
        .execute();
    }
  }

  async function get(id: string): Promise<InboxEvent | undefined> {
    if (!/^\d+$/.test(id)) return undefined;
    const row = await db.selectFrom("inbox_events").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toInboxEvent(row) : undefined;
  }

  async function erasePayloads(filter: {
    tenantId: string;
    resourceGids?: readonly string[];
    inboxIds?: readonly string[];
  }): Promise<number> {
    const erase = (narrow?: { column: "resource_gid" | "id"; values: readonly string[] }) =>
      db
        .updateTable("inbox_events")
        .set({ body: Buffer.alloc(0) })
        .where("tenant_id", "=", filter.tenantId)
        .where((eb) => eb(eb.fn("length", ["body"]), ">", 0))
        .$if(narrow !== undefined, (q) => q.where(narrow?.column ?? "id", "in", narrow?.values ?? []))
        .executeTakeFirst();
    let erased = 0;
    if (filter.resourceGids === undefined && filter.inboxIds === undefined) {
      erased = Number((await erase()).numUpdatedRows);
    } else {
      for (const values of chunk(filter.resourceGids ?? [], ERASE_CHUNK))
        erased += Number((await erase({ column: "resource_gid", values })).numUpdatedRows);
      const ids = (filter.inboxIds ?? []).filter((id) => /^\d+$/.test(id));
      for (const values of chunk(ids, ERASE_CHUNK))
        erased += Number((await erase({ column: "id", values })).numUpdatedRows);
    }
    // The old row images are still in the WAL until it is checkpointed; truncating it removes them.
    if (erased > 0 && profile.truncateWalAfterErase) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    return erased;
  }

  async function erasePayloadsBefore(cutoff: Date, options: { chunkSize?: number } = {}): Promise<number> {
    const chunkSize = Math.max(1, Math.trunc(options.chunkSize ?? RETENTION_CHUNK));
    let erased = 0;
    // One bounded statement per chunk (autocommit), never one transaction over the whole inbox. The
    // literal `length(body) > 0` is the partial index's own predicate (migration 0007), which both
    // planners need to see to use it.
    for (;;) {
      const result = await db
        .updateTable("inbox_events")
        .set({ body: Buffer.alloc(0) })
        .where("id", "in", (eb) =>
          eb
            .selectFrom("inbox_events as old")
            .select("old.id")
            .where("old.received_at", "<", profile.encodeTime(cutoff))
            .where(sql<boolean>`length(body) > 0`)
            .orderBy("old.received_at")
            .limit(chunkSize),
        )
        .executeTakeFirst();
      const count = Number(result.numUpdatedRows);
      erased += count;
      if (count < chunkSize) break;
    }
    if (erased > 0 && profile.truncateWalAfterErase) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    return erased;
  }

  async function deliveriesAbout(filter: {
    tenantId: string;
    resourceGid: string;
    afterId?: string;
    limit?: number;
  }): Promise<InboxDelivery[]> {
    if (filter.afterId !== undefined && !/^\d+$/.test(filter.afterId)) return [];
    const rows = await db
      .selectFrom("inbox_events")
      .select([
        "id",
        "tenant_id",
        "shop_domain",
        "topic",
        "webhook_id",
        "event_id",
        "event_key",
        "api_version",
        "triggered_at",
        "received_at",
        "last_delivery_at",
        "body_sha256",
        "resource_gid",
        "delivery_count",
      ])
      .where("tenant_id", "=", filter.tenantId)
      .where("resource_gid", "=", filter.resourceGid)
      .$if(filter.afterId !== undefined, (q) => q.where("id", ">", Number(filter.afterId)))
      .orderBy("id")
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map((row) => {
      const { body: _body, ...delivery } = toInboxEvent({ ...row, body: new Uint8Array(0) });
      return delivery;
    });
  }

  async function countAbout(filter: { tenantId: string; resourceGids: readonly string[] }) {
    let events = 0;
    let withBody = 0;
    for (const part of chunk(filter.resourceGids, ERASE_CHUNK)) {
      const row = await db
        .selectFrom("inbox_events")
        .select((eb) => [
          eb.fn.countAll<string | number>().as("events"),
          eb.fn
            .sum<string | number | null>(
              eb
                .case()
                .when(eb.fn("length", ["body"]), ">", 0)
                .then(1)
                .else(0)
                .end(),
            )
            .as("with_body"),
        ])
        .where("tenant_id", "=", filter.tenantId)
        .where("resource_gid", "in", part)
        .executeTakeFirst();
      events += decodeCount(row?.events);
      withBody += decodeCount(row?.with_body);
    }
    return { events, withBody };
  }

  async function countDuplicates(filter: { tenantId?: string } = {}): Promise<number> {
    const row = await db
      .selectFrom("inbox_events")
      .select((eb) => eb.fn.sum<string | number | null>(eb("delivery_count", "-", 1)).as("duplicates"))
      .$if(filter.tenantId !== undefined, (q) => q.where("tenant_id", "=", filter.tenantId ?? ""))
      .executeTakeFirst();
    return decodeCount(row?.duplicates);
  }
}

/** Keeps IN lists far below the backends' bound-parameter limits. */
const ERASE_CHUNK = 500;
/** Bodies emptied per retention statement: each chunk is a short write, never a long table lock. */
const RETENTION_CHUNK = 500;

function dedupeKey(event: NewInboxEvent): string {
  return keyOf(event.tenantId, event.topic, event.eventId ?? event.webhookId);
}

function keyOf(tenantId: string, topic: string, eventKey: string): string {
  return JSON.stringify([tenantId, topic, eventKey]);
}

/** Both drivers bind a Buffer as BLOB/BYTEA; wrap without copying the payload. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toInboxEvent(row: Selectable<InboxEventsTable>): InboxEvent {
  return {
    id: String(row.id),
    tenantId: row.tenant_id,
    shopDomain: row.shop_domain,
    topic: row.topic,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventKey: row.event_key,
    apiVersion: row.api_version,
    triggeredAt: decodeOptionalTime(row.triggered_at),
    receivedAt: decodeTime(row.received_at),
    lastDeliveryAt: decodeTime(row.last_delivery_at),
    body: new Uint8Array(row.body),
    bodySha256: row.body_sha256,
    resourceGid: row.resource_gid,
    deliveryCount: Number(row.delivery_count),
  };
}
