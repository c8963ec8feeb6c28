import type { ResolvedConfig } from "../config/resolve-stored-secrets.js";
import type { CustomerDirectory } from "../customers/customer-directory.js";
import type { Clock } from "../lib/clock.js";
import { coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import { type CronSchedule, createCronSchedule } from "../pipeline/cron-schedule.js";
import { createOrderSweep } from "../pipeline/order-sweep.js";
import {
  CORE_WEBHOOK_TOPICS,
  ensureWebhookSubscriptions,
  webhookUri,
} from "../shopify/webhook-subscriptions.js";
import type { Store } from "../store/store.js";
import type { ShopifyTenant } from "./shopify-tenant.js";

/**
 * Per tenant, on its own cron: the order sweep (every order Shopify updated since the last sweep, so
 * no missed webhook loses an order) and the check of shop-specific webhook subscriptions, which
 * Shopify deletes after a failed retry cycle. A tenant with customers also polls its pending
 * (link-later) customer links on the staged-journal cadence. An uninstalled tenant is skipped.
 */
export function scheduleTenantWork(deps: {
  config: Readonly<ResolvedConfig>;
  store: Store;
  /** Each started tenant's Shopify side. */
  tenants: ReadonlyMap<
    string,
    { shopify: ShopifyTenant; customers?: Pick<CustomerDirectory, "resolvePendingLinks"> | undefined }
  >;
  wakeRunner: () => void;
  clock: Clock;
  log: Logger;
}): CronSchedule[] {
  const { config, store, tenants, clock, log } = deps;
  const schedules: CronSchedule[] = [];
  for (const tenant of config.tenants) {
    const running = tenants.get(tenant.id);
    if (!running) continue;
    const tenantLog = log.child({ tenant: tenant.id });
    const overlapMs = tenant.schedule.sweepOverlapMinutes * 60_000;
    const sweep = createOrderSweep({
      orders: () => running.shopify.orders,
      watermarks: store.watermarks,
      syncMarks: store.orderSyncMarks,
      jobs: store.jobs,
      clock,
      overlapMs,
      firstWatermark: () =>
        tenant.accountingStartDate
          ? new Date(Date.parse(`${tenant.accountingStartDate}T00:00:00Z`) - 86_400_000)
          : new Date(clock.now().getTime() - overlapMs),
    });
    const installed = async () => (await store.installations.get(tenant.id))?.status !== "uninstalled";
    schedules.push(
      createCronSchedule({
        cron: tenant.schedule.sweep,
        task: async () => {
          if (!(await installed())) return;
          try {
            const outcome = await sweep.sweep(tenant.id);
            tenantLog.info(outcome, "shopify.sweep");
            if (outcome.jobsCreated > 0) deps.wakeRunner();
          } catch (error) {
            tenantLog.warn({ err: coerceError(error) }, "shopify.sweep_failed");
          }
        },
      }),
    );
    if (tenant.shopify.manageWebhooks && config.server.publicUrl) {
      const uri = webhookUri(config.server.publicUrl);
      const check = createCronSchedule({
        cron: tenant.schedule.subscriptions,
        task: async () => {
          if (!(await installed())) return;
          try {
            const result = await ensureWebhookSubscriptions(running.shopify.client, {
              uri,
              topics: CORE_WEBHOOK_TOPICS,
              create: true,
            });
            tenantLog[result.failed.length ? "warn" : "info"](result, "shopify.subscriptions");
          } catch (error) {
            tenantLog.warn({ err: coerceError(error) }, "shopify.subscriptions_failed");
          }
        },
      });
      schedules.push({
        ...check,
        start: () => {
          check.start();
          void check.runNow();
        },
      });
    }
    // Only a tenant that syncs customers has a directory (running-tenant.ts): for one that does not
    // (summary mode, sync none), the check could still create or adopt records through leftover links.
    const customers = running.customers;
    if (customers) {
      schedules.push(
        createIntervalSchedule({
          intervalMs: tenant.jde.posting.confirmIntervalMs,
          clock,
          task: async () => {
            if (!(await installed())) return;
            try {
              const outcome = await customers.resolvePendingLinks();
              if (outcome.checked + outcome.updatesRefused + outcome.linksDropped === 0) return;
              const trouble =
                outcome.refused + outcome.failed + outcome.updatesRefused + outcome.linksDropped;
              tenantLog[trouble > 0 ? "warn" : "info"](outcome, "customers.pending_links");
            } catch (error) {
              tenantLog.warn({ err: coerceError(error) }, "customers.pending_links_failed");
            }
          },
        }),
      );
    }
  }
  return schedules;
}

/**
 * Runs `task` every `intervalMs` after the previous run ended (runs never overlap), on the injected
 * clock. `task` handles its own errors.
 */
function createIntervalSchedule(input: {
  intervalMs: number;
  clock: Clock;
  task: () => Promise<void>;
}): CronSchedule {
  let stopping: AbortController | undefined;
  let loop: Promise<void> | undefined;
  let running: Promise<void> | undefined;
  const runOnce = () => {
    running ??= input.task().finally(() => {
      running = undefined;
    });
    return running;
  };
  return {
    start() {
      if (loop) return;
      stopping = new AbortController();
      const signal = stopping.signal;
      loop = (async () => {
        while (!signal.aborted) {
          try {
            await input.clock.sleep(input.intervalMs, signal);
          } catch {
            return; // stopped
          }
          await runOnce();
        }
      })();
    },
    async stop() {
      stopping?.abort();
      await loop;
      await running;
      loop = undefined;
    },
    runNow: runOnce,
  };
}
