import type { ResolvedConfig } from "../config/resolve-stored-secrets.js";
import { addDays, localDate } from "../domain/jde-date.js";
import type { Clock } from "../lib/clock.js";
import { coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import { type CronSchedule, createCronSchedule } from "../pipeline/cron-schedule.js";
import type { PeriodReconciliation } from "../pipeline/reconcile-period.js";
import type { VarianceType } from "../reconcile/reconciliation.js";
import type { Store } from "../store/store.js";
import { reconcileTenantPeriod } from "./reconciliation-service.js";
import type { RunningTenant } from "./running-tenant.js";

/** Variances named in the alert line; the whole list is one `ml-connector reconcile` away. */
const VARIANCES_IN_ALERT = 10;

/**
 * Work still under way, not a disagreement: JDE has not answered yet (staged for R09110Z), or the batch
 * waits for the General Ledger Post (R09801), which many companies run only at month end.
 */
const IN_FLIGHT: ReadonlySet<VarianceType> = new Set(["awaiting_jde", "unposted_batch"]);

/**
 * Per tenant, on `schedule.reconcile`: reconciles the fiscal period holding yesterday (shop time), from
 * its first day through yesterday, so a difference is known the morning after, not at month end. A
 * variance logs `reconcile.variance` at error level (what log-based alerting watches), with the counts
 * per type and the first variances and their orders; one that is only work in flight logs
 * `reconcile.in_flight` as a warning; a clean period logs `reconcile.reconciled`. Reads only, through
 * the running tenant's own AIS session and Shopify client. Each instance runs it (one per tenant across
 * instances comes with the scale-out leases).
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
              { containing: yesterday, through: yesterday },
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
  const facts = {
    period: report.period.label,
    through: report.period.lastDate,
    counts: report.counts,
  };
  if (report.reconciled) {
    log.info(facts, "reconcile.reconciled");
    return;
  }
  const variancesByType = Object.fromEntries(Object.entries(report.summary).filter(([, n]) => n > 0));
  const hard = report.variances.filter((v) => !IN_FLIGHT.has(v.type));
  const first = (hard.length > 0 ? hard : report.variances).slice(0, VARIANCES_IN_ALERT).map((v) => ({
    type: v.type,
    glDate: v.glDate,
    orders: v.orders.map((o) => o.orderName),
    jdeDocuments: v.jdeDocuments,
    explanation: v.explanation,
  }));
  const detail = { ...facts, variances: report.variances.length, variancesByType, first };
  if (hard.length > 0) log.error(detail, "reconcile.variance");
  else log.warn(detail, "reconcile.in_flight");
}
