import { coerceError } from "../lib/errors/connector-error.js";
import type { JobHandler } from "./job-runner.js";
import { isShopAccessLoss } from "./resume-shop-jobs.js";

/**
 * Wraps a job handler: when Shopify refuses the job access (token revoked, app uninstalled), the
 * tenant is told before the job parks, so it reads the shop again and `/healthz` shows why at once.
 */
export function watchShopAccessRefusals(
  handler: JobHandler,
  onRefused: (tenantId: string) => void,
): JobHandler {
  return async (job) => {
    try {
      return await handler(job);
    } catch (error) {
      if (isShopAccessLoss(coerceError(error).code)) onRefused(job.tenantId);
      throw error;
    }
  };
}
