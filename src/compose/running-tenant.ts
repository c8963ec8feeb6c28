import type { ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import { customersUnusedInSummaryMode, syncsCustomers } from "../config/syncs-customers.js";
import type { CustomerDirectory } from "../customers/customer-directory.js";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { AccountRef } from "../domain/journal.js";
import type { AisClient } from "../jde/ais-client.js";
import { discoverPostingPath, type PostingPath } from "../jde/describe-posting-path.js";
import { type JdeFacts, loadJdeFacts } from "../jde/jde-facts.js";
import { createLivenessProbe } from "../jde/liveness-probe.js";
import { openPostingChannel, type PostingChannel } from "../jde/open-posting-channel.js";
import { accountProblem } from "../jde/reference-data.js";
import { type CircuitBreaker, createCircuitBreaker } from "../lib/circuit-breaker.js";
import type { Clock } from "../lib/clock.js";
import { ConnectorError, coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import { createRefreshLoop } from "../lib/refresh-loop.js";
import type { OrderSyncTenant } from "../pipeline/order-sync-job.js";
import { resumeShopJobs } from "../pipeline/resume-shop-jobs.js";
import { createShopAccessWatch } from "../pipeline/shop-access-watch.js";
import type { JdeCustomerRecords } from "../pipeline/shop-event-job.js";
import type { BatchSender } from "../posting/batch-sender.js";
import { fetchShopFacts } from "../shopify/shop-facts.js";
import type { Store } from "../store/store.js";
import { connectCustomerTenant, type JdeCustomerPortFactory } from "./customer-tenant.js";
import { assertSameCurrency, connectJdeTenant, policyFromJdeFacts } from "./jde-tenant.js";
import type { ShopifyTenant } from "./shopify-tenant.js";
import { createTenantSender } from "./tenant-sender.js";

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
  /**
   * The tenant's customers in JDE, only when it syncs them (config/syncs-customers.ts): the customer-sync
   * jobs and the pending-link check use it. A summary or `sync: none` tenant has none.
   */
  customers: CustomerDirectory | undefined;
  /** The JDE records that may hold a customer's data (for `customers/redact`), with a `customers` block. */
  customerRecords: JdeCustomerRecords | undefined;
  /** A new Shopify token was stored (install): read the shop again now; parked jobs resume once it reads. */
  shopifyConnected(): Promise<void>;
  /** The Shopify access may have changed (uninstall, shop redact, a job refused): read the shop again for /healthz. */
  shopifyAccessChanged(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Connects one tenant: its AIS client and circuit, the shop's facts and JDE's reference data (each
 * re-read on its own loop), the posting path and channel, the batch sender once all of them are in,
 * and its customer directory. Returns the running tenant and what the order-sync job reads of it.
 * Throws only for a configuration problem; JDE or the shop being unavailable leaves it running, not ready.
 */
export async function startRunningTenant(
  tenant: ResolvedTenantConfig,
  deps: {
    store: Store;
    shopify: ShopifyTenant;
    wakeRunner: () => void;
    log: Logger;
    clock: Clock;
    jdeCustomerPort: JdeCustomerPortFactory | undefined;
    /** Keys derived from the master key (the customer hashes'). */
    deriveKey(purpose: string): Uint8Array;
  },
): Promise<{ tenant: RunningTenant; sync: OrderSyncTenant }> {
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
      sender = createTenantSender(tenant, { channel, timezone: shop.timezone, store, clock, log });
      if (started) sender.start();
    }
  }

  // JDE is read whatever the shop answered: a shop not connected yet does not hold up its reference data.
  await shopAccess.readNow();
  await facts.refreshOnce().catch(() => undefined);
  reportStartProblems(
    [
      { failure: mismatch ?? facts.lastFailure(), event: "jde.not_ready" },
      { failure: shopAccess.problem(), event: "shopify.not_ready" },
    ],
    log,
  );

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
    deriveKey: deps.deriveKey,
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
    customers: syncsCustomers(tenant) ? customers?.directory : undefined,
    // Every tenant with a `customers` block: records written before it stopped syncing customers stay.
    customerRecords: customers?.records,
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
    // `sync: none` too (its orders take the generic customer); summary mode puts no AN8 on any line.
    ...(customers && !customersUnusedInSummaryMode(tenant) ? { customers: customers.directory } : {}),
  };
  return { tenant: running, sync };
}

/**
 * A wrong currency or an impossible path is a configuration problem: refuse to start. AIS down is
 * not, and neither is a refused login: exiting would let a supervisor's restarts lock the account,
 * so the service stays up, not ready, and the AIS client pauses its logins. The same holds while the
 * shop is not connected, the app was uninstalled or its token refused.
 */
function reportStartProblems(
  found: Array<{ failure: ConnectorError | undefined; event: string }>,
  log: Logger,
): void {
  for (const { failure, event } of found) {
    if (!failure) continue;
    if (!failure.retryable && !WAIT_FOR_OPERATOR.has(failure.code)) throw failure;
    log[failure.retryable ? "warn" : "error"]({ err: failure }, event);
  }
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
