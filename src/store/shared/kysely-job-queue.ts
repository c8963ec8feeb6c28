import { randomUUID } from "node:crypto";
import { type Kysely, type Selectable, sql } from "kysely";
import type {
  ClaimRequest,
  Job,
  JobFilter,
  JobQueue,
  JobStatus,
  LeasedJob,
  LeaseOutcome,
} from "../../pipeline/job-queue.js";
import type { Database, JobsTable } from "./database.js";
import { enqueueJob, enqueueJobs } from "./enqueue-job.js";
import { decodeCount, decodeJson, decodeOptionalTime, decodeTime } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

const JOB_STATUSES: JobStatus[] = ["pending", "running", "parked", "done"];

/**
 * JobQueue over Kysely for both backends. Claims are one `UPDATE … WHERE id IN (SELECT … LIMIT n)`:
 * on PostgreSQL the inner select takes `FOR UPDATE SKIP LOCKED` (capability flag), on SQLite the
 * statement runs under the database's single writer lock. Every lease-holding call matches the
 * lease token, so a worker whose lease expired and was reclaimed gets "lease-lost".
 */
export function createKyselyJobQueue(deps: { db: Kysely<Database>; profile: StoreProfile }): JobQueue {
  const { db, profile } = deps;
  const time = (now?: Date) => profile.encodeTime(now ?? profile.clock.now());

  return {
    enqueue: (job) => enqueueJob(db, profile, job),
    enqueueMany: (jobs) => enqueueJobs(db, profile, jobs),
    claim,
    complete,
    retry,
    park,
    unpark,
    extendLease,
    list,
    counts,
  };

  async function claim(request: ClaimRequest): Promise<LeasedJob[]> {
    const now = request.now ?? profile.clock.now();
    const at = profile.encodeTime(now);
    const candidates = db
      .selectFrom("jobs")
      .select("id")
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", "pending"), eb("run_at", "<=", at)]),
          eb.and([eb("status", "=", "running"), eb("lease_expires_at", "<=", at)]),
        ]),
      )
      .$if(request.kinds !== undefined, (q) => q.where("kind", "in", request.kinds ?? []))
      .$if(request.tenantId !== undefined, (q) => q.where("tenant_id", "=", request.tenantId ?? ""))
      .orderBy("run_at")
      .orderBy("id")
      .limit(request.limit)
      .$if(profile.supportsSkipLocked, (q) => q.forUpdate().skipLocked());
    const rows = await db
      .updateTable("jobs")
      .set({
        status: "running",
        lease_owner: request.workerId,
        lease_token: randomUUID(),
        lease_expires_at: profile.encodeTime(new Date(now.getTime() + request.leaseMs)),
        updated_at: at,
      })
      .where("id", "in", candidates)
      .returningAll()
      .execute();
    return rows.map(toLeasedJob).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
  }

  async function complete(job: LeasedJob, options: { now?: Date } = {}): Promise<LeaseOutcome> {
    const at = time(options.now);
    const result = await leased(job)
      .set({
        status: sql`case when rerun = 1 then 'pending' else 'done' end`,
        run_at: sql`case when rerun = 1 then ${at} else run_at end`,
        attempts: sql`case when rerun = 1 then 0 else attempts end`,
        rerun: 0,
        ...noLease,
        updated_at: at,
      })
      .executeTakeFirst();
    return outcome(result.numUpdatedRows);
  }

  async function retry(
    job: LeasedJob,
    options: { error: string; runAt: Date; now?: Date },
  ): Promise<LeaseOutcome> {
    const result = await leased(job)
      .set({
        status: "pending",
        attempts: sql`attempts + 1`,
        last_error: options.error,
        run_at: profile.encodeTime(options.runAt),
        rerun: 0,
        ...noLease,
        updated_at: time(options.now),
      })
      .executeTakeFirst();
    return outcome(result.numUpdatedRows);
  }

  async function park(
    job: LeasedJob,
    options: { code: string; reason: string; now?: Date },
  ): Promise<LeaseOutcome> {
    const result = await leased(job)
      .set({
        status: "parked",
        park_code: options.code,
        park_reason: options.reason,
        rerun: 0,
        ...noLease,
        updated_at: time(options.now),
      })
      .executeTakeFirst();
    return outcome(result.numUpdatedRows);
  }

  async function unpark(jobId: string, options: { now?: Date } = {}): Promise<boolean> {
    const at = time(options.now);
    const result = await db
      .updateTable("jobs")
      .set({ status: "pending", run_at: at, attempts: 0, park_code: null, park_reason: null, updated_at: at })
      .where("id", "=", jobId)
      .where("status", "=", "parked")
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async function extendLease(
    job: LeasedJob,
    options: { leaseMs: number; now?: Date },
  ): Promise<LeaseOutcome> {
    const now = options.now ?? profile.clock.now();
    const result = await leased(job)
      .set({
        lease_expires_at: profile.encodeTime(new Date(now.getTime() + options.leaseMs)),
        updated_at: profile.encodeTime(now),
      })
      .executeTakeFirst();
    return outcome(result.numUpdatedRows);
  }

  async function list(filter: JobFilter = {}): Promise<Job[]> {
    const rows = await db
      .selectFrom("jobs")
      .selectAll()
      .$if(filter.status !== undefined, (q) => q.where("status", "=", filter.status ?? ""))
      .$if(filter.tenantId !== undefined, (q) => q.where("tenant_id", "=", filter.tenantId ?? ""))
      .$if(filter.kind !== undefined, (q) => q.where("kind", "=", filter.kind ?? ""))
      .$if(filter.key !== undefined, (q) => q.where("key", "=", filter.key ?? ""))
      .orderBy("run_at")
      .orderBy("id")
      .$if(filter.limit !== undefined, (q) => q.limit(filter.limit ?? 0))
      .execute();
    return rows.map(toJob);
  }

  async function counts(filter: { tenantId?: string } = {}): Promise<Record<JobStatus, number>> {
    const rows = await db
      .selectFrom("jobs")
      .select(["status", (eb) => eb.fn.countAll<string | number>().as("count")])
      .$if(filter.tenantId !== undefined, (q) => q.where("tenant_id", "=", filter.tenantId ?? ""))
      .groupBy("status")
      .execute();
    const result = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
    for (const row of rows) result[row.status as JobStatus] = decodeCount(row.count);
    return result;
  }

  /** An update that only touches the job while this exact lease holds it. */
  function leased(job: LeasedJob) {
    return db
      .updateTable("jobs")
      .where("id", "=", job.id)
      .where("lease_token", "=", job.leaseToken)
      .where("status", "=", "running");
  }
}

const noLease = { lease_owner: null, lease_token: null, lease_expires_at: null } as const;

function outcome(updatedRows: bigint): LeaseOutcome {
  return updatedRows > 0n ? "ok" : "lease-lost";
}

function toJob(row: Selectable<JobsTable>): Job {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    key: row.key,
    payload: decodeJson(row.payload),
    status: row.status as JobStatus,
    runAt: decodeTime(row.run_at),
    attempts: Number(row.attempts),
    lastError: row.last_error,
    parkCode: row.park_code,
    parkReason: row.park_reason,
    rerun: Number(row.rerun) === 1,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: decodeOptionalTime(row.lease_expires_at),
    createdAt: decodeTime(row.created_at),
    updatedAt: decodeTime(row.updated_at),
  };
}

function toLeasedJob(row: Selectable<JobsTable>): LeasedJob {
  const job = toJob(row);
  if (row.lease_token === null || job.leaseExpiresAt === null) {
    throw new Error(`claimed job ${row.id} has no lease`);
  }
  return { ...job, leaseToken: row.lease_token, leaseExpiresAt: job.leaseExpiresAt };
}
