import type { ExpressionBuilder, Kysely } from "kysely";
import type { AuditQuery } from "../../audit/audit-log.js";
import { ORDER_SYNC } from "../../pipeline/order-sync-job.js";
import type { Database } from "./database.js";
import type { StoreProfile } from "./store-profile.js";

type AuditExpressions = ExpressionBuilder<Database, "audit_log">;

/**
 * The SELECT behind `AuditLog.query`, exported so a test can read its plan on both backends. Each
 * filter is one condition on a column with an index of migration 0001/0007 (order id, order name,
 * batch id, document key, tenant + at, tenant + step); JDE numbers and statuses are resolved through
 * sub-selects on the indexed posting_documents and jobs columns, so no id list is ever bound.
 */
export function selectAuditRows(db: Kysely<Database>, profile: StoreProfile, filter: AuditQuery) {
  const { tenantId } = filter;
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .$if(filter.orderId !== undefined, (q) => q.where("order_id", "=", filter.orderId ?? ""))
    .$if(filter.orderName !== undefined, (q) => q.where("order_name", "=", filter.orderName ?? ""))
    .$if(filter.step !== undefined, (q) => q.where("step", "=", filter.step ?? ""))
    .$if(filter.from !== undefined, (q) =>
      q.where("at", ">=", profile.encodeTime(filter.from ?? new Date(0))),
    )
    .$if(filter.to !== undefined, (q) => q.where("at", "<", profile.encodeTime(filter.to ?? new Date(0))))
    .$if(filter.documentNumber !== undefined, (q) =>
      q.where((eb) => documentsAndTheirOrders(eb, tenantId, "document_number", filter.documentNumber ?? "")),
    )
    .$if(filter.batchNumber !== undefined, (q) =>
      q.where((eb) => entriesOfBatch(eb, tenantId, filter.batchNumber ?? "")),
    )
    .$if(filter.status !== undefined && filter.status !== "parked", (q) =>
      q.where((eb) => documentsAndTheirOrders(eb, tenantId, "status", filter.status ?? "")),
    )
    .$if(filter.status === "parked", (q) =>
      q.where("order_id", "in", (eb) =>
        eb
          .selectFrom("jobs")
          .select("key")
          .where("tenant_id", "=", tenantId)
          .where("kind", "=", ORDER_SYNC)
          .where("status", "=", "parked")
          // Repeats the partial index's predicate (jobs_active_key): SQLite uses a partial index only
          // when the query states its condition.
          .where("status", "<>", "done"),
      ),
    )
    .$if(filter.afterId !== undefined, (q) => q.where("id", ">", Number(filter.afterId)))
    .orderBy("id")
    .limit(filter.limit);
}

/**
 * Entries of the documents matching `column = value`, and every entry of those documents' orders.
 * Written as a UNION of id look-ups, one per index: an OR of the two conditions makes both planners
 * read the whole audit_log and filter it.
 */
function documentsAndTheirOrders(
  eb: AuditExpressions,
  tenantId: string,
  column: "document_number" | "status",
  value: string,
) {
  const documents = () =>
    eb.selectFrom("posting_documents").where("tenant_id", "=", tenantId).where(column, "=", value);
  return eb(
    "id",
    "in",
    // Summary documents have no order of their own (`summary:<day>`): their entries, and each included
    // order's `summary.included`, are found by key. Keys are unique across tenants (`tenant/EDTN`).
    idsOf(eb)
      .where("document_key", "in", documents().select("document_key"))
      .union(
        idsOf(eb).where("tenant_id", "=", tenantId).where("order_id", "in", documents().select("order_id")),
      ),
  );
}

/**
 * A connector batch id (EDBT) as given, or a JDE batch number (ICU): the entries of the documents JDE
 * put in it, and of the connector batches that carried them (`batch.sent`). A UNION, as above; the
 * outer query keeps the tenant's rows.
 */
function entriesOfBatch(eb: AuditExpressions, tenantId: string, batchNumber: string) {
  const inJdeBatch = () =>
    eb
      .selectFrom("posting_documents")
      .where("tenant_id", "=", tenantId)
      .where("batch_number", "=", batchNumber);
  return eb(
    "id",
    "in",
    idsOf(eb)
      .where("batch_id", "=", batchNumber)
      .union(idsOf(eb).where("batch_id", "in", inJdeBatch().select("batch_id")))
      .union(idsOf(eb).where("document_key", "in", inJdeBatch().select("document_key"))),
  );
}

function idsOf(eb: AuditExpressions) {
  return eb.selectFrom("audit_log as matched").select("matched.id");
}
