import type { Insertable, Kysely } from "kysely";
import type {
  NewPostingDocument,
  PostingDocument,
  RecordDocumentsRequest,
  RecordDocumentsResult,
} from "../../posting/posting-store.js";
import type { Database, PostedEventsTable } from "./database.js";
import { encodeDocumentLines } from "./document-codec.js";
import { encodeJson } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

/** Thrown inside the transaction when a concurrent writer recorded one of our events first. */
export class PostedEventRaceError extends Error {
  constructor() {
    super("a concurrent transaction recorded one of these events first");
  }
}

/**
 * The body of `PostingStore.recordDocuments`, run inside one write transaction: classify against the
 * ledger, reserve the order's sequences, insert documents, then map event ids to documents with
 * `ON CONFLICT DO NOTHING`. If any event row did not insert, another writer won: throw
 * `PostedEventRaceError` so the whole transaction rolls back (the caller re-runs it once, and the
 * re-run then classifies those events as already posted).
 */
export async function recordDocumentsIn(
  tx: Kysely<Database>,
  profile: StoreProfile,
  request: RecordDocumentsRequest,
): Promise<RecordDocumentsResult> {
  assertDistinctEventIds(request.documents);
  const recordedIds = await alreadyRecorded(tx, request);
  const result: RecordDocumentsResult = { recorded: [], skipped: [] };
  const toRecord: NewPostingDocument[] = [];
  for (const document of request.documents) {
    const known = document.eventIds.filter((id) => recordedIds.has(id)).length;
    if (known === 0) toRecord.push(document);
    else {
      const reason = known === document.eventIds.length ? "already-posted" : "partially-posted";
      result.skipped.push({ eventIds: document.eventIds, reason });
    }
  }
  if (toRecord.length === 0) return result;

  const firstSequence = await reserveSequences(tx, request, toRecord.length);
  const now = request.now ?? profile.clock.now();
  result.recorded = toRecord.map((document, index): PostingDocument => {
    const sequence = firstSequence + index;
    const edtn = request.edtnForSequence(sequence);
    return {
      ...document,
      key: `${request.tenantId}/${edtn}`,
      tenantId: request.tenantId,
      orderId: request.orderId,
      orderName: request.orderName,
      sequence,
      edtn,
      kind: "order",
      reason: null,
      requestedBy: null,
      ...notYetSent(now),
    };
  });
  await insertDocuments(tx, profile, result.recorded);
  await insertPostedEvents(tx, profile, result.recorded);
  return result;
}

function assertDistinctEventIds(documents: NewPostingDocument[]): void {
  const seen = new Set<string>();
  for (const id of documents.flatMap((document) => document.eventIds)) {
    if (seen.has(id)) throw new Error(`event ${id} appears in more than one document of one request`);
    seen.add(id);
  }
}

async function alreadyRecorded(tx: Kysely<Database>, request: RecordDocumentsRequest): Promise<Set<string>> {
  const eventIds = request.documents.flatMap((document) => document.eventIds);
  if (eventIds.length === 0) return new Set();
  const rows = await tx
    .selectFrom("posted_events")
    .select("event_id")
    .where("tenant_id", "=", request.tenantId)
    .where("event_id", "in", eventIds)
    .execute();
  return new Set(rows.map((row) => row.event_id));
}

/** Returns the first of `count` new sequence numbers of the order (1-based, gap-free per commit). */
export async function reserveSequences(
  tx: Kysely<Database>,
  request: { tenantId: string; orderId: string },
  count: number,
): Promise<number> {
  const row = await tx
    .insertInto("order_sequences")
    .values({ tenant_id: request.tenantId, order_id: request.orderId, last_sequence: count })
    .onConflict((conflict) =>
      conflict
        .columns(["tenant_id", "order_id"])
        .doUpdateSet((eb) => ({ last_sequence: eb("order_sequences.last_sequence", "+", count) })),
    )
    .returning("last_sequence")
    .executeTakeFirstOrThrow();
  return Number(row.last_sequence) - count + 1;
}

/** The fields of a document nothing has been sent for yet (orders, corrections and summaries alike). */
export function notYetSent(now: Date) {
  return {
    status: "pending" as const,
    batchId: null,
    documentNumber: null,
    batchNumber: null,
    errors: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** Inserts new documents (any kind) as they are; shared by orders, corrections and summaries. */
export async function insertDocuments(
  tx: Kysely<Database>,
  profile: StoreProfile,
  documents: PostingDocument[],
): Promise<void> {
  await tx
    .insertInto("posting_documents")
    .values(
      documents.map((document) => ({
        document_key: document.key,
        tenant_id: document.tenantId,
        order_id: document.orderId,
        order_name: document.orderName,
        sequence: document.sequence,
        edtn: document.edtn,
        kind: document.kind,
        reason: document.reason,
        requested_by: document.requestedBy,
        gl_date: document.glDate,
        currency: document.currency,
        decimals: document.decimals,
        lines: encodeDocumentLines(document.lines),
        event_ids: encodeJson(document.eventIds),
        status: document.status,
        errors: encodeJson([]),
        created_at: profile.encodeTime(document.createdAt),
        updated_at: profile.encodeTime(document.updatedAt),
      })),
    )
    .execute();
}

async function insertPostedEvents(
  tx: Kysely<Database>,
  profile: StoreProfile,
  documents: PostingDocument[],
): Promise<void> {
  const rows = documents.flatMap((document) =>
    document.eventIds.map((eventId) => ({
      tenant_id: document.tenantId,
      event_id: eventId,
      order_id: document.orderId,
      document_key: document.key,
      status: "posted",
      recorded_at: profile.encodeTime(document.createdAt),
    })),
  );
  await insertPostedEventRows(tx, rows);
}

/**
 * The exactly-once write: each (tenant, event) row is inserted once; if another writer recorded one
 * of them first, the whole transaction is abandoned (PostedEventRaceError) and re-run by the caller.
 */
export async function insertPostedEventRows(
  tx: Kysely<Database>,
  rows: Insertable<PostedEventsTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  const inserted = await tx
    .insertInto("posted_events")
    .values(rows)
    .onConflict((conflict) => conflict.columns(["tenant_id", "event_id"]).doNothing())
    .returning("event_id")
    .execute();
  if (inserted.length !== rows.length) throw new PostedEventRaceError();
}
