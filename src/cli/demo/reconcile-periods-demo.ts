import type { JdeSimulator } from "../../../sim/jde/index.js";
import { runReconciliation } from "../../compose/reconciliation-service.js";
import type { Config } from "../../config/config-schema.js";
import { addDays } from "../../domain/jde-date.js";
import type { Clock } from "../../lib/clock.js";
import type { Logger } from "../../lib/logger.js";
import type { Connector } from "../../main.js";

export interface PeriodOutcome {
  period: string;
  variances: number;
  shopifyOrders: number;
  jdeDocuments: number;
  seconds: number;
}

/**
 * The controller's month end on the demo's data: JDE's General Ledger Post (R09801) runs, then every
 * fiscal period the demo posted into is reconciled as `ml-connector reconcile` does it, through its
 * own AIS session and Shopify reads. Periods are walked from the earliest G/L date, each starting the
 * day after the previous one ended, so any date pattern works.
 */
export async function reconcilePeriodsDemo(input: {
  config: Readonly<Config>;
  tenantId: string;
  connector: Connector;
  jde: JdeSimulator;
  clock: Clock;
  log: Logger;
}): Promise<PeriodOutcome[]> {
  await input.jde.control.ledger.postBatches();
  const documents = await input.connector.store.posting.listDocuments({ tenantId: input.tenantId });
  const dates = documents.map((d) => d.glDate).sort();
  const last = dates.at(-1);
  const outcomes: PeriodOutcome[] = [];
  let next = dates[0];
  while (next !== undefined && last !== undefined && next <= last) {
    const started = Date.now();
    const report = await runReconciliation({
      config: input.config,
      tenantId: input.tenantId,
      period: { containing: next },
      clock: input.clock,
      log: input.log,
    });
    outcomes.push({
      period: report.period.label,
      variances: report.variances.length,
      shopifyOrders: report.counts.shopifyOrders,
      jdeDocuments: report.counts.jdeDocuments,
      seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
    });
    const after = addDays(report.period.lastDate, 1);
    next = dates.find((date) => date >= after);
  }
  return outcomes;
}
