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
import { discoverPostingPath, type PostingPath } from "./jde/describe-posting-path.js";
import { type JdeFacts, loadJdeFacts } from "./jde/jde-facts.js";
import { createLivenessProbe } from "./jde/liveness-probe.js";
import { openPostingChannel, type PostingChannel } from "./jde/open-posting-channel.js";
import { accountProblem } from "./jde/reference-data.js";
import { type CircuitBreaker, createCircuitBreaker } from "./lib/circuit-breaker.js";
import type { Clock } from "./lib/clock.js";
import { ConnectorError, coerceError } from "./lib/errors/connector-error.js";
import type { Logger } from "./lib/logger.js";
import { createRefreshLoop } from "./lib/refresh-loop.js";
import {
  type CorrectOrderOutcome,
  type CorrectOrderRequest,
  createOrderCorrector,
} from "./pipeline/correct-order.js";
import { createJobRunner } from "./pipeline/job-runner.js";
import { createOrderSyncHandler, ORDER_SYNC, type OrderSyncTenant } from "./pipeline/order-sync-job.js";
import { type BatchSender, createBatchSender } from "./posting/batch-sender.js";
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
  ais: AisClient;
  /** The circuit guarding posting (AIS, or the database on the Z-table path): open while it is down. */
  circuit(): CircuitBreaker;
  /** True once reference data and the posting path were read from JDE. */
  ready(): boolean;
  /** Why the latest read of JDE reference data failed, if it did. */
  problem(): ConnectorError | undefined;
  postingPath(): string | undefined;
  policy(): AccountingPolicy | undefined;
  /** New documents await sending. */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
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
        onDocumentsRecorded: (id) => tenants.get(id)?.wake(),
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
    health: async () => ({
      ok: true,
      detail: {
        backend: store.backend,
        tenants: [...tenants.values()].map((t) => ({
          id: t.config.id,
          jde: t.circuit().status(),
          jdeDownSince: t.circuit().openedAt()?.toISOString() ?? null,
          ready: t.ready(),
          jdeProblem: t.problem() ? `${t.problem()?.code}: ${t.problem()?.message}` : null,
          postingPath: t.postingPath() ?? null,
        })),
      },
    }),
  });

  return {
    app,
    store,
    tenants,
    start() {
      runner.start();
      for (const tenant of tenants.values()) tenant.start();
    },
    async stop() {
      await app.close();
      await runner.stop();
      for (const tenant of tenants.values()) await tenant.stop();
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
  const circuit = createCircuitBreaker({
    name: `JDE of tenant ${tenant.id}`,
    code: "MLC_AIS_UNAVAILABLE",
    failures: tenant.jde.circuitBreaker.failures,
    maxOpenMs: tenant.jde.circuitBreaker.maxOpenMs,
    isOutage: isJdeOutage,
    clock,
    log,
  });
  const shop = await fetchShopFacts(shopifyClient);
  let path: PostingPath | undefined;
  let channel: PostingChannel | undefined;
  let policy: AccountingPolicy | undefined;
  let sender: BatchSender | undefined;
  let started = false;

  // Reference data and the posting path come from JDE. When AIS is down at start the service runs
  // anyway: webhooks are stored and order jobs wait (retryable) until the first load succeeds.
  const facts = createRefreshLoop<JdeFacts>({
    name: "jde.reference",
    intervalMs: tenant.jde.referenceRefreshMs,
    retryMs: 1000,
    log,
    load: () =>
      circuit.run(async () => {
        const loaded = await loadJdeFacts(ais, { company: tenant.jde.company, now: clock.now() });
        assertSameCurrency(tenant, shop.currency, loaded);
        path ??= await discoverPostingPath(ais, tenant.jde.posting);
        channel ??= await openPostingChannel({
          tenant,
          path,
          ais,
          aisCircuit: circuit,
          reference: loaded.reference,
          clock,
          log,
        });
        return loaded;
      }),
    onLoaded: (loaded) => {
      const first = policy === undefined;
      policy = toAccountingPolicy(tenant, {
        timezone: shop.timezone,
        currency: loaded.reference.currency,
        decimals: loaded.reference.decimals,
        openPeriod: loaded.openPeriod,
      });
      log.info(
        { openPeriod: loaded.openPeriod, accounts: loaded.reference.accounts.length },
        first ? "jde.reference_loaded" : "jde.reference_refreshed",
      );
      if (!sender && path && channel) {
        log.info({ path: path.reason, poster: channel.poster.description }, "jde.posting_path");
        sender = createSender(channel);
        if (started) sender.start();
      }
    },
  });
  try {
    await facts.refreshOnce();
  } catch (error) {
    // A wrong currency or an impossible path is a configuration problem: refuse to start. AIS down is
    // not, and neither is a refused login: exiting would let a supervisor's restarts lock the account,
    // so the service stays up, not ready, and the AIS client pauses its logins.
    const failure = coerceError(error);
    if (!failure.retryable && failure.code !== "MLC_AIS_CREDENTIALS") throw error;
    log[failure.retryable ? "warn" : "error"]({ err: failure }, "jde.not_ready");
  }

  function createSender(chosen: PostingChannel): BatchSender {
    return createBatchSender({
      tenantId: tenant.id,
      header: {
        ediUser: tenant.jde.ediUser,
        company: tenant.jde.company,
        documentType: tenant.jde.documentType,
      },
      posting: store.posting,
      poster: chosen.poster,
      circuit: chosen.circuit,
      beforeBatch: chosen.beforeBatch,
      inFlightGraceMs: chosen.inFlightGraceMs,
      audit: store.audit,
      clock,
      log,
      maxDocuments: tenant.jde.posting.batch.maxDocuments,
      maxWaitMs: tenant.jde.posting.batch.maxWaitMs,
      confirmIntervalMs: tenant.jde.posting.confirmIntervalMs,
      ...(tenant.summary === "daily"
        ? {
            closeSummaries: createSummaryCloser({
              tenantId: tenant.id,
              rule: {
                timezone: shop.timezone,
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
  }

  function loadedFacts(): { policy: AccountingPolicy; facts: JdeFacts } {
    const current = facts.current();
    if (!policy || !current) {
      const why = facts.lastFailure();
      throw new ConnectorError(
        "MLC_AIS_UNAVAILABLE",
        `tenant ${tenant.id}: JDE reference data not loaded yet (${why ? `${why.code}: ${why.message}` : "loading"})`,
      );
    }
    return { policy, facts: current };
  }

  // AIS keeps sessions in memory: a restart (down → up, or a new aisVersion) invalidates every token.
  const probe = createLivenessProbe({
    ais,
    log,
    intervalMs: tenant.jde.livenessIntervalMs,
    onRestart: () => ais.reset(),
  });
  const running: RunningTenant = {
    config: tenant,
    ais,
    circuit: () => channel?.circuit ?? circuit,
    ready: () => sender !== undefined,
    problem: () => facts.lastFailure(),
    postingPath: () => path?.reason,
    policy: () => policy,
    wake: () => sender?.wake(),
    start() {
      started = true;
      sender?.start();
      facts.start();
      probe.start();
    },
    async stop() {
      probe.stop();
      await facts.stop();
      await sender?.stop();
      await channel?.close();
    },
  };
  const sync: OrderSyncTenant = {
    get policy() {
      return loadedFacts().policy;
    },
    orders,
    summary: tenant.summary,
    accountCheck: (account: AccountRef) => accountProblem(loadedFacts().facts.reference, account),
  };
  return { tenant: running, sync };
}

/** Outages open the circuit; answers (a refused document, a 4xx) do not. */
function isJdeOutage(error: unknown): boolean {
  return (
    error instanceof ConnectorError &&
    (error.code === "MLC_AIS_UNAVAILABLE" || error.code === "MLC_AIS_SESSION_EXPIRED")
  );
}

function assertSameCurrency(tenant: TenantConfig, shopCurrency: string, facts: JdeFacts): void {
  if (shopCurrency === facts.reference.currency) return;
  throw new ConnectorError(
    "MLC_CURRENCY_MISMATCH",
    `tenant ${tenant.id}: shop currency ${shopCurrency} differs from JDE company ${tenant.jde.company} currency ${facts.reference.currency}`,
  );
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
