import type { AuditLog, OrderReplayedDetail } from "../audit/audit-log.js";
import type { Clock } from "../lib/clock.js";
import type { PostingDocument, PostingStore } from "../posting/posting-store.js";
import type { OrderPreview } from "./backfill-preview.js";
import type { ExceptionRecord } from "./exceptions.js";
import { type ExceptionFilter, narrowsSelection, selectExceptions } from "./exceptions-filter.js";
import type { JobQueue } from "./job-queue.js";
import { ORDER_SYNC } from "./order-sync-job.js";

/** Which exceptions to replay: the filters of `exceptions`, or every one with `all` (never implied). */
export interface ReplaySelector extends ExceptionFilter {
  all?: boolean;
}

export interface ReplayRequest {
  tenantId: string;
  selector: ReplaySelector;
  /** Mandatory for a real run, like a correction's: it goes into the audit trail. */
  reason: string;
  requestedBy: string;
  dryRun: boolean;
}

export type ReplayResult = "unparked" | "retry-now" | "look-up";

/** What a dry run shows: an order mapped as its job would map it now, or a rejected document's own lines. */
export type ReplayPreview =
  | { type: "order"; orderId: string; orderName: string | null; preview: OrderPreview }
  | { type: "document"; record: ExceptionRecord; document: PostingDocument };

export interface ReplayReport {
  dryRun: boolean;
  selected: number;
  /** Replayed (a dry run: would be). */
  replayed: { record: ExceptionRecord; result: ReplayResult }[];
  skipped: { record: ExceptionRecord; why: string }[];
  /** Dry run only, in the order of the selected records, one per order and per rejected document. */
  previews: ReplayPreview[];
}

export type ReplayOutcome = { type: "report"; report: ReplayReport } | { type: "refused"; reason: string };

/** The detail of the `order.replayed` entry: the port's, plus the command's selection and the cause. */
type ReplayedDetail = OrderReplayedDetail & {
  selector: Record<string, unknown>;
  cause: string;
  code: string | null;
};

const OUTSTANDING =
  "JDE's answer is outstanding: the running service looks the document up by itself and re-sends it only if JDE lacks it";

/**
 * `ml-connector replay`: puts selected exceptions back in the running service's hands, recording who
 * asked and why. It never posts: a parked order's job is unparked (the job re-reads the order and the
 * ledger lets only unposted events through), a failing job runs now, a rejected document goes back to
 * `unknown` so the batch sender looks it up before any re-send (PostingStore.requeueRejected). A dry run
 * maps the selected orders as their jobs would and shows rejected documents' lines; it writes nothing.
 */
export function createReplay(deps: {
  exceptions: { list(tenantId: string): Promise<ExceptionRecord[]> };
  jobs: Pick<JobQueue, "unpark" | "enqueue">;
  posting: Pick<PostingStore, "requeueRejected" | "getDocument">;
  audit: Pick<AuditLog, "append">;
  clock: Clock;
  /** Maps an order as its sync job would, writing nothing (dry runs only). */
  previewOrder?: (orderId: string) => Promise<OrderPreview>;
}) {
  return { replay };

  async function replay(request: ReplayRequest): Promise<ReplayOutcome> {
    const { selector } = request;
    if (!selector.all && !narrowsSelection(selector))
      return refused("name what to replay: orders, a cause, a date range, a status, or all");
    if (!request.dryRun && !request.reason.trim()) return refused("a replay needs a reason (--reason)");
    const selected = selectExceptions(await deps.exceptions.list(request.tenantId), selector);
    const report: ReplayReport = {
      dryRun: request.dryRun,
      selected: selected.length,
      replayed: [],
      skipped: [],
      previews: [],
    };
    for (const record of selected) {
      if (record.action === "none") report.skipped.push({ record, why: OUTSTANDING });
      else if (request.dryRun) report.replayed.push({ record, result: resultOf(record) });
      else await replayOne(record, request, report);
    }
    if (request.dryRun) report.previews = await previews(report.replayed.map((r) => r.record));
    return { type: "report", report };
  }

  async function replayOne(record: ExceptionRecord, request: ReplayRequest, report: ReplayReport) {
    const why = await apply(record);
    if (why !== null) {
      report.skipped.push({ record, why });
      return;
    }
    report.replayed.push({ record, result: resultOf(record) });
    // Audited after the change, so the trail never claims a replay that did not happen.
    const { source } = record;
    const detail = {
      reason: request.reason.trim(),
      requestedBy: request.requestedBy,
      scope:
        source.type === "job" ? { kind: "order" } : { kind: "documents", documentKeys: [source.documentKey] },
      selector: selectorDetail(request.selector),
      cause: record.cause,
      code: record.code,
    } satisfies ReplayedDetail;
    await deps.audit.append({
      tenantId: record.tenantId,
      orderId: record.orderId,
      ...(record.orderName ? { orderName: record.orderName } : {}),
      ...(source.type === "document" ? { documentKey: source.documentKey } : {}),
      step: "order.replayed",
      at: deps.clock.now(),
      detail,
    });
  }

  /** Does the replay; null when done, else why not (the record changed since it was listed). */
  async function apply(record: ExceptionRecord): Promise<string | null> {
    const now = deps.clock.now();
    const { source } = record;
    if (source.type === "document")
      return (await deps.posting.requeueRejected(source.documentKey, { now }))
        ? null
        : "no longer rejected (replayed meanwhile?)";
    if (record.action === "unpark")
      return (await deps.jobs.unpark(source.jobId, { now }))
        ? null
        : "no longer parked (replayed meanwhile?)";
    // A pending job's next attempt moves to now; a job that parked meanwhile stays parked.
    const queued = await deps.jobs.enqueue({
      tenantId: record.tenantId,
      kind: ORDER_SYNC,
      key: record.orderId,
      runAt: now,
    });
    return queued.outcome === "parked" ? "parked meanwhile: replay it as a parked order" : null;
  }

  /** One preview per order (its job) and per rejected document, in the records' order. */
  async function previews(records: ExceptionRecord[]): Promise<ReplayPreview[]> {
    const shown: ReplayPreview[] = [];
    const orders = new Set<string>();
    for (const record of records) {
      const { source } = record;
      if (source.type === "document") {
        const document = await deps.posting.getDocument(source.documentKey);
        if (document) shown.push({ type: "document", record, document });
      } else if (!orders.has(record.orderId)) {
        orders.add(record.orderId);
        if (!deps.previewOrder) throw new Error("a replay dry run needs previewOrder");
        const preview = await deps.previewOrder(record.orderId);
        shown.push({ type: "order", orderId: record.orderId, orderName: record.orderName, preview });
      }
    }
    return shown;
  }
}

function resultOf(record: ExceptionRecord): ReplayResult {
  if (record.action === "look-up") return "look-up";
  return record.action === "retry-now" ? "retry-now" : "unparked";
}

/** The selection as the audit keeps it: codes, names, ids and dates only. */
function selectorDetail(selector: ReplaySelector): Record<string, unknown> {
  return {
    ...(selector.all ? { all: true } : {}),
    ...(selector.cause ? { cause: selector.cause } : {}),
    ...(selector.status ? { status: selector.status } : {}),
    ...(selector.orders?.length ? { orders: selector.orders } : {}),
    ...(selector.from ? { from: selector.from.toISOString() } : {}),
    ...(selector.until ? { until: selector.until.toISOString() } : {}),
  };
}

function refused(reason: string): ReplayOutcome {
  return { type: "refused", reason };
}
