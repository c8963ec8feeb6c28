import { Readable } from "node:stream";
import type { GraphQLSchema } from "graphql";
import { bulkJsonlBatches, bulkJsonlStream, type JsonlSource } from "./bulk-jsonl.js";
import { type BulkUserError, planBulkQuery } from "./bulk-query-plan.js";
import { gid } from "./id-allocator.js";
import { parseOrderQuery, sortOrders } from "./order-search.js";
import type { OrderStore } from "./order-store.js";
import type { SimOrder } from "./types.js";

export type BulkStatus =
  | "CREATED"
  | "RUNNING"
  | "COMPLETED"
  | "CANCELING"
  | "CANCELED"
  | "FAILED"
  | "EXPIRED";
export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

/** How fast simulated bulk operations move: CREATED for `startDelayMs`, then RUNNING in slices. */
export interface BulkTiming {
  startDelayMs: number;
  /** pause between slices */
  sliceDelayMs: number;
  /** root objects per slice (objectCount grows by about this much per slice) */
  rootsPerSlice: number;
  /**
   * A stalled result download (not Shopify behaviour; for client timeouts): serve this many bytes of
   * the file, then nothing more until the client hangs up. 0 holds back even the response headers.
   * null (the default) serves the whole file.
   */
  resultStallAfterBytes: number | null;
}

export interface BulkOperation {
  id: string;
  legacyResourceId: string;
  shop: string;
  type: "QUERY";
  query: string;
  groupObjects: boolean;
  status: BulkStatus;
  errorCode: BulkErrorCode | null;
  createdAtMs: number;
  completedAtMs: number | null;
  objectCount: number;
  rootObjectCount: number;
  /** bytes of the JSONL written so far */
  bytes: number;
  /** why the simulator failed the operation (not part of Shopify's API) */
  simulatorError: string | null;
}

export interface BulkRunRequest {
  shop: string;
  query: string;
  groupObjects: boolean;
  schema: GraphQLSchema;
  /** the orders as the requesting token sees them */
  store: OrderStore;
  /** false → the operation FAILS with ACCESS_DENIED once it runs (missing read_orders) */
  mayReadOrders: boolean;
  personalData: boolean;
}

interface Running {
  op: BulkOperation;
  source: JsonlSource | null;
  batches: Generator<{ lines: string[]; roots: number }> | null;
  cancelRequested: boolean;
  failRequested: BulkErrorCode | null;
  waiters: (() => void)[];
}

const ACTIVE: readonly BulkStatus[] = ["CREATED", "RUNNING", "CANCELING"];
export const RESULT_LIFETIME_MS = 7 * 86_400_000;

/**
 * Shopify's bulk query operations (reference §3.7, §7.2 item 7): one running query per shop (app),
 * CREATED → RUNNING → COMPLETED | FAILED | CANCELED over real timers, counts growing while it runs,
 * a JSONL result generated again from the orders on each download (never held in memory), and
 * `onFinish` for the `bulk_operations/finish` webhook. The result reflects orders as they are when
 * downloaded, not a snapshot of when the operation ran; the set and order of root objects is fixed
 * when it starts.
 */
export function createBulkOperations(deps: {
  nowMs: () => number;
  timing?: Partial<BulkTiming>;
  onFinish: (op: BulkOperation) => void;
}) {
  let timing: BulkTiming = {
    startDelayMs: 10,
    sliceDelayMs: 0,
    rootsPerSlice: 2000,
    resultStallAfterBytes: null,
    ...deps.timing,
  };
  const operations: Running[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let nextId = 4_412_345_678_001;

  return { run, cancel, fail, get, current, list, openResult, statusOf, finished, setTiming, close };

  function setTiming(next: Partial<BulkTiming>): void {
    timing = { ...timing, ...next };
  }

  /** `bulkOperationRunQuery`: a new operation, or userErrors (invalid query, OPERATION_IN_PROGRESS). */
  function run(
    req: BulkRunRequest,
  ): { ok: true; op: BulkOperation } | { ok: false; userErrors: BulkUserError[] } {
    const planned = planBulkQuery(req.schema, req.query);
    if (!planned.ok) return planned;
    const busy = operations.find((r) => r.op.shop === req.shop && ACTIVE.includes(r.op.status));
    if (busy) {
      const message = `A bulk query operation for this app and shop is already in progress: ${busy.op.id}.`;
      return { ok: false, userErrors: [{ field: null, message, code: "OPERATION_IN_PROGRESS" }] };
    }
    const legacyResourceId = String(nextId++);
    const op: BulkOperation = {
      id: gid("BulkOperation", legacyResourceId),
      legacyResourceId,
      shop: req.shop,
      type: "QUERY",
      query: req.query,
      groupObjects: req.groupObjects,
      status: "CREATED",
      errorCode: null,
      createdAtMs: deps.nowMs(),
      completedAtMs: null,
      objectCount: 0,
      rootObjectCount: 0,
      bytes: 0,
      simulatorError: null,
    };
    const running: Running = {
      op,
      source: null,
      batches: null,
      cancelRequested: false,
      failRequested: null,
      waiters: [],
    };
    operations.push(running);
    later(() => start(running, req, planned.plan), timing.startDelayMs);
    return { ok: true, op };
  }

  function start(r: Running, req: BulkRunRequest, plan: JsonlSource["plan"]) {
    if (r.cancelRequested) return end(r, "CANCELED");
    r.op.status = "RUNNING";
    if (!req.mayReadOrders) return end(r, "FAILED", "ACCESS_DENIED");
    const args = plan.rootArgs;
    let orders: SimOrder[] = sortOrders(
      req.store.list(req.shop).filter(parseOrderQuery(args.query)),
      args.sortKey,
    );
    if (args.reverse) orders = orders.reverse();
    r.source = {
      plan,
      schema: req.schema,
      orders,
      groupObjects: req.groupObjects,
      personalData: req.personalData,
    };
    r.batches = bulkJsonlBatches(r.source);
    later(() => slice(r), timing.sliceDelayMs);
  }

  function slice(r: Running) {
    if (r.cancelRequested) return end(r, "CANCELED");
    if (r.failRequested) return end(r, "FAILED", r.failRequested);
    let roots = 0;
    try {
      while (roots < timing.rootsPerSlice) {
        const next = r.batches!.next();
        if (next.done) return end(r, "COMPLETED");
        roots += next.value.roots;
        r.op.rootObjectCount += next.value.roots;
        r.op.objectCount += next.value.lines.length;
        for (const line of next.value.lines) r.op.bytes += Buffer.byteLength(line) + 1;
      }
    } catch (e) {
      r.op.simulatorError = (e as Error).message;
      return end(r, "FAILED", "INTERNAL_SERVER_ERROR");
    }
    later(() => slice(r), timing.sliceDelayMs);
  }

  function end(r: Running, status: BulkStatus, errorCode: BulkErrorCode | null = null): void {
    Object.assign(r.op, { status, errorCode, completedAtMs: deps.nowMs() });
    r.batches = null;
    deps.onFinish(r.op);
    for (const w of r.waiters.splice(0)) w();
  }

  /** `bulkOperationCancel`: CANCELING now, CANCELED at the next step. */
  function cancel(
    shop: string,
    id: string,
  ): { ok: true; op: BulkOperation } | { ok: false; message: string } {
    const r = find(shop, id);
    if (!r) return { ok: false, message: "Bulk operation does not exist" };
    if (!ACTIVE.includes(r.op.status))
      return {
        ok: false,
        message: `A bulk operation cannot be canceled when it is ${statusOf(r.op).toLowerCase()}`,
      };
    r.cancelRequested = true;
    r.op.status = "CANCELING";
    return { ok: true, op: r.op };
  }

  /** Test hook: the shop's running operation fails at its next step (partial data stays readable). */
  function fail(shop: string, errorCode: BulkErrorCode = "INTERNAL_SERVER_ERROR"): boolean {
    const r = operations.find((x) => x.op.shop === shop && ACTIVE.includes(x.op.status));
    if (r) r.failRequested = errorCode;
    return r !== undefined;
  }

  function find(shop: string, id: string): Running | undefined {
    return operations.find((r) => r.op.shop === shop && r.op.id === id);
  }

  function get(shop: string, id: string): BulkOperation | undefined {
    return find(shop, id)?.op;
  }

  /** `currentBulkOperation`: the shop's most recent operation of the type. */
  function current(shop: string, type: string = "QUERY"): BulkOperation | undefined {
    return operations.findLast((r) => r.op.shop === shop && r.op.type === type)?.op;
  }

  function list(shop: string): BulkOperation[] {
    return operations.filter((r) => r.op.shop === shop).map((r) => r.op);
  }

  /** COMPLETED becomes EXPIRED seven days (simulated clock) after completion: the URL no longer works. */
  function statusOf(op: BulkOperation): BulkStatus {
    const expired = op.status === "COMPLETED" && deps.nowMs() - (op.completedAtMs ?? 0) > RESULT_LIFETIME_MS;
    return expired ? "EXPIRED" : op.status;
  }

  /** The result file (`partial`: what a FAILED operation wrote), or undefined when there is none. */
  function openResult(legacyResourceId: string, partial: boolean): Readable | undefined {
    const r = operations.find((x) => x.op.legacyResourceId === legacyResourceId);
    if (!r?.source || r.op.objectCount === 0) return undefined;
    const status = statusOf(r.op);
    if (partial ? status !== "FAILED" : status !== "COMPLETED") return undefined;
    const file = bulkJsonlStream(r.source, r.op.rootObjectCount);
    return timing.resultStallAfterBytes === null ? file : stallAfter(file, timing.resultStallAfterBytes);
  }

  /** Resolves when the operation reaches a final state. */
  function finished(shop: string, id: string): Promise<BulkOperation> {
    const r = find(shop, id);
    if (!r) return Promise.reject(new Error(`simulator: shop ${shop} has no bulk operation ${id}`));
    if (!ACTIVE.includes(r.op.status)) return Promise.resolve(r.op);
    return new Promise((resolve) => r.waiters.push(() => resolve(r.op)));
  }

  function later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }

  function close(): void {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  }
}

export type BulkOperations = ReturnType<typeof createBulkOperations>;

/**
 * The first `bytes` of `file`, then silence: never ending, so the reader waits until it gives up. The
 * HTTP layer sends headers with the first byte, so 0 stalls before the headers. Destroying the
 * result (the client hung up) destroys the file.
 */
function stallAfter(file: Readable, bytes: number): Readable {
  let sent = 0;
  const out = new Readable({
    read: () => void file.resume(),
    destroy: (error, callback) => {
      file.destroy();
      callback(error);
    },
  });
  file.on("data", (chunk: Buffer | string) => {
    const part = Buffer.from(chunk).subarray(0, Math.max(0, bytes - sent));
    sent += part.length;
    if (part.length > 0 && !out.push(part)) file.pause();
    if (sent >= bytes) file.destroy();
  });
  // Shorter than the stall point: served whole. (`end` can still follow a destroy in the same tick.)
  file.on("end", () => {
    if (sent < bytes) out.push(null);
  });
  return out;
}
