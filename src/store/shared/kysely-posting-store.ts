import type { Kysely } from "kysely";
import { orderAddressNumberOf } from "../../posting/order-address-number-of.js";
import type {
  AdoptEventsRequest,
  DocumentKind,
  DocumentOutcome,
  DocumentStatus,
  PostingDocument,
  PostingStore,
  RecordCorrectionRequest,
  RecordCorrectionResult,
  RecordDocumentsRequest,
  RecordDocumentsResult,
} from "../../posting/posting-store.js";
import type { Database } from "./database.js";
import { decodeDocumentLines } from "./document-codec.js";
import { createPostingDocumentQueries } from "./posting-document-queries.js";
import { toDocument } from "./posting-document-row.js";
import { recordCorrectionIn } from "./record-correction.js";
import { PostedEventRaceError, recordDocumentsIn } from "./record-documents.js";
import { decodeCount, decodeJson, encodeJson } from "./row-codecs.js";
import { type StoreProfile, withWriteTransaction } from "./store-profile.js";

const DOCUMENT_STATUSES: DocumentStatus[] = [
  "pending",
  "sent",
  "accepted",
  "staged",
  "confirmed",
  "rejected",
  "unknown",
];

/** PostingStore over Kysely for both backends (the ledger of DESIGN.md §2). */
export function createKyselyPostingStore(deps: {
  db: Kysely<Database>;
  profile: StoreProfile;
}): PostingStore {
  const { db, profile } = deps;
  const time = (now?: Date) => profile.encodeTime(now ?? profile.clock.now());

  return {
    postedEventIds,
    recordDocuments,
    recordAdoptedEvents,
    pendingDocuments,
    markSent,
    markOutcome,
    documentsAwaiting,
    getDocument,
    listDocuments,
    countDocuments,
    orderAddressNumber,
    orderIdsByName,
    recordCorrection,
    ...createPostingDocumentQueries(deps),
  };

  async function postedEventIds(tenantId: string, orderId: string): Promise<Set<string>> {
    const rows = await db
      .selectFrom("posted_events")
      .select("event_id")
      .where("tenant_id", "=", tenantId)
      .where("order_id", "=", orderId)
      .execute();
    return new Set(rows.map((row) => row.event_id));
  }

  async function recordDocuments(request: RecordDocumentsRequest): Promise<RecordDocumentsResult> {
    try {
      return await withWriteTransaction(db, profile, (tx) => recordDocumentsIn(tx, profile, request));
    } catch (error) {
      if (!(error instanceof PostedEventRaceError)) throw error;
      // The winner has committed; the re-run sees its events and records nothing twice.
      return withWriteTransaction(db, profile, (tx) => recordDocumentsIn(tx, profile, request));
    }
  }

  async function recordAdoptedEvents(request: AdoptEventsRequest): Promise<string[]> {
    if (request.eventIds.length === 0) return [];
    const rows = await db
      .insertInto("posted_events")
      .values(
        [...new Set(request.eventIds)].map((eventId) => ({
          tenant_id: request.tenantId,
          event_id: eventId,
          order_id: request.orderId,
          document_key: null,
          status: "adopted",
          recorded_at: time(request.now),
        })),
      )
      .onConflict((conflict) => conflict.columns(["tenant_id", "event_id"]).doNothing())
      .returning("event_id")
      .execute();
    return rows.map((row) => row.event_id);
  }

  async function pendingDocuments(tenantId: string, limit: number): Promise<PostingDocument[]> {
    const rows = await db
      .selectFrom("posting_documents")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("status", "=", "pending")
      .orderBy("created_at")
      .orderBy("order_id")
      .orderBy("sequence")
      .limit(limit)
      .execute();
    return rows.map(toDocument);
  }

  async function markSent(keys: string[], batchId: string, options: { now?: Date } = {}): Promise<number> {
    if (keys.length === 0) return 0;
    const result = await db
      .updateTable("posting_documents")
      .set({ status: "sent", batch_id: batchId, updated_at: time(options.now) })
      .where("document_key", "in", keys)
      .where("status", "in", ["pending", "unknown"])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async function markOutcome(
    key: string,
    outcome: DocumentOutcome,
    options: { now?: Date } = {},
  ): Promise<boolean> {
    const result = await db
      .updateTable("posting_documents")
      .set({
        status: outcome.status,
        ...(outcome.documentNumber !== undefined && { document_number: outcome.documentNumber }),
        ...(outcome.batchNumber !== undefined && { batch_number: outcome.batchNumber }),
        ...(outcome.errors !== undefined && { errors: encodeJson(outcome.errors) }),
        updated_at: time(options.now),
      })
      .where("document_key", "=", key)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async function documentsAwaiting(tenantId: string, statuses: DocumentStatus[]): Promise<PostingDocument[]> {
    if (statuses.length === 0) return [];
    const rows = await db
      .selectFrom("posting_documents")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("status", "in", statuses)
      .orderBy("created_at")
      .orderBy("order_id")
      .orderBy("sequence")
      .execute();
    return rows.map(toDocument);
  }

  async function getDocument(key: string): Promise<PostingDocument | undefined> {
    const row = await db
      .selectFrom("posting_documents")
      .selectAll()
      .where("document_key", "=", key)
      .executeTakeFirst();
    return row ? toDocument(row) : undefined;
  }

  async function listDocuments(filter: { tenantId: string; orderId?: string }): Promise<PostingDocument[]> {
    const rows = await db
      .selectFrom("posting_documents")
      .selectAll()
      .where("tenant_id", "=", filter.tenantId)
      .$if(filter.orderId !== undefined, (q) => q.where("order_id", "=", filter.orderId ?? ""))
      .orderBy("order_id")
      .orderBy("sequence")
      .execute();
    return rows.map(toDocument);
  }

  async function countDocuments(filter: { tenantId?: string } = {}): Promise<Record<DocumentStatus, number>> {
    const rows = await db
      .selectFrom("posting_documents")
      .select(["status", (eb) => eb.fn.countAll<string | number>().as("count")])
      .$if(filter.tenantId !== undefined, (q) => q.where("tenant_id", "=", filter.tenantId ?? ""))
      .groupBy("status")
      .execute();
    const counts = Object.fromEntries(DOCUMENT_STATUSES.map((status) => [status, 0])) as Record<
      DocumentStatus,
      number
    >;
    for (const row of rows) counts[row.status as DocumentStatus] = decodeCount(row.count);
    return counts;
  }

  async function orderAddressNumber(tenantId: string, orderId: string): Promise<string | null> {
    // Lines are JSON: one query for the order's few documents, the AN8 is read from them here.
    const rows = await db
      .selectFrom("posting_documents")
      .select(["kind", "sequence", "lines"])
      .where("tenant_id", "=", tenantId)
      .where("order_id", "=", orderId)
      .where("kind", "<>", "summary")
      .execute();
    return orderAddressNumberOf(
      rows.map((row) => ({
        kind: row.kind as DocumentKind,
        sequence: Number(row.sequence),
        lines: decodeDocumentLines(decodeJson(row.lines)),
      })),
    );
  }

  async function orderIdsByName(tenantId: string, orderName: string): Promise<string[]> {
    const rows = await db
      .selectFrom("posting_documents")
      .select("order_id")
      .distinct()
      .where("tenant_id", "=", tenantId)
      .where("order_name", "=", orderName)
      .where("kind", "<>", "summary")
      .execute();
    return rows.map((row) => row.order_id);
  }

  async function recordCorrection(request: RecordCorrectionRequest): Promise<RecordCorrectionResult> {
    return withWriteTransaction(db, profile, (tx) => recordCorrectionIn(tx, profile, request));
  }
}
