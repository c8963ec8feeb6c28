import type { FastifyInstance } from "fastify";
import { buildConnectorApp } from "./compose/connector-app.js";
import type { JdeCustomerPortFactory } from "./compose/customer-tenant.js";
import { createJobHandlers } from "./compose/job-handlers.js";
import { scheduleReconciliation } from "./compose/reconcile-schedule.js";
import { scheduleRetention } from "./compose/retention-schedule.js";
import { type RunningTenant, startRunningTenant } from "./compose/running-tenant.js";
import { connectShopifyTenant } from "./compose/shopify-tenant.js";
import { openStoreWithSecrets } from "./compose/store-with-secrets.js";
import { scheduleTenantWork } from "./compose/tenant-schedules.js";
import type { Config } from "./config/config-schema.js";
import { configWarnings } from "./config/config-warnings.js";
import { tenantSyncsCustomers } from "./config/syncs-customers.js";
import { openJdeCustomerPort } from "./jde/customers/create-jde-customer-port.js";
import type { Clock } from "./lib/clock.js";
import type { Logger } from "./lib/logger.js";
import type { SecretVault } from "./lib/secret-vault.js";
import { createJobRunner } from "./pipeline/job-runner.js";
import type { OrderSyncTenant } from "./pipeline/order-sync-job.js";
import type { Store } from "./store/store.js";

export interface Connector {
  app: FastifyInstance;
  store: Store;
  /** Stored secrets (tokens, passwords), sealed under the master key. */
  secrets: SecretVault;
  tenants: ReadonlyMap<string, RunningTenant>;
  /** Starts the workers (the HTTP app is listened on by the caller). */
  start(): void;
  /** Stops taking work, finishes what is in flight, logs out of AIS, closes the store. */
  stop(): Promise<void>;
}

/**
 * The composition root: the only place that builds adapters (STYLE.md §1). Opens the store, builds the
 * job runner, starts each tenant (JDE, Shopify, customers), then the HTTP app and the schedules.
 */
export async function createConnector(deps: {
  config: Readonly<Config>;
  log: Logger;
  clock: Clock;
  /** Builds a tenant's JDE customer port (default: the orchestration or Z-tables, by posting path). */
  jdeCustomerPort?: JdeCustomerPortFactory;
}): Promise<Connector> {
  const { log, clock } = deps;
  const { store, secrets, config } = await openStoreWithSecrets(deps.config, clock);
  for (const warning of configWarnings(config)) {
    log.warn({ tenant: warning.tenant, setting: warning.setting, why: warning.message }, "config.warning");
  }
  const tenants = new Map<string, RunningTenant>();
  const syncTenants = new Map<string, OrderSyncTenant>();
  const syncsCustomers = tenantSyncsCustomers(config.tenants);

  const runner = createJobRunner({
    jobs: store.jobs,
    handlers: createJobHandlers({
      store,
      tenant: (id) => tenants.get(id),
      syncTenant: (id) => syncTenants.get(id),
      clock,
    }),
    clock,
    log,
    concurrency: config.worker.concurrency,
    leaseMs: config.worker.leaseMs,
    pollIntervalMs: config.worker.pollIntervalMs,
  });

  try {
    for (const tenant of config.tenants) {
      const tenantLog = log.child({ tenant: tenant.id });
      const shopify = connectShopifyTenant(tenant, {
        installations: store.installations,
        secrets,
        clock,
        log: tenantLog,
      });
      const running = await startRunningTenant(tenant, {
        store,
        shopify,
        wakeRunner: () => runner.wake(),
        log: tenantLog,
        clock,
        jdeCustomerPort: deps.jdeCustomerPort ?? openJdeCustomerPort,
        deriveKey: (purpose) => secrets.deriveKey(purpose),
      });
      tenants.set(tenant.id, running.tenant);
      syncTenants.set(tenant.id, running.sync);
    }
  } catch (error) {
    await Promise.allSettled([...tenants.values()].map((t) => t.ais.close()));
    await store.close();
    throw error;
  }

  const { app, inbox } = buildConnectorApp({
    config,
    store,
    tenants,
    syncsCustomers,
    wakeRunner: () => runner.wake(),
    clock,
    log,
  });
  const schedules = [
    ...scheduleTenantWork({ config, store, tenants, wakeRunner: () => runner.wake(), clock, log }),
    scheduleRetention({ retention: config.audit, store, clock, log }),
    ...scheduleReconciliation({ config, store, tenants, clock, log }),
  ];

  return {
    app,
    store,
    secrets,
    tenants,
    start() {
      runner.start();
      for (const tenant of tenants.values()) tenant.start();
      for (const schedule of schedules) schedule.start();
    },
    async stop() {
      await app.close();
      for (const schedule of schedules) await schedule.stop();
      await runner.stop();
      for (const tenant of tenants.values()) await tenant.stop();
      for (const tenant of tenants.values()) {
        await tenant.ais
          .logout()
          .catch((error: unknown) => log.warn({ err: error, tenant: tenant.config.id }, "ais.logout_failed"));
        await tenant.ais.close();
        await tenant.shopify.close();
      }
      await inbox.close();
      await store.close();
    },
  };
}
