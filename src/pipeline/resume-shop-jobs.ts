import type { ErrorCode } from "../lib/errors/codes.js";
import type { JobQueue } from "./job-queue.js";

/** Why a job stops while the tenant has no working Shopify access; access coming back removes each cause. */
const SHOP_ACCESS_LOST: readonly ErrorCode[] = [
  "MLC_SHOPIFY_UNINSTALLED",
  "MLC_SHOPIFY_NOT_CONNECTED",
  // Shopify revokes the tokens before app/uninstalled arrives: a job running in between is refused
  // the token, or its refresh. A token revoked outside an uninstall fails the same way.
  "MLC_SHOPIFY_UNAUTHORIZED",
  "MLC_SHOPIFY_OAUTH",
];

/** True when `code` says the tenant's Shopify access is gone (uninstalled, not connected, token refused). */
export function isShopAccessLoss(code: string): boolean {
  return SHOP_ACCESS_LOST.some((lost) => lost === code);
}

/**
 * After Shopify access came back (a new install, `shopify connect`, a renewed token, a restart): the
 * tenant's jobs parked for want of it run again (attempts reset), so orders that came in meanwhile are
 * posted. Answers how many were unparked.
 */
export async function resumeShopJobs(
  deps: { jobs: Pick<JobQueue, "list" | "unpark"> },
  tenantId: string,
  now: Date,
): Promise<number> {
  const parked = await deps.jobs.list({ status: "parked", tenantId });
  let resumed = 0;
  for (const job of parked) {
    if (!job.parkCode || !isShopAccessLoss(job.parkCode)) continue;
    if (await deps.jobs.unpark(job.id, { now })) resumed += 1;
  }
  return resumed;
}
