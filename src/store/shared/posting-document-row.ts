import type { Selectable } from "kysely";
import type {
  DocumentError,
  DocumentKind,
  DocumentStatus,
  PostingDocument,
} from "../../posting/posting-store.js";
import type { PostingDocumentsTable } from "./database.js";
import { decodeDocumentLines } from "./document-codec.js";
import { decodeJson, decodeTime } from "./row-codecs.js";

/** A `posting_documents` row as the port's document (lines with exact bigint amounts). */
export function toDocument(row: Selectable<PostingDocumentsTable>): PostingDocument {
  return {
    key: row.document_key,
    tenantId: row.tenant_id,
    orderId: row.order_id,
    orderName: row.order_name,
    sequence: Number(row.sequence),
    edtn: row.edtn,
    kind: row.kind as DocumentKind,
    reason: row.reason,
    requestedBy: row.requested_by,
    glDate: row.gl_date,
    currency: row.currency,
    decimals: Number(row.decimals),
    lines: decodeDocumentLines(decodeJson(row.lines)),
    eventIds: decodeJson<string[]>(row.event_ids),
    status: row.status as DocumentStatus,
    batchId: row.batch_id,
    documentNumber: row.document_number,
    batchNumber: row.batch_number,
    errors: decodeJson<DocumentError[]>(row.errors),
    createdAt: decodeTime(row.created_at),
    updatedAt: decodeTime(row.updated_at),
  };
}
