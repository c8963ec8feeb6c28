import type { ErrorCode } from "../lib/errors/codes.js";
import type { JobQueue } from "./job-queue.js";

/** Why a job stops while the app is not installed; a new install removes every one of these causes. */
const WAITING_FOR_INSTALL: readonly ErrorCode[] = [
  "MLC_SHOPIFY_UNINSTALLED",
  "MLC_SHOPIFY_NOT_CONNECTED",
  // Shopify revokes the tokens before app/uninstalled arrives: a job running in between is refused
  // the token, or its refresh.
  "MLC_SHOPIFY_UNAUTHORIZED",
  "MLC_SHOPIFY_OAUTH",
];

/**
 * After a new install: the tenant's jobs parked because the app was not installed run again (attempts
 * reset), so orders that came in while it was uninstalled are posted. Answers how many were unparked.
 */
export async function resumeShopJobs(
  deps: { jobs: Pick<JobQueue, "list" | "unpark"> },
  tenantId: string,
  now: Date,
): Promise<number> {
  const parked = await deps.jobs.list({ status: "parked", tenantId });
  let resumed = 0;
  for (const job of parked) {
    if (!WAITING_FOR_INSTALL.some((code) => code === job.parkCode)) continue;
    if (await deps.jobs.unpark(job.id, { now })) resumed += 1;
  }
  return resumed;
}
