import type { FastifyInstance } from "fastify";
import { connectCustomerTenant, type JdeCustomerPortFactory } from "./compose/customer-tenant.js";
import { assertSameCurrency, connectJdeTenant, policyFromJdeFacts } from "./compose/jde-tenant.js";
import {
  appSecretsOf,
  connectShopifyTenant,
  installableTenant,
  type ShopifyTenant,
} from "./compose/shopify-tenant.js";
import { scheduleTenantWork } from "./compose/tenant-schedules.js";
import { unlockStoredSecrets } from "./compose/unlock-stored-secrets.js";
import { assertMasterKeyFitsStore } from "./config/assert-master-key-fits-store.js";
import type { Config } from "./config/config-schema.js";
import { type MasterKeys, openMasterKeys } from "./config/master-key.js";
import {
  needsStoredSecrets,
  type ResolvedConfig,
  type ResolvedTenantConfig,
  resolveStoredSecrets,
} from "./config/resolve-stored-secrets.js";
import { toAccountingPolicy } from "./config/to-accounting-policy.js";
import type { CustomerDirectory } from "./customers/customer-directory.js";
import type { AccountingPolicy } from "./domain/accounting-policy.js";
import type { AccountRef } from "./domain/journal.js";
import { buildApp } from "./http/build-app.js";
import { createGroupCommitInbox } from "./inbox/group-commit-inbox.js";
import { toInboxEvent } from "./ingest/to-inbox-event.js";
import { createWebhookIntake, type VerifiedWebhook } from "./ingest/webhook-intake.js";
import { createWebhookJobRouting } from "./ingest/webhook-job-routing.js";
import type { AisClient } from "./jde/ais-client.js";
import { openJdeCustomerPort } from "./jde/customers/create-jde-customer-port.js";
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
import { createSecretVault, type RotationResult, type SecretVault } from "./lib/secret-vault.js";
import {
  type CorrectOrderOutcome,
  type CorrectOrderRequest,
  createOrderCorrector,
} from "./pipeline/correct-order.js";
import { CUSTOMER_SYNC, createCustomerSyncHandler } from "./pipeline/customer-sync-job.js";
import { createJobRunner } from "./pipeline/job-runner.js";
import { createOrderSyncHandler, ORDER_SYNC, type OrderSyncTenant } from "./pipeline/order-sync-job.js";
import { resumeShopJobs } from "./pipeline/resume-shop-jobs.js";
import { createShopAccessWatch } from "./pipeline/shop-access-watch.js";
import { createShopEventHandler, SHOP_EVENT } from "./pipeline/shop-event-job.js";
import { watchShopAccessRefusals } from "./pipeline/watch-shop-access-refusals.js";
import { type BatchSender, createBatchSender } from "./posting/batch-sender.js";
import { createSummaryCloser } from "./posting/summary-closer.js";
import { createInstallFlow } from "./shopify/oauth/install-flow.js";
import { fetchShopFacts } from "./shopify/shop-facts.js";
import { openStore } from "./store/open-store.js";
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

export interface RunningTenant {
  config: ResolvedTenantConfig;
  ais: AisClient;
  /** The circuit guarding posting (AIS, or the database on the Z-table path): open while it is down. */
  circuit(): CircuitBreaker;
  /** True once the shop's facts, JDE's reference data and the posting path were read. */
  ready(): boolean;
  /** Why JDE's reference data cannot be used (its latest read failed, its currency is not the shop's), if so. */
  problem(): ConnectorError | undefined;
  /** Why the latest read of the shop failed (not connected, uninstalled, token refused), if it did. */
  shopifyProblem(): ConnectorError | undefined;
  postingPath(): string | undefined;
  policy(): AccountingPolicy | undefined;
  /** New documents await sending. */
  wake(): void;
  shopify: ShopifyTenant;
  /** The tenant's customers in JDE, when it has a `customers` block (docs/customers.md). */
  customers: CustomerDirectory | undefined;
  /** A new Shopify token was stored (install): read the shop again now; parked jobs resume once it reads. */
  shopifyConnected(): Promise<void>;
  /** The Shopify access may have changed (uninstall, shop redact, a job refused): read the shop again for /healthz. */
  shopifyAccessChanged(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** The composition root: the only place that builds adapters (STYLE.md §1). */
export async function createConnector(deps: {
  config: Readonly<Config>;
  log: Logger;
  clock: Clock;
  /** Builds a tenant's JDE customer port (default: the orchestration or Z-tables, by posting path). */
  jdeCustomerPort?: JdeCustomerPortFactory;
}): Promise<Connector> {
  const { log, clock } = deps;
  const { store, secrets, config } = await openStoreWithSecrets(deps.config, clock);
  const tenants = new Map<string, RunningTenant>();
  const syncTenants = new Map<string, OrderSyncTenant>();
  const byTenant = (id: string) => tenants.get(id);
  const customerSyncTenants = new Set(
    config.tenants.filter((t) => t.customers?.sync === "all").map((t) => t.id),
  );
  const customerDirectory = (id: string) =>
    customerSyncTenants.has(id) ? tenants.get(id)?.customers : undefined;
  const shopAccessChanged = (id: string) => void byTenant(id)?.shopifyAccessChanged();

  const runner = createJobRunner({
    jobs: store.jobs,
    handlers: {
      [ORDER_SYNC]: watchShopAccessRefusals(
        createOrderSyncHandler({
          tenant: (id) => syncTenants.get(id),
          posting: store.posting,
          summaries: store.summaries,
          audit: store.audit,
          clock,
          syncMarks: store.orderSyncMarks,
          onDocumentsRecorded: (id) => tenants.get(id)?.wake(),
        }),
        shopAccessChanged,
      ),
      [CUSTOMER_SYNC]: watchShopAccessRefusals(
        createCustomerSyncHandler({ directory: customerDirectory, audit: store.audit, clock }),
        shopAccessChanged,
      ),
      [SHOP_EVENT]: createShopEventHandler({
        inbox: store.inbox,
        installations: store.installations,
        privacyRequests: store.privacyRequests,
        posting: store.posting,
        customerLinks: store.customerLinks,
        forgetShopAccess: async (id) => {
          await byTenant(id)?.shopify.forgetAccess();
          await byTenant(id)?.shopifyAccessChanged();
        },
        clock,
      }),
    },
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
      const running = await startTenant(tenant, {
        store,
        shopify,
        wakeRunner: () => runner.wake(),
        log: tenantLog,
        clock,
        jdeCustomerPort: deps.jdeCustomerPort ?? openJdeCustomerPort,
      });
      tenants.set(tenant.id, running.tenant);
      syncTenants.set(tenant.id, running.sync);
    }
  } catch (error) {
    await Promise.allSettled([...tenants.values()].map((t) => t.ais.close()));
    await store.close();
    throw error;
  }

  const shops = new Map(config.tenants.map((t) => [t.shopify.shop.toLowerCase(), t]));
  const routing = createWebhookJobRouting({ syncsCustomers: (id) => customerSyncTenants.has(id) });
  const inbox = createGroupCommitInbox({ store: store.inbox, onStored: routing.jobFor });
  const intake = createWebhookIntake({
    log,
    findTenantByShop: (shop) => {
      const tenant = shops.get(shop);
      if (!tenant) return undefined;
      return { tenantId: tenant.id, secrets: appSecretsOf(tenant) };
    },
    store: async (webhook: VerifiedWebhook) => {
      const outcome = await inbox.accept(toInboxEvent(webhook, clock.now()));
      if (outcome === "stored" && routing.makesJob(webhook)) runner.wake();
      return outcome;
    },
  });

  const installable = (tenant: RunningTenant | undefined) =>
    tenant ? installableTenant(tenant.config, tenant.shopify, config.server.publicUrl) : undefined;
  const installFlow = createInstallFlow({
    tenantById: (id) => installable(byTenant(id)),
    tenantByShop: (shop) => installable(byTenant(shops.get(shop)?.id ?? "")),
    states: store.installations,
    clock,
    log,
  });
  const app = buildApp({
    log,
    bodyLimitBytes: config.server.bodyLimitBytes,
    webhooks: intake,
    shopifyInstall: {
      appOpened: (query) => installFlow.appOpened(query),
      async callback(query) {
        const answer = await installFlow.callback(query);
        // Orders that came in while the app was uninstalled are posted once the shop reads well again.
        if (answer.kind === "installed") await byTenant(answer.tenantId)?.shopifyConnected();
        return answer;
      },
    },
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
          shopifyProblem: t.shopifyProblem()
            ? `${t.shopifyProblem()?.code}: ${t.shopifyProblem()?.message}`
            : null,
        })),
      },
    }),
  });

  const schedules = scheduleTenantWork({
    config,
    store,
    tenants,
    wakeRunner: () => runner.wake(),
    clock,
    log,
  });

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
  const { log, clock } = deps;
  const configured = deps.config.tenants.find((t) => t.id === deps.tenantId);
  if (!configured)
    throw new ConnectorError("MLC_CONFIG_INVALID", `tenant ${deps.tenantId} is not configured`);
  // Only this tenant's secrets are needed: another tenant's missing ones must not stop a correction.
  const { store, secrets, config } = await openStoreWithSecrets(
    { ...deps.config, tenants: [configured] },
    clock,
  );
  const tenant = config.tenants[0]!;
  const shopify = connectShopifyTenant(tenant, {
    installations: store.installations,
    secrets,
    clock,
    log,
  });
  const orders = shopify.orders;
  let timezone: string;
  try {
    timezone = tenant.shopify.timezone ?? (await fetchShopFacts(shopify.client)).timezone;
  } catch (error) {
    await shopify.close();
    await store.close();
    throw error;
  }
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

/** Opens and migrates the store, then fills the secrets the configuration leaves out from its vault. */
export async function openStoreWithSecrets(
  configured: Readonly<Config>,
  clock: Clock,
): Promise<{ store: Store; secrets: SecretVault; config: Readonly<ResolvedConfig> }> {
  const store = await openStore(configured.store.url, { clock });
  try {
    await store.migrate();
    return { store, ...(await unlockStoredSecrets(configured, store.secrets)) };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function createVault(config: Readonly<Config>, store: Store): { vault: SecretVault; keys: MasterKeys } {
  const keys = openMasterKeys(config.security);
  return { vault: createSecretVault({ rows: store.secrets, keyring: keys }), keys };
}

export interface SecretsAdmin {
  vault: SecretVault;
  keys: MasterKeys;
  /**
   * `keys rotate`: file mode appends a new key to the key file first; both modes then re-seal every
   * record not under the current key. Running services keep reading throughout (they re-read the file).
   */
  rotate(options: {
    batchSize?: number;
  }): Promise<{ addedKeyId: string | undefined; result: RotationResult }>;
  close(): Promise<void>;
}

/** For `ml-connector keys` and `secrets`: the migrated store and its vault, no tenant is started. */
export async function openSecretsAdmin(deps: {
  config: Readonly<Config>;
  clock: Clock;
}): Promise<SecretsAdmin> {
  const store = await openStore(deps.config.store.url, { clock: deps.clock });
  try {
    await store.migrate();
    const { vault, keys } = createVault(deps.config, store);
    // Every secrets command (set, rotate, status) would otherwise make this host a key of its own
    // beside a store other instances sealed secrets in.
    await assertMasterKeyFitsStore(keys, store.secrets);
    return {
      vault,
      keys,
      async rotate(options) {
        const addedKeyId = keys.mode === "file" ? keys.addKey() : undefined;
        return { addedKeyId, result: await vault.rotate(options) };
      },
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * For commands that start no service (`connect test`): the configuration with the secrets it leaves
 * out filled from the store; the store is opened only when some secret is missing.
 */
export async function loadStoredSecrets(deps: {
  config: Readonly<Config>;
  clock: Clock;
}): Promise<Readonly<ResolvedConfig>> {
  if (!needsStoredSecrets(deps.config))
    return resolveStoredSecrets(deps.config, { get: async () => undefined });
  const admin = await openSecretsAdmin(deps);
  try {
    return await resolveStoredSecrets(deps.config, admin.vault);
  } finally {
    await admin.close();
  }
}

async function startTenant(
  tenant: ResolvedTenantConfig,
  deps: {
    store: Store;
    shopify: ShopifyTenant;
    wakeRunner: () => void;
    log: Logger;
    clock: Clock;
    jdeCustomerPort: JdeCustomerPortFactory | undefined;
  },
) {
  const { store, shopify, log, clock } = deps;
  const ais = connectJdeTenant(tenant, { clock, log });
  const circuit = createCircuitBreaker({
    name: `JDE of tenant ${tenant.id}`,
    code: "MLC_AIS_UNAVAILABLE",
    failures: tenant.jde.circuitBreaker.failures,
    maxOpenMs: tenant.jde.circuitBreaker.maxOpenMs,
    isOutage: isJdeOutage,
    clock,
    log,
  });
  let path: PostingPath | undefined;
  let channel: PostingChannel | undefined;
  let policy: AccountingPolicy | undefined;
  let mismatch: ConnectorError | undefined;
  let sender: BatchSender | undefined;
  let started = false;

  // The shop's currency and time zone, read on their own: a tenant not installed yet (OAuth), uninstalled
  // or whose token was revoked runs, not ready, and says why; when a read succeeds again, the jobs parked
  // for want of access resume.
  const shopAccess = createShopAccessWatch({
    read: async () => {
      const facts = await fetchShopFacts(shopify.client);
      return { currency: facts.currency, timezone: tenant.shopify.timezone ?? facts.timezone };
    },
    onRead: () => useFacts(),
    onAccessRestored: async () => {
      const resumed = await resumeShopJobs({ jobs: store.jobs }, tenant.id, clock.now());
      if (resumed === 0) return;
      log.info({ resumed }, "shopify.jobs_resumed");
      deps.wakeRunner();
    },
    intervalMs: tenant.jde.referenceRefreshMs,
    retryMs: 1000,
    clock,
    log,
  });

  // Reference data and the posting path come from JDE. When AIS is down at start the service runs
  // anyway: webhooks are stored and order jobs wait (retryable) until the first load succeeds.
  let referenceLoaded = false;
  const facts = createRefreshLoop<JdeFacts>({
    name: "jde.reference",
    intervalMs: tenant.jde.referenceRefreshMs,
    retryMs: 1000,
    log,
    load: () =>
      circuit.run(async () => {
        const loaded = await loadJdeFacts(ais, { company: tenant.jde.company, now: clock.now() });
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
      log.info(
        { openPeriod: loaded.openPeriod, accounts: loaded.reference.accounts.length },
        referenceLoaded ? "jde.reference_refreshed" : "jde.reference_loaded",
      );
      referenceLoaded = true;
      useFacts();
    },
  });

  /** The mapping's policy, and the first time the sender, once both the shop's facts and JDE's are in. */
  function useFacts(): void {
    const shop = shopAccess.facts();
    const loaded = facts.current();
    if (!shop || !loaded) return;
    try {
      assertSameCurrency(tenant, shop.currency, loaded);
      mismatch = undefined;
    } catch (error) {
      mismatch = coerceError(error);
      return;
    }
    policy = policyFromJdeFacts(tenant, shop.timezone, loaded);
    if (!sender && path && channel) {
      log.info({ path: path.reason, poster: channel.poster.description }, "jde.posting_path");
      sender = createSender(channel, shop.timezone);
      if (started) sender.start();
    }
  }

  // JDE is read whatever the shop answered: a shop not connected yet does not hold up its reference data.
  await shopAccess.readNow();
  await facts.refreshOnce().catch(() => undefined);
  const atStart = [
    { failure: mismatch ?? facts.lastFailure(), event: "jde.not_ready" },
    { failure: shopAccess.problem(), event: "shopify.not_ready" },
  ];
  for (const { failure, event } of atStart) {
    if (!failure) continue;
    // A wrong currency or an impossible path is a configuration problem: refuse to start. AIS down is
    // not, and neither is a refused login: exiting would let a supervisor's restarts lock the account,
    // so the service stays up, not ready, and the AIS client pauses its logins.
    // The same holds while the shop is not connected, the app was uninstalled or its token refused.
    if (!failure.retryable && !WAIT_FOR_OPERATOR.has(failure.code)) throw failure;
    log[failure.retryable ? "warn" : "error"]({ err: failure }, event);
  }

  function createSender(chosen: PostingChannel, timezone: string): BatchSender {
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
                timezone,
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
      const why = facts.lastFailure() ?? mismatch ?? shopAccess.problem();
      throw new ConnectorError(
        "MLC_AIS_UNAVAILABLE",
        `tenant ${tenant.id}: JDE reference data or the shop's facts not loaded yet (${why ? `${why.code}: ${why.message}` : "loading"})`,
      );
    }
    return { policy, facts: current };
  }

  const customers = connectCustomerTenant(tenant, {
    store,
    shopify,
    ais,
    path: () => path,
    currency: () => {
      const { reference } = loadedFacts().facts;
      return { code: reference.currency, decimals: reference.decimals };
    },
    createPort: deps.jdeCustomerPort,
    clock,
  });

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
    problem: () => facts.lastFailure() ?? mismatch,
    shopifyProblem: () => shopAccess.problem(),
    shopify,
    shopifyConnected: () => {
      shopify.token.forget();
      return shopAccess.accessGranted();
    },
    shopifyAccessChanged: () => shopAccess.readNow(),
    postingPath: () => path?.reason,
    policy: () => policy,
    wake: () => sender?.wake(),
    customers: customers?.directory,
    start() {
      started = true;
      sender?.start();
      facts.start();
      shopAccess.start();
      probe.start();
    },
    async stop() {
      probe.stop();
      await shopAccess.stop();
      await facts.stop();
      await sender?.stop();
      await channel?.close();
      await customers?.close();
    },
  };
  const sync: OrderSyncTenant = {
    get policy() {
      return loadedFacts().policy;
    },
    orders: shopify.orders,
    summary: tenant.summary,
    accountCheck: (account: AccountRef) => accountProblem(loadedFacts().facts.reference, account),
    ...(customers ? { customers: customers.directory } : {}),
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

/** Failures an operator must fix; the service keeps running (not ready) until they are. */
const WAIT_FOR_OPERATOR = new Set([
  "MLC_AIS_CREDENTIALS",
  "MLC_SHOPIFY_NOT_CONNECTED",
  "MLC_SHOPIFY_UNINSTALLED",
  "MLC_SHOPIFY_UNAUTHORIZED",
  "MLC_SHOPIFY_OAUTH",
]);
