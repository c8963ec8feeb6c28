/**
 * The durable, leased job queue (DESIGN.md §5). Jobs are coalesced per `(tenantId, kind, key)`: at most
 * one pending/running/parked row exists per key, so "sync order X" runs once however many webhooks
 * arrive, and an update that arrives while the job runs is never lost (the job is marked `rerun`).
 *
 * Time is always an argument (`now`) or the store's injected clock; nothing here reads the wall clock.
 */
export interface JobQueue {
  /**
   * Adds a job unless one with the same `(tenantId, kind, key)` is active:
   * pending → its `runAt` moves to the earlier of the two ("coalesced");
   * running → it is marked to run again after it completes ("rerun");
   * parked → left parked for an operator ("parked"; `unpark` re-runs it with fresh data).
   */
  enqueue(job: EnqueueJob): Promise<EnqueueResult>;
  /**
   * `enqueue` for many jobs in one atomic statement (a backfill queues them a page at a time); results
   * in input order. Keep a call to a few hundred jobs: each row is a dozen bound parameters.
   */
  enqueueMany(jobs: EnqueueJob[]): Promise<EnqueueResult[]>;
  /** Leases up to `limit` runnable jobs: pending with `runAt <= now`, or running with an expired lease. */
  claim(request: ClaimRequest): Promise<LeasedJob[]>;
  /** Finishes a job; a job marked `rerun` goes back to pending instead of done. */
  complete(job: LeasedJob, options?: { now?: Date }): Promise<LeaseOutcome>;
  /** Releases the lease for a later attempt: `attempts + 1`, `lastError` kept, runs again at `runAt`. */
  retry(job: LeasedJob, options: { error: string; runAt: Date; now?: Date }): Promise<LeaseOutcome>;
  /** Stops retrying: status `parked` with a stable error code and reason, visible until `unpark`. */
  park(job: LeasedJob, options: { code: string; reason: string; now?: Date }): Promise<LeaseOutcome>;
  /** Makes a parked job pending again (attempts reset). False when no parked job has that id. */
  unpark(jobId: string, options?: { now?: Date }): Promise<boolean>;
  /** Pushes the lease expiry to `now + leaseMs`; "lease-lost" once another worker reclaimed the job. */
  extendLease(job: LeasedJob, options: { leaseMs: number; now?: Date }): Promise<LeaseOutcome>;
  list(filter?: JobFilter): Promise<Job[]>;
  /** Number of jobs per status (every status present, zero when none). */
  counts(filter?: { tenantId?: string }): Promise<Record<JobStatus, number>>;
}

export type JobStatus = "pending" | "running" | "parked" | "done";

export interface EnqueueJob {
  tenantId: string;
  kind: string; // "order-sync", "reconcile", …
  key: string; // coalescing key within the kind, e.g. the order GID
  payload?: unknown; // ids only (STYLE.md §6); JSON, kept from the first enqueue when coalesced
  runAt?: Date; // not before; defaults to now
}

export interface EnqueueResult {
  jobId: string;
  outcome: "created" | "coalesced" | "rerun" | "parked";
}

export interface ClaimRequest {
  workerId: string;
  kinds?: string[]; // all kinds when omitted
  tenantId?: string;
  limit: number;
  leaseMs: number;
  now?: Date;
}

export interface Job {
  id: string;
  tenantId: string;
  kind: string;
  key: string;
  payload: unknown;
  status: JobStatus;
  runAt: Date;
  attempts: number;
  lastError: string | null;
  parkCode: string | null;
  parkReason: string | null;
  rerun: boolean;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A job as returned by `claim`: the token identifies this lease, so a stale worker cannot finish it. */
export interface LeasedJob extends Job {
  leaseToken: string;
  leaseExpiresAt: Date;
}

/** "lease-lost": the lease expired and the job was claimed again (or finished) by someone else. */
export type LeaseOutcome = "ok" | "lease-lost";

export interface JobFilter {
  status?: JobStatus;
  tenantId?: string;
  kind?: string;
  key?: string;
  limit?: number;
}
