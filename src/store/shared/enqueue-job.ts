import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { EnqueueJob, EnqueueResult } from "../../pipeline/job-queue.js";
import type { Database } from "./database.js";
import { encodeJson } from "./row-codecs.js";
import type { StoreProfile } from "./store-profile.js";

/**
 * The coalescing enqueue as ONE multi-row UPSERT against the partial unique index
 * `(tenant_id, kind, key) WHERE status <> 'done'`: atomic on both backends, and usable inside a
 * caller's transaction (the inbox enqueues a whole group's jobs in its own). Jobs repeating a key in
 * the same call are merged first (earliest `runAt`), since one statement may not touch a row twice.
 * Ids are generated here: a returned id that is ours means inserted; otherwise the existing row's
 * status says what happened to it. Results are in input order.
 */
export async function enqueueJobs(
  db: Kysely<Database>,
  profile: StoreProfile,
  jobs: EnqueueJob[],
): Promise<EnqueueResult[]> {
  if (jobs.length === 0) return [];
  const now = profile.clock.now();
  const merged = mergeByKey(jobs, now);
  const rows = await db
    .insertInto("jobs")
    .values(
      [...merged.values()].map(({ job, id, runAt }) => ({
        id,
        tenant_id: job.tenantId,
        kind: job.kind,
        key: job.key,
        payload: encodeJson(job.payload ?? null),
        status: "pending",
        run_at: profile.encodeTime(runAt),
        attempts: 0,
        rerun: 0,
        created_at: profile.encodeTime(now),
        updated_at: profile.encodeTime(now),
      })),
    )
    .onConflict((conflict) =>
      conflict
        .columns(["tenant_id", "kind", "key"])
        .where("status", "<>", sql.lit("done"))
        .doUpdateSet({
          run_at: sql`case when jobs.status = 'pending' and excluded.run_at < jobs.run_at
                      then excluded.run_at else jobs.run_at end`,
          rerun: sql`case when jobs.status = 'running' then 1 else jobs.rerun end`,
          updated_at: sql`excluded.updated_at`,
        }),
    )
    .returning(["id", "tenant_id", "kind", "key", "status"])
    .execute();
  const byKey = new Map(rows.map((row) => [keyOf(row.tenant_id, row.kind, row.key), row]));
  return jobs.map((job, index): EnqueueResult => {
    const key = keyOf(job.tenantId, job.kind, job.key);
    const row = byKey.get(key);
    const group = merged.get(key);
    if (!row || !group) throw new Error(`enqueue returned no row for ${key}`);
    const outcome = outcomeOf(row, group.id);
    return {
      jobId: row.id,
      outcome: outcome === "created" && group.firstIndex !== index ? "coalesced" : outcome,
    };
  });
}

export async function enqueueJob(
  db: Kysely<Database>,
  profile: StoreProfile,
  job: EnqueueJob,
): Promise<EnqueueResult> {
  const [result] = await enqueueJobs(db, profile, [job]);
  if (!result) throw new Error("enqueue returned no result");
  return result;
}

interface MergedJob {
  job: EnqueueJob;
  id: string;
  runAt: Date;
  firstIndex: number;
}

function mergeByKey(jobs: EnqueueJob[], now: Date): Map<string, MergedJob> {
  const merged = new Map<string, MergedJob>();
  jobs.forEach((job, index) => {
    const key = keyOf(job.tenantId, job.kind, job.key);
    const runAt = job.runAt ?? now;
    const existing = merged.get(key);
    if (!existing) merged.set(key, { job, id: randomUUID(), runAt, firstIndex: index });
    else if (runAt < existing.runAt) existing.runAt = runAt;
  });
  return merged;
}

function keyOf(tenantId: string, kind: string, key: string): string {
  return JSON.stringify([tenantId, kind, key]);
}

function outcomeOf(row: { id: string; status: string }, insertedId: string): EnqueueResult["outcome"] {
  if (row.id === insertedId) return "created";
  if (row.status === "running") return "rerun";
  if (row.status === "parked") return "parked";
  return "coalesced";
}
