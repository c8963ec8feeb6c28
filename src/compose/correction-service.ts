import type { Config } from "../config/config-schema.js";
import { toAccountingPolicy } from "../config/to-accounting-policy.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import {
  type CorrectOrderOutcome,
  type CorrectOrderRequest,
  createOrderCorrector,
} from "../pipeline/correct-order.js";
import { fetchShopFacts } from "../shopify/shop-facts.js";
import { connectShopifyTenant } from "./shopify-tenant.js";
import { openTenantStore } from "./store-with-secrets.js";

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
  const { store, secrets, tenant } = await openTenantStore(deps.config, deps.tenantId, clock);
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
