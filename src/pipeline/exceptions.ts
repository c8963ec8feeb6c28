import type { AuditLog } from "../audit/audit-log.js";
import type { Clock } from "../lib/clock.js";
import type { DocumentKind, PostingDocument, PostingStore } from "../posting/posting-store.js";
import { causeOf, codeOfError, type ExceptionCause } from "./exceptions-cause.js";
import type { Job, JobQueue } from "./job-queue.js";
import { ORDER_SYNC } from "./order-sync-job.js";

export const EXCEPTION_STATUSES = ["parked", "rejected", "unknown", "retrying"] as const;
/**
 * `parked`: an order-sync job stopped for an operator; `rejected`: JDE refused a document; `unknown`:
 * JDE's answer to a sent document is outstanding for long; `retrying`: an order-sync job keeps failing.
 */
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/**
 * What `ml-connector replay` does with a record:
 * - `unpark`: the order-sync job runs again — re-reads Shopify, maps again, records only events not posted;
 * - `retry-now`: the failing job's next attempt moves to now;
 * - `look-up`: the rejected document goes back to `unknown`; the service looks it up in JDE and re-sends
 *   it (as recorded) only if JDE holds none of it;
 * - `none`: nothing to replay — the service looks the document up by itself.
 */
export type ReplayAction = "unpark" | "retry-now" | "look-up" | "none";

export interface ExceptionRecord {
  tenantId: string;
  status: ExceptionStatus;
  cause: ExceptionCause;
  orderId: string;
  /** "#1042" from the order's documents or audit trail; null when the order was never read. */
  orderName: string | null;
  /** When the exception arose: parked, rejected or last sent at; a retrying job's creation. */
  since: Date;
  /** The park code, the last error's code, or JDE's first error code; null for an outstanding answer. */
  code: string | null;
  reason: string;
  action: ReplayAction;
  source:
    | { type: "job"; jobId: string; attempts: number }
    | { type: "document"; documentKey: string; edtn: string; glDate: string; kind: DocumentKind };
}

export interface ExceptionThresholds {
  /** A pending order-sync job is an exception from this many failed attempts on. */
  retryingAttempts: number;
  /** A document `sent` or `unknown` for longer than this is an exception. */
  unresolvedMs: number;
}

/** Three failed attempts are several minutes of backoff; a healthy look-up settles in seconds. */
export const DEFAULT_THRESHOLDS: ExceptionThresholds = { retryingAttempts: 3, unresolvedMs: 15 * 60_000 };

/** Audit entries read to find the name of an order that has no document: its trail starts with it. */
const NAME_ENTRIES = 10;

/**
 * A tenant's exceptions, oldest first: parked order-sync jobs, order-sync jobs failing again and again,
 * rejected documents and documents whose JDE answer is long outstanding, each with its cause. Reads only.
 */
export function createExceptionList(deps: {
  jobs: Pick<JobQueue, "list">;
  posting: Pick<PostingStore, "documentsAwaiting">;
  audit: Pick<AuditLog, "query">;
  clock: Clock;
  thresholds?: Partial<ExceptionThresholds>;
}) {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...deps.thresholds };
  return { list };

  async function list(tenantId: string): Promise<ExceptionRecord[]> {
    // Hazard: the queue cannot filter on attempts, so every pending job of the tenant is read to find
    // the few failing ones — during a large backfill that is its whole backlog.
    const [parked, pending, documents] = await Promise.all([
      deps.jobs.list({ tenantId, kind: ORDER_SYNC, status: "parked" }),
      deps.jobs.list({ tenantId, kind: ORDER_SYNC, status: "pending" }),
      deps.posting.documentsAwaiting(tenantId, ["rejected", "sent", "unknown"]),
    ]);
    const outstandingBefore = deps.clock.now().getTime() - thresholds.unresolvedMs;
    const retrying = pending.filter((job) => job.attempts >= thresholds.retryingAttempts && job.lastError);
    const stuck = documents.filter(
      (d) => d.status === "rejected" || d.updatedAt.getTime() < outstandingBefore,
    );
    const names = await orderNames(tenantId, [...parked, ...retrying], documents);
    const records = [
      ...parked.map((job) => fromParkedJob(job, names.get(job.key) ?? null)),
      ...retrying.map((job) => fromRetryingJob(job, names.get(job.key) ?? null)),
      ...stuck.map(fromDocument),
    ];
    return records.sort((a, b) => a.since.getTime() - b.since.getTime() || compare(a.orderId, b.orderId));
  }

  /** From the order's unsettled documents, else from its audit trail (a parked order may have no document). */
  async function orderNames(tenantId: string, jobs: Job[], documents: PostingDocument[]) {
    const names = new Map(documents.map((d) => [d.orderId, d.orderName]));
    for (const orderId of new Set(jobs.map((job) => job.key))) {
      if (names.has(orderId)) continue;
      const entries = await deps.audit.query({ tenantId, orderId, limit: NAME_ENTRIES });
      const name = entries.find((entry) => entry.orderName !== null)?.orderName;
      if (name) names.set(orderId, name);
    }
    return names;
  }
}

function fromParkedJob(job: Job, orderName: string | null): ExceptionRecord {
  return {
    ...fromJob(job, orderName),
    status: "parked",
    cause: causeOf(job.parkCode ? [job.parkCode] : []),
    since: job.updatedAt,
    code: job.parkCode,
    reason: job.parkReason ?? "",
    action: "unpark",
  };
}

function fromRetryingJob(job: Job, orderName: string | null): ExceptionRecord {
  const code = codeOfError(job.lastError);
  return {
    ...fromJob(job, orderName),
    status: "retrying",
    cause: causeOf(code ? [code] : []),
    // The job records no first failure; it failed from its first attempts on.
    since: job.createdAt,
    code,
    reason: `${job.attempts} attempts; last: ${job.lastError ?? ""}`,
    action: "retry-now",
  };
}

function fromJob(job: Job, orderName: string | null) {
  return {
    tenantId: job.tenantId,
    orderId: job.key,
    orderName,
    source: { type: "job" as const, jobId: job.id, attempts: job.attempts },
  };
}

function fromDocument(document: PostingDocument): ExceptionRecord {
  const base = {
    tenantId: document.tenantId,
    orderId: document.orderId,
    orderName: document.orderName,
    since: document.updatedAt,
    source: {
      type: "document" as const,
      documentKey: document.key,
      edtn: document.edtn,
      glDate: document.glDate,
      kind: document.kind,
    },
  };
  if (document.status !== "rejected")
    return {
      ...base,
      status: "unknown",
      // JDE's answer stays outstanding only while the look-ups fail: AIS (or the JDE database) is out of reach.
      cause: "ais_unavailable",
      code: null,
      reason: `JDE's answer to ${document.edtn} (batch ${document.batchId ?? "-"}) is outstanding: ${document.status} since ${document.updatedAt.toISOString()}`,
      action: "none",
    };
  const codes = document.errors.map((error) => error.code);
  return {
    ...base,
    status: "rejected",
    // A rejection without JDE's reasons is still JDE's refusal of the document.
    cause: codes.length > 0 ? causeOf(codes) : "jde_edit_error",
    code: codes[0] ?? null,
    reason: document.errors.map((error) => `${error.code}: ${error.description}`).join("; ") || "rejected",
    action: "look-up",
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
