import type { Kysely } from "kysely";
import type {
  PostingDocument,
  RecordCorrectionRequest,
  RecordCorrectionResult,
} from "../../posting/posting-store.js";
import type { Database } from "./database.js";
import { insertDocuments, notYetSent, reserveSequences } from "./record-documents.js";
import type { StoreProfile } from "./store-profile.js";

/**
 * The body of `PostingStore.recordCorrection`, inside one write transaction. The order's sequence row is
 * the optimistic lock: a correction built on sequence n is recorded as n + 1 or not at all, so two
 * operators (or a sync that recorded a document meanwhile) can never stack a difference twice.
 */
export async function recordCorrectionIn(
  tx: Kysely<Database>,
  profile: StoreProfile,
  request: RecordCorrectionRequest,
): Promise<RecordCorrectionResult> {
  const current = await tx
    .selectFrom("order_sequences")
    .select("last_sequence")
    .where("tenant_id", "=", request.tenantId)
    .where("order_id", "=", request.orderId)
    .executeTakeFirst();
  const lastSequence = Number(current?.last_sequence ?? 0);
  if (lastSequence !== request.basedOnSequence) return { ok: false, reason: "stale", lastSequence };

  const sequence = await reserveSequences(tx, request, 1);
  const edtn = request.edtnForSequence(sequence);
  const now = request.now ?? profile.clock.now();
  const document: PostingDocument = {
    key: `${request.tenantId}/${edtn}`,
    tenantId: request.tenantId,
    orderId: request.orderId,
    orderName: request.orderName,
    sequence,
    edtn,
    kind: "correction",
    reason: request.reason,
    requestedBy: request.requestedBy,
    glDate: request.glDate,
    currency: request.currency,
    decimals: request.decimals,
    lines: request.lines,
    eventIds: [],
    ...notYetSent(now),
  };
  await insertDocuments(tx, profile, [document]);
  return { ok: true, document };
}
