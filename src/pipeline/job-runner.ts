import { randomUUID } from "node:crypto";
import type { Clock } from "../lib/clock.js";
import { coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import { createWakeableSleep } from "../lib/wakeable-sleep.js";
import type { JobQueue, LeasedJob } from "./job-queue.js";

export type JobResult = { type: "done" } | { type: "park"; code: string; reason: string };
export type JobHandler = (job: LeasedJob) => Promise<JobResult>;

export interface JobRunnerDeps {
  jobs: JobQueue;
  handlers: Record<string, JobHandler>;
  clock: Clock;
  log: Logger;
  concurrency: number;
  leaseMs: number;
  pollIntervalMs: number;
  /** Backoff for retryable failures: base · 2^attempts, capped, with full jitter. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  random?: () => number;
}

/**
 * Claims leased jobs and runs their handlers with bounded concurrency. A retryable ConnectorError is
 * retried with exponential backoff and full jitter; anything else parks the job with its code, visible
 * and replayable. A handler's exception never stops the runner.
 */
export function createJobRunner(deps: JobRunnerDeps) {
  const workerId = `worker-${randomUUID()}`;
  const random = deps.random ?? Math.random;
  const inFlight = new Set<Promise<void>>();
  const idle = createWakeableSleep();
  let running = false;
  let loop: Promise<void> | null = null;

  return { start, stop, wake };

  function start(): void {
    if (running) return;
    running = true;
    loop = runLoop();
  }

  async function stop(): Promise<void> {
    running = false;
    wake();
    await loop;
    await Promise.allSettled([...inFlight]);
  }

  function wake(): void {
    idle.wake();
  }

  async function runLoop(): Promise<void> {
    while (running) {
      const free = deps.concurrency - inFlight.size;
      let claimed: LeasedJob[] = [];
      if (free > 0) {
        try {
          claimed = await deps.jobs.claim({
            workerId,
            limit: free,
            leaseMs: deps.leaseMs,
            now: deps.clock.now(),
            kinds: Object.keys(deps.handlers),
          });
        } catch (error) {
          deps.log.error({ err: error }, "jobs.claim_failed");
        }
      }
      for (const job of claimed) {
        const task = runJob(job).finally(() => {
          inFlight.delete(task);
          wake();
        });
        inFlight.add(task);
      }
      if (claimed.length === 0 || inFlight.size >= deps.concurrency) await idle.sleep(deps.pollIntervalMs);
    }
  }

  async function runJob(job: LeasedJob): Promise<void> {
    const log = deps.log.child({
      jobId: job.id,
      tenant: job.tenantId,
      kind: job.kind,
      key: job.key,
      attempt: job.attempts + 1,
    });
    const handler = deps.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await handler(job);
      if (result.type === "park") {
        log.warn({ code: result.code, reason: result.reason }, "job.parked");
        await deps.jobs.park(job, { code: result.code, reason: result.reason, now: deps.clock.now() });
      } else {
        await deps.jobs.complete(job, { now: deps.clock.now() });
      }
    } catch (thrown) {
      const error = coerceError(thrown);
      if (error.retryable) {
        const delayMs = backoffMs(job.attempts);
        log.warn({ code: error.code, err: error, delayMs }, "job.retry");
        await deps.jobs.retry(job, {
          error: `${error.code}: ${error.message}`,
          runAt: new Date(deps.clock.now().getTime() + delayMs),
          now: deps.clock.now(),
        });
      } else {
        log.error({ code: error.code, err: error }, "job.parked");
        await deps.jobs.park(job, { code: error.code, reason: error.message, now: deps.clock.now() });
      }
    }
  }

  function backoffMs(attempts: number): number {
    const base = deps.retryBaseMs ?? 500;
    const cap = Math.min(deps.retryMaxMs ?? 300_000, base * 2 ** Math.min(attempts, 20));
    return Math.floor(random() * cap);
  }
}
