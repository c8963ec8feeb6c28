import type { ResolvedConfig } from "../config/resolve-stored-secrets.js";
import { addDays, localDate } from "../domain/jde-date.js";
import type { Clock } from "../lib/clock.js";
import { coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import { type CronSchedule, createCronSchedule } from "../pipeline/cron-schedule.js";
import type { PeriodReconciliation } from "../pipeline/reconcile-period.js";
import type { Store } from "../store/store.js";
import { reconcileTenantPeriod } from "./reconciliation-service.js";
import type { RunningTenant } from "./running-tenant.js";

/** Variances named in the alert line; the whole list is one `ml-connector reconcile` away. */
const VARIANCES_IN_ALERT = 10;

/**
 * Per tenant, on `schedule.reconcile`: reconciles the fiscal period holding yesterday (shop time), so a
 * difference is known the morning after, not at month end. A variance logs `reconcile.variance` at
 * error level (what log-based alerting watches), with the counts per type and the first variances and
 * their orders; a clean period logs `reconcile.reconciled`. Reads only, through the running tenant's
 * own AIS session and Shopify client.
 */
export function scheduleReconciliation(deps: {
  config: Readonly<ResolvedConfig>;
  store: Pick<Store, "posting" | "installations">;
  tenants: ReadonlyMap<string, RunningTenant>;
  clock: Clock;
  log: Logger;
}): CronSchedule[] {
  const schedules: CronSchedule[] = [];
  for (const tenant of deps.config.tenants) {
    const running = deps.tenants.get(tenant.id);
    if (!running) continue;
    const log = deps.log.child({ tenant: tenant.id });
    schedules.push(
      createCronSchedule({
        cron: tenant.schedule.reconcile,
        task: async () => {
          const policy = running.policy();
          if ((await deps.store.installations.get(tenant.id))?.status === "uninstalled") return;
          if (!policy || !running.ready()) {
            log.warn("reconcile.skipped: the tenant is not ready (JDE or Shopify facts not read yet)");
            return;
          }
          const yesterday = addDays(localDate(deps.clock.now().toISOString(), policy.timezone), -1);
          try {
            const report = await reconcileTenantPeriod(
              {
                tenant,
                posting: deps.store.posting,
                orders: running.shopify.orders,
                ais: running.ais,
                policy,
              },
              { containing: yesterday },
            );
            logOutcome(log, report);
          } catch (error) {
            log.error({ err: coerceError(error) }, "reconcile.failed");
          }
        },
      }),
    );
  }
  return schedules;
}

function logOutcome(log: Logger, report: PeriodReconciliation): void {
  const facts = { period: report.period.label, counts: report.counts };
  if (report.reconciled) {
    log.info(facts, "reconcile.reconciled");
    return;
  }
  const variancesByType = Object.fromEntries(Object.entries(report.summary).filter(([, n]) => n > 0));
  const first = report.variances.slice(0, VARIANCES_IN_ALERT).map((v) => ({
    type: v.type,
    glDate: v.glDate,
    orders: v.orders.map((o) => o.orderName),
    jdeDocuments: v.jdeDocuments,
    explanation: v.explanation,
  }));
  log.error({ ...facts, variances: report.variances.length, variancesByType, first }, "reconcile.variance");
}
