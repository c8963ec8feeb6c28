import type { Kysely } from "kysely";
import { chunk } from "../../lib/chunk.js";
import type { PostingDocument, PostingStore, RecordedEvent } from "../../posting/posting-store.js";
import type { Database } from "./database.js";
import { toDocument } from "./posting-document-row.js";
import { decodeTime, encodeJson } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

/** Keeps every IN list far below SQLite's and PostgreSQL's bound-parameter limits. */
const IN_LIST = 500;
/** Documents per page of a GL-date range: a few MB of rows per query, a month in ~30 queries. */
const RANGE_PAGE = 1_000;

type DocumentQueries = Pick<
  PostingStore,
  | "documentsByNumber"
  | "documentsInGlDateRange"
  | "documentsOfOrders"
  | "recordedEvents"
  | "recordedEventsOf"
  | "requeueRejected"
>;

/**
 * The posting store's look-ups for operators and reconciliation (by JDE DOC, by GL date, by orders) and
 * the re-queue of a rejected document. They read the columns migration 0007 indexes:
 * (tenant_id, document_number) and (tenant_id, gl_date).
 */
export function createPostingDocumentQueries(deps: {
  db: Kysely<Database>;
  profile: StoreProfile;
}): DocumentQueries {
  const { db, profile } = deps;
  return {
    documentsByNumber,
    documentsInGlDateRange,
    documentsOfOrders,
    recordedEvents,
    recordedEventsOf,
    requeueRejected,
  };

  async function documentsByNumber(tenantId: string, documentNumbers: string[]): Promise<PostingDocument[]> {
    const documents: PostingDocument[] = [];
    for (const part of chunk([...new Set(documentNumbers)], IN_LIST)) {
      const rows = await db
        .selectFrom("posting_documents")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("document_number", "in", part)
        .execute();
      documents.push(...rows.map(toDocument));
    }
    return documents.sort(byOrderAndSequence);
  }

  /**
   * Keyset pages over (gl_date, order_id, sequence), never OFFSET. With the (tenant_id, gl_date) index
   * each page reads from the start of the cursor's day and sorts only that day's rows (PostgreSQL's
   * incremental sort, SQLite's "temp b-tree for the last 2 terms" stop once the page is full), so a
   * month is linear in its documents: 30,000 documents over 30 days read in ~2 s on either backend,
   * the pages all equally fast. The range comes back as an array because its reader (a reconciliation)
   * compares the month as a whole; the pages keep each query's result — and SQLite's synchronous read,
   * which holds the event loop — small.
   */
  async function documentsInGlDateRange(
    tenantId: string,
    firstDate: string,
    lastDate: string,
  ): Promise<PostingDocument[]> {
    const documents: PostingDocument[] = [];
    let after: PostingDocument | undefined;
    for (;;) {
      const cursor = after;
      const rows = await db
        .selectFrom("posting_documents")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("gl_date", ">=", cursor?.glDate ?? firstDate)
        .where("gl_date", "<=", lastDate)
        .$if(cursor !== undefined, (q) =>
          q.where((eb) =>
            eb(
              eb.refTuple("gl_date", "order_id", "sequence"),
              ">",
              eb.tuple(cursor?.glDate ?? "", cursor?.orderId ?? "", cursor?.sequence ?? 0),
            ),
          ),
        )
        .orderBy("gl_date")
        .orderBy("order_id")
        .orderBy("sequence")
        .limit(RANGE_PAGE)
        .execute();
      documents.push(...rows.map(toDocument));
      if (rows.length < RANGE_PAGE) return documents;
      after = documents.at(-1);
    }
  }

  async function documentsOfOrders(tenantId: string, orderIds: string[]): Promise<PostingDocument[]> {
    const documents: PostingDocument[] = [];
    for (const part of chunk([...new Set(orderIds)], IN_LIST)) {
      const rows = await db
        .selectFrom("posting_documents")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("order_id", "in", part)
        .execute();
      documents.push(...rows.map(toDocument));
    }
    return documents.sort(byOrderAndSequence);
  }

  async function recordedEvents(tenantId: string, orderId: string): Promise<RecordedEvent[]> {
    const rows = await db
      .selectFrom("posted_events")
      .select(["event_id", "status", "document_key", "recorded_at"])
      .where("tenant_id", "=", tenantId)
      .where("order_id", "=", orderId)
      .orderBy("recorded_at")
      .orderBy("event_id")
      .execute();
    return rows.map((row) => ({
      eventId: row.event_id,
      status: row.status as RecordedEvent["status"],
      documentKey: row.document_key,
      recordedAt: decodeTime(row.recorded_at),
    }));
  }

  /** Through the primary key (tenant_id, event_id) or the (tenant_id, order_id) index, a chunk at a time. */
  async function recordedEventsOf(
    tenantId: string,
    by: { orderIds: string[] } | { eventIds: string[] },
  ): Promise<(RecordedEvent & { orderId: string })[]> {
    const [column, values] =
      "orderIds" in by ? (["order_id", by.orderIds] as const) : (["event_id", by.eventIds] as const);
    const events: (RecordedEvent & { orderId: string })[] = [];
    for (const part of chunk([...new Set(values)], IN_LIST)) {
      const rows = await db
        .selectFrom("posted_events")
        .select(["event_id", "order_id", "status", "document_key", "recorded_at"])
        .where("tenant_id", "=", tenantId)
        .where(column, "in", part)
        .execute();
      for (const row of rows)
        events.push({
          eventId: row.event_id,
          orderId: row.order_id,
          status: row.status as RecordedEvent["status"],
          documentKey: row.document_key,
          recordedAt: decodeTime(row.recorded_at),
        });
    }
    return events.sort((a, b) => byText(a.orderId, b.orderId) || byText(a.eventId, b.eventId));
  }

  async function requeueRejected(key: string, options: { now?: Date } = {}): Promise<boolean> {
    // One conditional UPDATE: a document that left `rejected` meanwhile is not touched. The batch id stays:
    // the look-up and any re-send use it (see the port).
    const result = await db
      .updateTable("posting_documents")
      .set({
        status: "unknown",
        errors: encodeJson([]),
        document_number: null,
        batch_number: null,
        updated_at: profile.encodeTime(options.now ?? profile.clock.now()),
      })
      .where("document_key", "=", key)
      .where("status", "=", "rejected")
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byOrderAndSequence(a: PostingDocument, b: PostingDocument): number {
  if (a.orderId !== b.orderId) return a.orderId < b.orderId ? -1 : 1;
  return a.sequence - b.sequence;
}
