import type { BulkOperation, BulkStatus } from "./bulk-operations.js";
import { toShopifyJson } from "./rest-json.js";
import { isoUtc, shopLocalTime } from "./time-format.js";

/** Where the simulator serves result files (a stand-in for Shopify's signed storage URLs; no token needed). */
export const BULK_RESULTS_PATH = "/bulk-operation-results";

export function bulkResultUrl(baseUrl: string, op: BulkOperation, partial: boolean): string {
  return `${baseUrl}${BULK_RESULTS_PATH}/${op.legacyResourceId}${partial ? "-partial" : ""}.jsonl`;
}

/**
 * The GraphQL `BulkOperation`. UnsignedInt64 counts are strings, as Shopify sends them; `url` is null
 * when nothing was written or the result expired; `partialDataUrl` only for a FAILED operation that
 * wrote something.
 */
export function bulkOperationView(op: BulkOperation, status: BulkStatus, baseUrl: string) {
  const wrote = op.objectCount > 0;
  return {
    __typename: "BulkOperation",
    id: op.id,
    type: op.type,
    status,
    errorCode: op.errorCode,
    query: op.query,
    createdAt: isoUtc(op.createdAtMs),
    completedAt: op.completedAtMs === null ? null : isoUtc(op.completedAtMs),
    objectCount: String(op.objectCount),
    rootObjectCount: String(op.rootObjectCount),
    fileSize: status === "COMPLETED" && wrote ? String(op.bytes) : null,
    url: status === "COMPLETED" && wrote ? bulkResultUrl(baseUrl, op, false) : null,
    partialDataUrl: status === "FAILED" && wrote ? bulkResultUrl(baseUrl, op, true) : null,
  };
}

/**
 * `bulk_operations/finish` (reference §1.9): lowercase status and error code, no URL (query the
 * operation for it). Timestamps in the shop's offset like other REST payloads [UNCONFIRMED].
 */
export function bulkFinishPayload(op: BulkOperation, timeZone: string): string {
  return toShopifyJson({
    admin_graphql_api_id: op.id,
    completed_at: op.completedAtMs === null ? null : shopLocalTime(op.completedAtMs, timeZone),
    created_at: shopLocalTime(op.createdAtMs, timeZone),
    error_code: op.errorCode?.toLowerCase() ?? null,
    status: op.status.toLowerCase(),
    type: op.type.toLowerCase(),
  });
}
