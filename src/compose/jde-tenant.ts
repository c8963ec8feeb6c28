import type { TenantConfig } from "../config/config-schema.js";
import type { ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import { toAccountingPolicy } from "../config/to-accounting-policy.js";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { AccountRef } from "../domain/journal.js";
import { type AisClient, createAisClient } from "../jde/ais-client.js";
import { type JdeFacts, loadJdeFacts } from "../jde/jde-facts.js";
import { accountProblem } from "../jde/reference-data.js";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import type { ShopifyGraphqlClient } from "../shopify/graphql-client.js";
import { fetchShopFacts } from "../shopify/shop-facts.js";

/** A tenant's AIS client, from its `jde` block (a composition root beside main.ts). */
export function connectJdeTenant(
  tenant: ResolvedTenantConfig,
  deps: { clock: Clock; log: Logger },
): AisClient {
  return createAisClient({
    baseUrl: tenant.jde.aisUrl,
    username: tenant.jde.username,
    password: tenant.jde.password,
    environment: tenant.jde.environment,
    role: tenant.jde.role,
    deviceName: tenant.jde.deviceName,
    timeoutMs: tenant.jde.timeoutMs,
    clock: deps.clock,
    log: deps.log,
  });
}

/** The mapping's policy from the shop's time zone and what JDE said (currency, decimals, open window). */
export function policyFromJdeFacts(
  tenant: TenantConfig,
  timezone: string,
  facts: JdeFacts,
): AccountingPolicy {
  return toAccountingPolicy(tenant, {
    timezone,
    currency: facts.reference.currency,
    decimals: facts.reference.decimals,
    openPeriod: facts.openPeriod,
  });
}

/** The shop and the JDE company must keep their books in one currency: nothing is converted. */
export function assertSameCurrency(tenant: TenantConfig, shopCurrency: string, facts: JdeFacts): void {
  if (shopCurrency === facts.reference.currency) return;
  throw new ConnectorError(
    "MLC_CURRENCY_MISMATCH",
    `tenant ${tenant.id}: shop currency ${shopCurrency} differs from JDE company ${tenant.jde.company} currency ${facts.reference.currency}`,
  );
}

/** What an order-sync job maps with: the tenant's policy and JDE's verdict on each account. */
export interface TenantAccounting {
  policy: AccountingPolicy;
  accountCheck: (account: AccountRef) => string | null;
}

/**
 * For commands that map orders without the service (`backfill --dry-run`): the shop's facts and the
 * JDE reference data read once, as the running service reads them at start, then the AIS session is
 * logged out. Throws when JDE or the shop cannot be read, or their currencies differ.
 */
export async function readTenantAccounting(
  tenant: ResolvedTenantConfig,
  deps: { shopify: ShopifyGraphqlClient; clock: Clock; log: Logger },
): Promise<TenantAccounting> {
  const shop = await fetchShopFacts(deps.shopify);
  const ais = connectJdeTenant(tenant, deps);
  try {
    const facts = await loadJdeFacts(ais, { company: tenant.jde.company, now: deps.clock.now() });
    assertSameCurrency(tenant, shop.currency, facts);
    return {
      policy: policyFromJdeFacts(tenant, tenant.shopify.timezone ?? shop.timezone, facts),
      accountCheck: (account) => accountProblem(facts.reference, account),
    };
  } finally {
    await ais.logout(); // best effort: it logs a failure and never throws
    await ais.close();
  }
}
