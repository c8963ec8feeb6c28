import type { AuditLog } from "../audit/audit-log.js";
import { type CircuitBreaker, CircuitOpenError } from "../lib/circuit-breaker.js";
import type { Clock } from "../lib/clock.js";
import { type ConnectorError, coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import { createWakeableSleep } from "../lib/wakeable-sleep.js";
import type { DocumentOutcome, JournalPoster } from "./journal-poster.js";
import { createPostingAudit } from "./posting-audit.js";
import type { PostingDocument, PostingStore } from "./posting-store.js";
import { type DocumentHeader, toKeyedDocument } from "./to-keyed-document.js";
import { newBatchId } from "./transaction-number.js";

export interface BatchSenderDeps {
  tenantId: string;
  header: DocumentHeader;
  posting: PostingStore;
  poster: JournalPoster;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  maxDocuments: number;
  maxWaitMs: number;
  confirmIntervalMs: number;
  /**
   * A document still "sent" after this long was left by a process that died mid-call: its outcome
   * is unknown and it is looked up like any other (default 120 s, well above the AIS call timeout).
   */
  staleSentMs?: number;
  /** Before each batch: validate the AIS session (DESIGN.md §3); also the circuit's trial call. */
  beforeBatch?: () => Promise<void>;
  /** Summary mode: turns closed days into documents; run on the confirm cadence, before sending. */
  closeSummaries?: () => Promise<unknown>;
  /**
   * Guards every call to JDE. While it is open nothing is sent or looked up: documents wait, durable,
   * as pending rows in the posting store, and the loop only checks back now and then.
   */
  circuit?: CircuitBreaker;
  /**
   * After a call that may still be running in JDE (a timeout or a dropped connection, no answer), a
   * look-up that finds nothing proves nothing for this long: JDE may still be writing the batch.
   * Default 0; the composition root passes twice the call timeout.
   */
  inFlightGraceMs?: number;
}

const CIRCUIT_CHECK_MS = 1000;
const MAX_RETRY_MS = 5000;

const UNRESOLVED = ["sent", "staged", "unknown"] as const;

export type BatchSender = ReturnType<typeof createBatchSender>;

/** Answers about the documents themselves (a field too wide, a 400/422): re-sending cannot help. */
function refusesTheDocuments(error: ConnectorError): boolean {
  if (error.code === "MLC_JDE_FIELD_INVALID") return true;
  const status = error.detail?.status;
  return error.code === "MLC_AIS_REQUEST_FAILED" && (status === 400 || status === 422);
}

/** No answer came back (a timeout, a dropped connection): JDE may still be working on the batch. */
function mayStillBeRunning(error: ConnectorError): boolean {
  return error.retryable && error.detail?.status === undefined && error.detail?.sent !== false;
}

/**
 * One tenant's sender: groups pending documents into batches (one JDE call each), records every
 * outcome, confirms staged documents by reading them back, and re-sends a document whose outcome was
 * unknown only after a look-up proved JDE does not have it. An order's documents go one at a time.
 */
export function createBatchSender(deps: BatchSenderDeps) {
  const idle = createWakeableSleep();
  let running = false;
  let loop: Promise<void> | null = null;
  let failures = 0;
  const provenMissing = new Set<string>();
  // Documents of a batch JDE refused as a whole (a non-retryable error, e.g. a 4xx or a table the
  // writer cannot fill): once a look-up proves JDE does not have them they are rejected, not re-sent.
  const refusedBy = new Map<string, { code: string; description: string }>();
  // Documents whose batch may still be in flight in JDE, with the time before which "not found" is moot.
  const inFlightUntil = new Map<string, number>();
  const record = createPostingAudit({ ...deps, poster: deps.poster.description });

  return { start, stop, wake, sendOnce, confirmOnce };

  function start(): void {
    if (running) return;
    running = true;
    loop = runLoop();
  }

  async function stop(): Promise<void> {
    running = false;
    wake();
    await loop;
  }

  function wake(): void {
    idle.wake();
  }

  async function runLoop(): Promise<void> {
    let lastConfirm = 0;
    while (running) {
      let sent = 0;
      let circuitOpen = false;
      let failed = false;
      // Confirming and sending fail separately: a look-up that keeps failing must not stop new
      // batches, nor a refused batch the read-back of staged ones.
      if (deps.clock.now().getTime() - lastConfirm >= deps.confirmIntervalMs) {
        lastConfirm = deps.clock.now().getTime();
        try {
          await deps.closeSummaries?.();
          await confirmOnce();
        } catch (error) {
          if (error instanceof CircuitOpenError) circuitOpen = true;
          else failed = report(error, "confirm.failed");
        }
      }
      if (!circuitOpen) {
        try {
          sent = await sendOnce();
        } catch (error) {
          if (error instanceof CircuitOpenError) circuitOpen = true;
          else failed = report(error, "batch.failed");
        }
      }
      if (!failed && !circuitOpen) failures = 0;
      if (!running) break;
      // The circuit breaker owns long waits; this backoff only spaces out repeated refusals.
      if (circuitOpen) await idle.sleep(CIRCUIT_CHECK_MS);
      else if (failed) await idle.sleep(Math.min(MAX_RETRY_MS, 250 * 2 ** failures));
      else if (sent === 0) await idle.sleep(deps.confirmIntervalMs);
    }
  }

  function report(error: unknown, event: string): true {
    failures += 1;
    deps.log.warn({ err: coerceError(error), failures }, event);
    return true;
  }

  /** Sends at most one batch; returns how many documents it carried. */
  async function sendOnce(): Promise<number> {
    const ready = await readyDocuments();
    if (ready.length === 0) return 0;
    if (ready.length < deps.maxDocuments && deps.maxWaitMs > 0) {
      const oldest = Math.min(...ready.map((d) => d.updatedAt.getTime()));
      const waitMs = oldest + deps.maxWaitMs - deps.clock.now().getTime();
      if (waitMs > 0) {
        await idle.sleep(waitMs);
        return running ? sendOnce() : 0;
      }
    }
    // The session check goes first and through the circuit: while JDE is down it throws here, before
    // the documents are marked sent, so they stay pending instead of becoming "unknown".
    await guarded(deps.beforeBatch ?? (async () => undefined));
    // A re-sent document keeps its first EDBT: should the first attempt still commit after all, the
    // F0911Z1 key (EDUS, EDTN, EDLN, EDBT) refuses the second instead of staging a twin.
    const batchId =
      ready[0]?.status === "unknown" && ready[0].batchId ? ready[0].batchId : newBatchId(deps.clock.now());
    const keys = ready.map((d) => d.key);
    await deps.posting.markSent(keys, batchId, { now: deps.clock.now() });
    for (const key of keys) provenMissing.delete(key);
    const keyed = ready.map((d) => toKeyedDocument(d, deps.header));
    await record.sent(batchId, ready, keyed);
    let outcomes: DocumentOutcome[];
    try {
      outcomes = await guarded(() => deps.poster.postBatch({ batchId, documents: keyed }));
    } catch (error) {
      // The call may or may not have reached JDE: the documents are "unknown" until a look-up says.
      for (const key of keys)
        await deps.posting.markOutcome(key, { status: "unknown" }, { now: deps.clock.now() });
      const failure = coerceError(error);
      if (refusesTheDocuments(failure))
        for (const key of keys) refusedBy.set(key, { code: failure.code, description: failure.message });
      if (mayStillBeRunning(failure) && (deps.inFlightGraceMs ?? 0) > 0)
        for (const key of keys)
          inFlightUntil.set(key, deps.clock.now().getTime() + (deps.inFlightGraceMs ?? 0));
      // Last: the bookkeeping above must hold even if the audit write fails.
      await record.failed(batchId, ready, failure);
      throw error;
    }
    await recordOutcomes(ready, outcomes, batchId);
    return ready.length;
  }

  /** An unknown document is matched against the ledger: tell the look-up which DOCs its order already owns. */
  async function withConfirmedTwins(document: PostingDocument) {
    const keyed = toKeyedDocument(document, deps.header);
    if (document.status !== "unknown") return keyed;
    const siblings = await deps.posting.listDocuments({ tenantId: deps.tenantId, orderId: document.orderId });
    const confirmedTwins = siblings
      .filter((other) => other.key !== document.key && other.documentNumber)
      .map((other) => Number(other.documentNumber));
    return confirmedTwins.length > 0 ? { ...keyed, confirmedTwins } : keyed;
  }

  function guarded<T>(work: () => Promise<T>): Promise<T> {
    return deps.circuit ? deps.circuit.run(work) : work();
  }

  /** "sent" rows older than any call of ours: a crash between send and answer left them behind. */
  async function adoptStaleSent(): Promise<void> {
    const cutoff = deps.clock.now().getTime() - (deps.staleSentMs ?? 120_000);
    const sent = await deps.posting.documentsAwaiting(deps.tenantId, ["sent"]);
    for (const document of sent.filter((d) => d.updatedAt.getTime() < cutoff)) {
      await deps.posting.markOutcome(document.key, { status: "unknown" }, { now: deps.clock.now() });
      await record.outcome(document, "unknown", { via: "stale-sent" });
      deps.log.warn({ edtn: document.edtn, batchId: document.batchId }, "document.outcome_unknown");
    }
  }

  async function readyDocuments(): Promise<PostingDocument[]> {
    const unresolved = await deps.posting.documentsAwaiting(deps.tenantId, [...UNRESOLVED]);
    const blockedOrders = new Set(unresolved.filter((d) => !provenMissing.has(d.key)).map((d) => d.orderId));
    // Re-sends go alone, one earlier batch at a time, so each keeps its first batch id (EDBT).
    const resend = unresolved.filter((d) => provenMissing.has(d.key));
    if (resend.length > 0)
      return resend.filter((d) => d.batchId === resend[0]!.batchId).slice(0, deps.maxDocuments);
    const pending = await deps.posting.pendingDocuments(deps.tenantId, deps.maxDocuments * 4);
    const chosen: PostingDocument[] = [];
    const taken = new Set(chosen.map((d) => d.orderId));
    for (const document of pending) {
      if (chosen.length >= deps.maxDocuments) break;
      if (blockedOrders.has(document.orderId) || taken.has(document.orderId)) continue;
      chosen.push(document);
      taken.add(document.orderId);
    }
    return chosen;
  }

  async function recordOutcomes(
    documents: PostingDocument[],
    outcomes: DocumentOutcome[],
    batchId: string,
  ): Promise<void> {
    const byEdtn = new Map(outcomes.map((o) => [o.transactionNumber, o]));
    for (const document of documents) {
      const outcome = byEdtn.get(document.edtn);
      const status = outcome?.status === "not-found" || !outcome ? "unknown" : outcome.status;
      await deps.posting.markOutcome(
        document.key,
        {
          status,
          ...(outcome?.documentNumber !== undefined
            ? { documentNumber: String(outcome.documentNumber) }
            : {}),
          ...(outcome?.batchNumber !== undefined ? { batchNumber: String(outcome.batchNumber) } : {}),
          ...(outcome?.errors ? { errors: outcome.errors } : {}),
        },
        { now: deps.clock.now() },
      );
      await record.outcome(document, status, { via: "batch", answer: outcome, batchId });
      if (status === "rejected")
        deps.log.warn({ edtn: document.edtn, errors: outcome?.errors }, "document.rejected");
    }
  }

  /** Reads back staged and unknown documents: confirmed, rejected, still waiting, or proven missing. */
  async function confirmOnce(): Promise<void> {
    await adoptStaleSent();
    const waiting = (await deps.posting.documentsAwaiting(deps.tenantId, ["staged", "unknown"])).filter(
      (d) => !provenMissing.has(d.key),
    );
    // A batch's worth per look-up: thousands of keys in one data-service request outlast any timeout,
    // and a look-up that always times out would keep the circuit open for ever.
    for (let start = 0; start < waiting.length; start += deps.maxDocuments)
      await confirmChunk(waiting.slice(start, start + deps.maxDocuments));
  }

  async function confirmChunk(waiting: PostingDocument[]): Promise<void> {
    const keyed = await Promise.all(waiting.map(async (d) => withConfirmedTwins(d)));
    const outcomes = await guarded(() => deps.poster.lookup(keyed));
    const byEdtn = new Map(outcomes.map((o) => [o.transactionNumber, o]));
    for (const document of waiting) {
      const outcome = byEdtn.get(document.edtn);
      if (!outcome) continue;
      if (outcome.status === "accepted") {
        await deps.posting.markOutcome(
          document.key,
          {
            status: "confirmed",
            ...(outcome.documentNumber !== undefined
              ? { documentNumber: String(outcome.documentNumber) }
              : {}),
            ...(outcome.batchNumber !== undefined ? { batchNumber: String(outcome.batchNumber) } : {}),
          },
          { now: deps.clock.now() },
        );
        await record.outcome(document, "confirmed", { via: "lookup", answer: outcome });
      } else if (outcome.status === "rejected") {
        await deps.posting.markOutcome(
          document.key,
          { status: "rejected", errors: outcome.errors ?? [] },
          { now: deps.clock.now() },
        );
        await record.outcome(document, "rejected", { via: "lookup", answer: outcome });
      } else if (outcome.status === "not-found" && document.status === "staged") {
        // JDE said it staged the rows, and now they are gone without a ledger entry: deleted in
        // P0911Z1, or purged without the reference. Someone must look; nothing is re-sent blindly.
        const reason = {
          code: "MLC_JDE_BATCH_UNPROCESSED",
          description: `the staged F0911Z1 rows of ${document.edtn} (batch ${document.batchId}) are gone and no F0911 document carries its reference: deleted in P0911Z1 or purged?`,
        };
        await deps.posting.markOutcome(
          document.key,
          { status: "rejected", errors: [reason] },
          { now: deps.clock.now() },
        );
        await record.outcome(document, "rejected", { via: "lookup", answer: outcome, errors: [reason] });
        deps.log.warn({ edtn: document.edtn, error: reason }, "document.rejected");
      } else if (outcome.status === "staged" && document.status === "unknown") {
        await deps.posting.markOutcome(document.key, { status: "staged" }, { now: deps.clock.now() });
        await record.outcome(document, "staged", { via: "lookup", answer: outcome });
      } else if (outcome.status === "not-found" && document.status === "unknown") {
        if ((inFlightUntil.get(document.key) ?? 0) > deps.clock.now().getTime()) continue;
        inFlightUntil.delete(document.key);
        const refusal = refusedBy.get(document.key);
        if (refusal) {
          refusedBy.delete(document.key);
          await deps.posting.markOutcome(
            document.key,
            { status: "rejected", errors: [refusal] },
            { now: deps.clock.now() },
          );
          await record.outcome(document, "rejected", { via: "lookup", answer: outcome, errors: [refusal] });
          deps.log.warn({ edtn: document.edtn, error: refusal }, "document.rejected");
          continue;
        }
        provenMissing.add(document.key);
        await record.resend(document);
        deps.log.info({ edtn: document.edtn }, "document.resend");
      }
    }
  }
}
