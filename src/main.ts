import type { FastifyInstance } from "fastify";
import type { Config, TenantConfig } from "./config/config-schema.js";
import { toAccountingPolicy } from "./config/to-accounting-policy.js";
import type { AccountingPolicy } from "./domain/accounting-policy.js";
import type { AccountRef } from "./domain/journal.js";
import { buildApp } from "./http/build-app.js";
import { createGroupCommitInbox } from "./inbox/group-commit-inbox.js";
import { toInboxEvent } from "./ingest/to-inbox-event.js";
import { createWebhookIntake, type VerifiedWebhook } from "./ingest/webhook-intake.js";
import { type AisClient, createAisClient } from "./jde/ais-client.js";
import { describePostingPath, orchestrationExists } from "./jde/describe-posting-path.js";
import { createLivenessProbe } from "./jde/liveness-probe.js";
import { loadOpenPeriod } from "./jde/open-period.js";
import { createOrchestrationJournalPoster } from "./jde/orchestration-journal-poster.js";
import { accountProblem, loadJdeReferenceData } from "./jde/reference-data.js";
import type { Clock } from "./lib/clock.js";
import { ConnectorError } from "./lib/errors/connector-error.js";
import type { Logger } from "./lib/logger.js";
import {
  type CorrectOrderOutcome,
  type CorrectOrderRequest,
  createOrderCorrector,
} from "./pipeline/correct-order.js";
import { createJobRunner } from "./pipeline/job-runner.js";
import { createOrderSyncHandler, ORDER_SYNC, type OrderSyncTenant } from "./pipeline/order-sync-job.js";
import { createBatchSender } from "./posting/batch-sender.js";
import { createSummaryCloser } from "./posting/summary-closer.js";
import { createCostLimiter } from "./shopify/cost-limiter.js";
import { createShopifyGraphqlClient } from "./shopify/graphql-client.js";
import { createGraphqlOrderSource } from "./shopify/graphql-order-source.js";
import { fetchShopFacts } from "./shopify/shop-facts.js";
import { openStore } from "./store/open-store.js";
import type { Store } from "./store/store.js";

export interface Connector {
  app: FastifyInstance;
  store: Store;
  tenants: ReadonlyMap<string, RunningTenant>;
  /** Starts the workers (the HTTP app is listened on by the caller). */
  start(): void;
  /** Stops taking work, finishes what is in flight, logs out of AIS, closes the store. */
  stop(): Promise<void>;
}

export interface RunningTenant {
  config: TenantConfig;
  policy: AccountingPolicy;
  ais: AisClient;
  postingPath: string;
  sender: ReturnType<typeof createBatchSender>;
  probe: ReturnType<typeof createLivenessProbe>;
}

/** The composition root: the only place that builds adapters (STYLE.md §1). */
export async function createConnector(deps: {
  config: Readonly<Config>;
  log: Logger;
  clock: Clock;
}): Promise<Connector> {
  const { config, log, clock } = deps;
  const store = await openStore(config.store.url, { clock });
  await store.migrate();
  const tenants = new Map<string, RunningTenant>();
  const syncTenants = new Map<string, OrderSyncTenant>();
  try {
    for (const tenant of config.tenants) {
      const running = await startTenant(tenant, store, log.child({ tenant: tenant.id }), clock);
      tenants.set(tenant.id, running.tenant);
      syncTenants.set(tenant.id, running.sync);
    }
  } catch (error) {
    await Promise.allSettled([...tenants.values()].map((t) => t.ais.close()));
    await store.close();
    throw error;
  }

  const runner = createJobRunner({
    jobs: store.jobs,
    handlers: {
      [ORDER_SYNC]: createOrderSyncHandler({
        tenant: (id) => syncTenants.get(id),
        posting: store.posting,
        summaries: store.summaries,
        audit: store.audit,
        clock,
        onDocumentsRecorded: (id) => tenants.get(id)?.sender.wake(),
      }),
    },
    clock,
    log,
    concurrency: config.worker.concurrency,
    leaseMs: config.worker.leaseMs,
    pollIntervalMs: config.worker.pollIntervalMs,
  });

  const shops = new Map(config.tenants.map((t) => [t.shopify.shop.toLowerCase(), t]));
  const inbox = createGroupCommitInbox({
    store: store.inbox,
    onStored: (event) =>
      event.resourceGid
        ? {
            tenantId: event.tenantId,
            kind: ORDER_SYNC,
            key: event.resourceGid,
            payload: { topic: event.topic, webhookId: event.webhookId },
          }
        : null,
  });
  const intake = createWebhookIntake({
    log,
    findTenantByShop: (shop) => {
      const tenant = shops.get(shop);
      if (!tenant) return undefined;
      const secrets = [
        tenant.shopify.apiSecret,
        ...(tenant.shopify.previousApiSecret ? [tenant.shopify.previousApiSecret] : []),
      ];
      return { tenantId: tenant.id, secrets };
    },
    store: async (webhook: VerifiedWebhook) => {
      const outcome = await inbox.accept(toInboxEvent(webhook, clock.now()));
      if (outcome === "stored" && webhook.orderId) runner.wake();
      return outcome;
    },
  });

  const app = buildApp({
    log,
    bodyLimitBytes: config.server.bodyLimitBytes,
    webhooks: intake,
    health: async () => ({ ok: true, detail: { backend: store.backend, tenants: [...tenants.keys()] } }),
  });

  return {
    app,
    store,
    tenants,
    start() {
      runner.start();
      for (const tenant of tenants.values()) {
        tenant.sender.start();
        tenant.probe.start();
      }
    },
    async stop() {
      await app.close();
      await runner.stop();
      for (const tenant of tenants.values()) {
        tenant.probe.stop();
        await tenant.sender.stop();
      }
      for (const tenant of tenants.values()) {
        await tenant.ais
          .logout()
          .catch((error: unknown) => log.warn({ err: error, tenant: tenant.config.id }, "ais.logout_failed"));
        await tenant.ais.close();
      }
      await inbox.close();
      await store.close();
    },
  };
}

export interface CorrectionService {
  correctOrder(request: CorrectOrderRequest): Promise<CorrectOrderOutcome>;
  close(): Promise<void>;
}

/**
 * For `ml-connector correct`: the store and one tenant's Shopify order source, no AIS session. The
 * recorded correction is sent by the running service's batcher like any pending document.
 */
export async function createCorrectionService(deps: {
  config: Readonly<Config>;
  tenantId: string;
  log: Logger;
  clock: Clock;
}): Promise<CorrectionService> {
  const { config, log, clock } = deps;
  const tenant = config.tenants.find((t) => t.id === deps.tenantId);
  if (!tenant) throw new ConnectorError("MLC_CONFIG_INVALID", `tenant ${deps.tenantId} is not configured`);
  const { shopifyClient, orders } = connectShopify(tenant, log, clock);
  const timezone = tenant.shopify.timezone ?? (await fetchShopFacts(shopifyClient)).timezone;
  const store = await openStore(config.store.url, { clock });
  await store.migrate();
  const corrector = createOrderCorrector({
    // Currency and decimals are those the order was posted in: JDE accepted them, so no AIS call here.
    tenant: (id) =>
      id === tenant.id
        ? { orders, policy: (facts) => toAccountingPolicy(tenant, { timezone, ...facts }) }
        : undefined,
    posting: store.posting,
    audit: store.audit,
    clock,
  });
  return { correctOrder: corrector.correctOrder, close: () => store.close() };
}

async function startTenant(tenant: TenantConfig, store: Store, log: Logger, clock: Clock) {
  const { shopifyClient, orders } = connectShopify(tenant, log, clock);
  const ais = createAisClient({
    baseUrl: tenant.jde.aisUrl,
    username: tenant.jde.username,
    password: tenant.jde.password,
    environment: tenant.jde.environment,
    role: tenant.jde.role,
    deviceName: tenant.jde.deviceName,
    timeoutMs: tenant.jde.timeoutMs,
    clock,
    log,
  });
  const shop = await fetchShopFacts(shopifyClient);
  const jde = await loadJdeReferenceData(ais, { company: tenant.jde.company });
  // Read once at start (like the rest of the reference data): a restart picks up a moved window.
  const openPeriod = await loadOpenPeriod(ais, { company: tenant.jde.company });
  if (shop.currency !== jde.currency) {
    throw new ConnectorError(
      "MLC_CURRENCY_MISMATCH",
      `tenant ${tenant.id}: shop currency ${shop.currency} differs from JDE company ${tenant.jde.company} currency ${jde.currency}`,
    );
  }
  const path = await choosePostingPath(ais, tenant);
  if (path.method !== "orchestration") {
    throw new ConnectorError("MLC_CONFIG_INVALID", `tenant ${tenant.id}: ${path.reason}`);
  }
  log.info({ path: path.reason }, "jde.posting_path");
  const policy = toAccountingPolicy(tenant, {
    timezone: shop.timezone,
    currency: jde.currency,
    decimals: jde.decimals,
    openPeriod,
  });
  log.info({ openPeriod }, "jde.open_period");
  const poster = createOrchestrationJournalPoster({
    ais,
    orchestration: tenant.jde.posting.orchestration,
    version: path.version,
    dateFormat: tenant.jde.dateFormat,
    referenceField: tenant.jde.referenceField,
  });
  const sender = createBatchSender({
    tenantId: tenant.id,
    header: {
      ediUser: tenant.jde.ediUser,
      company: tenant.jde.company,
      documentType: tenant.jde.documentType,
    },
    posting: store.posting,
    poster,
    audit: store.audit,
    clock,
    log,
    maxDocuments: tenant.jde.posting.batch.maxDocuments,
    maxWaitMs: tenant.jde.posting.batch.maxWaitMs,
    confirmIntervalMs: tenant.jde.posting.confirmIntervalMs,
    beforeBatch: () => ais.ensureSession(),
    ...(tenant.summary === "daily"
      ? {
          closeSummaries: createSummaryCloser({
            tenantId: tenant.id,
            rule: {
              timezone: policy.timezone,
              cutoff: tenant.summaryCutoff,
              graceMinutes: tenant.summaryGraceMinutes,
            },
            summaries: store.summaries,
            audit: store.audit,
            clock,
          }).closeDueDays,
        }
      : {}),
  });
  // AIS keeps sessions in memory: a restart (down → up, or a new aisVersion) invalidates every token.
  const probe = createLivenessProbe({
    ais,
    log,
    intervalMs: tenant.jde.livenessIntervalMs,
    onRestart: () => ais.reset(),
  });
  return {
    tenant: { config: tenant, policy, ais, postingPath: path.reason, sender, probe },
    sync: {
      policy,
      orders,
      summary: tenant.summary,
      accountCheck: (account: AccountRef) => accountProblem(jde, account),
    },
  };
}

function connectShopify(tenant: TenantConfig, log: Logger, clock: Clock) {
  const shopifyClient = createShopifyGraphqlClient({
    adminUrl: tenant.shopify.adminUrl ?? `https://${tenant.shopify.shop}`,
    apiVersion: tenant.shopify.apiVersion,
    accessToken: () => tenant.shopify.accessToken,
    clock,
    log,
    limiter: createCostLimiter({ clock }),
  });
  return { shopifyClient, orders: createGraphqlOrderSource({ client: shopifyClient }) };
}

/** `posting.method`: `auto` asks AIS (Tools Release, deployed orchestration); `orchestration` forces it. */
async function choosePostingPath(ais: AisClient, tenant: TenantConfig) {
  const posting = tenant.jde.posting;
  if (posting.method === "orchestration" && posting.orchestrationVersion) {
    return {
      method: "orchestration" as const,
      version: posting.orchestrationVersion,
      reason: `configured: ${posting.orchestrationVersion} orchestration ${posting.orchestration}`,
    };
  }
  const [config, exists] = await Promise.all([
    ais.defaultConfig(),
    orchestrationExists(ais, posting.orchestration),
  ]);
  const path = describePostingPath({
    config,
    orchestration: posting.orchestration,
    orchestrationExists: exists,
  });
  if (posting.method === "ztable" && path.method === "orchestration") {
    return {
      method: "ztable" as const,
      implemented: false,
      reason: "posting.method ztable: the F0911Z1 direct insert is not implemented yet",
    };
  }
  return path;
}
