import type { FastifyInstance } from "fastify";
import type { ResolvedConfig } from "../config/resolve-stored-secrets.js";
import { buildApp } from "../http/build-app.js";
import { createGroupCommitInbox, type GroupCommitInbox } from "../inbox/group-commit-inbox.js";
import { toInboxEvent } from "../ingest/to-inbox-event.js";
import { createWebhookIntake, type VerifiedWebhook } from "../ingest/webhook-intake.js";
import { createWebhookJobRouting } from "../ingest/webhook-job-routing.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import { createInstallFlow } from "../shopify/oauth/install-flow.js";
import type { Store } from "../store/store.js";
import type { RunningTenant } from "./running-tenant.js";
import { appSecretsOf, installableTenant } from "./shopify-tenant.js";

/**
 * The HTTP side of the service: webhooks stored in the inbox with the job each makes (committed
 * together), Shopify's install flow, and `/healthz` per tenant. The caller listens on `app` and
 * closes `inbox` after the app.
 */
export function buildConnectorApp(deps: {
  config: Readonly<ResolvedConfig>;
  store: Store;
  tenants: ReadonlyMap<string, RunningTenant>;
  /** The tenant syncs customers: its `customers/create|update` webhooks make customer-sync jobs. */
  syncsCustomers(tenantId: string): boolean;
  wakeRunner: () => void;
  clock: Clock;
  log: Logger;
}): { app: FastifyInstance; inbox: GroupCommitInbox } {
  const { config, store, tenants, clock, log } = deps;
  const shops = new Map(config.tenants.map((t) => [t.shopify.shop.toLowerCase(), t]));
  const routing = createWebhookJobRouting({ syncsCustomers: deps.syncsCustomers });
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
      if (outcome === "stored" && routing.makesJob(webhook)) deps.wakeRunner();
      return outcome;
    },
  });

  const installable = (tenant: RunningTenant | undefined) =>
    tenant ? installableTenant(tenant.config, tenant.shopify, config.server.publicUrl) : undefined;
  const installFlow = createInstallFlow({
    tenantById: (id) => installable(tenants.get(id)),
    tenantByShop: (shop) => installable(tenants.get(shops.get(shop)?.id ?? "")),
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
        if (answer.kind === "installed") await tenants.get(answer.tenantId)?.shopifyConnected();
        return answer;
      },
    },
    health: async () => ({
      ok: true,
      detail: { backend: store.backend, tenants: [...tenants.values()].map(tenantHealth) },
    }),
  });
  return { app, inbox };
}

/** One tenant's line of `/healthz`: JDE's circuit, readiness and why not, the posting path. */
function tenantHealth(t: RunningTenant) {
  const jdeProblem = t.problem();
  const shopifyProblem = t.shopifyProblem();
  return {
    id: t.config.id,
    jde: t.circuit().status(),
    jdeDownSince: t.circuit().openedAt()?.toISOString() ?? null,
    ready: t.ready(),
    jdeProblem: jdeProblem ? `${jdeProblem.code}: ${jdeProblem.message}` : null,
    postingPath: t.postingPath() ?? null,
    shopifyProblem: shopifyProblem ? `${shopifyProblem.code}: ${shopifyProblem.message}` : null,
  };
}
