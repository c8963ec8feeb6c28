import type { Config } from "../config/config-schema.js";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import { createBackfillPreview, type OrderPreview } from "../pipeline/backfill-preview.js";
import { createExceptionList, type ExceptionRecord } from "../pipeline/exceptions.js";
import { type ExceptionFilter, selectExceptions } from "../pipeline/exceptions-filter.js";
import { createReplay, type ReplayOutcome, type ReplayRequest } from "../pipeline/replay.js";
import { openExistingStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { readTenantAccounting } from "./jde-tenant.js";
import { connectShopifyTenant, type ShopifyTenant } from "./shopify-tenant.js";
import { unlockStoredSecrets } from "./unlock-stored-secrets.js";

export interface ExceptionsService {
  list(filter: ExceptionFilter): Promise<ExceptionRecord[]>;
  replay(request: Omit<ReplayRequest, "tenantId">): Promise<ReplayOutcome>;
  /** This build's migrations the store has not applied (it is read and written as it is). */
  pendingMigrations: string[];
  close(): Promise<void>;
}

export type ExceptionsServiceOpened =
  | { found: true; service: ExceptionsService }
  | { found: false; why: string };

/**
 * For `ml-connector exceptions` and `replay`: one tenant's exceptions over the configured store, which is
 * never created nor migrated here (a store without one holds no exception; a command must not change the
 * schema under a running service). Shopify and JDE are reached only by a dry run that maps orders — their
 * secrets are unlocked then — so a real replay needs neither: the running service does the work.
 */
export async function openExceptionsService(deps: {
  config: Readonly<Config>;
  tenantId: string;
  clock: Clock;
  log: Logger;
}): Promise<ExceptionsServiceOpened> {
  const { clock, tenantId } = deps;
  const configured = deps.config.tenants.find((t) => t.id === tenantId);
  if (!configured) throw new ConnectorError("MLC_CONFIG_INVALID", `tenant ${tenantId} is not configured`);
  const existing = await openExistingStore(deps.config.store.url, { clock });
  if (!existing.found) return { found: false, why: `no store yet at ${existing.path}` };
  const { store } = existing;
  let pendingMigrations: string[];
  try {
    const status = await store.migrationStatus();
    if (status.applied.length === 0) {
      await store.close();
      return { found: false, why: "the store has no schema yet" };
    }
    pendingMigrations = status.pending;
  } catch (error) {
    await store.close();
    throw error;
  }
  const exceptions = createExceptionList({
    jobs: store.jobs,
    posting: store.posting,
    audit: store.audit,
    clock,
  });
  // Only this tenant's secrets are needed: another tenant's missing ones must not stop a dry run.
  const preview = lazyPreview({ ...deps, config: { ...deps.config, tenants: [configured] } }, store);
  const replays = createReplay({
    exceptions,
    jobs: store.jobs,
    posting: store.posting,
    audit: store.audit,
    clock,
    previewOrder: preview.previewOrder,
  });
  return {
    found: true,
    service: {
      list: async (filter) => selectExceptions(await exceptions.list(tenantId), filter),
      replay: (request) => replays.replay({ ...request, tenantId }),
      pendingMigrations,
      close: async () => {
        try {
          await preview.close();
        } finally {
          await store.close();
        }
      },
    },
  };
}

/** The backfill's dry-run mapper (Shopify + JDE reference data), connected on the first order it maps. */
function lazyPreview(deps: { config: Readonly<Config>; clock: Clock; log: Logger }, store: Store) {
  let shopify: ShopifyTenant | undefined;
  let mapper: Promise<(orderId: string) => Promise<OrderPreview>> | undefined;
  return {
    previewOrder: async (orderId: string) => {
      mapper ??= connect();
      return (await mapper)(orderId);
    },
    close: async () => {
      await shopify?.close();
    },
  };

  async function connect() {
    const { clock, log } = deps;
    const { secrets, config } = await unlockStoredSecrets(deps.config, store.secrets);
    const tenant = config.tenants[0]!;
    shopify = connectShopifyTenant(tenant, { installations: store.installations, secrets, clock, log });
    const accounting = await readTenantAccounting(tenant, { shopify: shopify.client, clock, log });
    return createBackfillPreview({
      tenantId: tenant.id,
      orders: shopify.orders,
      posting: store.posting,
      ...accounting,
    }).previewOrder;
  }
}
