import type { Config } from "../config/config-schema.js";
import type { ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { AisClient } from "../jde/ais-client.js";
import { loadJdeFacts } from "../jde/jde-facts.js";
import { readLedgerDocuments, readLedgerDocumentsByNumber } from "../jde/ledger-reader.js";
import { loadFiscalPattern } from "../jde/open-period.js";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import type { OrderSource } from "../pipeline/order-source.js";
import {
  type LedgerSource,
  type PeriodReconciliation,
  type ReconcilePeriodDeps,
  reconcilePeriod,
} from "../pipeline/reconcile-period.js";
import { formatPeriodLabel, periodDates, periodOfDate } from "../reconcile/fiscal-period.js";
import { fetchShopFacts } from "../shopify/shop-facts.js";
import { assertSameCurrency, connectJdeTenant, policyFromJdeFacts } from "./jde-tenant.js";
import { connectShopifyTenant } from "./shopify-tenant.js";
import { openTenantStore } from "./store-with-secrets.js";

/**
 * Which period: an operator's label (`2026/11`), or the period holding a G/L date (the schedule's),
 * then compared only up to `through` when given (the period to date: today's work is still in flight).
 */
export type PeriodChoice = { label: string } | { containing: string; through?: string };

/** A tenant's parts a reconciliation reads through, whoever connected them (CLI or running service). */
export interface ReconcileParts {
  tenant: ResolvedTenantConfig;
  posting: ReconcilePeriodDeps["posting"];
  orders: Pick<OrderSource, "fetchOrder" | "listUpdatedOrderIds">;
  ais: Pick<AisClient, "call">;
  policy: AccountingPolicy;
  onOrderRead?: (read: number, total: number) => void;
}

/**
 * Reconciles one fiscal period of one tenant: the period's dates from the company's F0008 pattern,
 * then the three sides through the given parts.
 */
export async function reconcileTenantPeriod(
  parts: ReconcileParts,
  choice: PeriodChoice,
): Promise<PeriodReconciliation> {
  const { tenant, ais, policy } = parts;
  const pattern = await loadFiscalPattern(ais, { company: tenant.jde.company });
  const period =
    "label" in choice ? periodDates(choice.label, pattern) : periodOfDate(choice.containing, pattern);
  if (!period) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `JDE fiscal date pattern ${pattern.datePattern} (F0008) has no period holding ${"containing" in choice ? choice.containing : ""}`,
    );
  }
  const lastDate =
    "through" in choice && choice.through && choice.through < period.lastDate
      ? choice.through
      : period.lastDate;
  return reconcilePeriod(
    {
      tenantId: tenant.id,
      period: { ...period, lastDate, label: formatPeriodLabel(period) },
      policy,
      summary: tenant.summary,
    },
    {
      orders: parts.orders,
      posting: parts.posting,
      ledger: ledgerSource(ais, tenant, policy.decimals),
      ...(parts.onOrderRead ? { onOrderRead: parts.onOrderRead } : {}),
    },
  );
}

/** F0911 of the tenant's company and document type, as the reconciliation reads it. */
function ledgerSource(
  ais: Pick<AisClient, "call">,
  tenant: ResolvedTenantConfig,
  decimals: number,
): LedgerSource {
  const scope = {
    company: tenant.jde.company,
    documentType: tenant.jde.documentType,
    decimals,
    referenceField: tenant.jde.referenceField,
    dateFormat: tenant.jde.dateFormat,
  };
  return {
    documentsInPeriod: (firstDate, lastDate) => readLedgerDocuments(ais, { ...scope, firstDate, lastDate }),
    documentsByNumber: (documentNumbers) => readLedgerDocumentsByNumber(ais, { ...scope, documentNumbers }),
  };
}

export interface ReconciliationRequest {
  config: Readonly<Config>;
  tenantId: string;
  period: PeriodChoice;
  clock: Clock;
  log: Logger;
  onOrderRead?: (read: number, total: number) => void;
}

/**
 * `ml-connector reconcile` (a composition root beside main.ts): opens the store, the tenant's Shopify
 * and an AIS session of its own, reads the shop's and JDE's facts as the service does, reconciles, and
 * logs out. Reads only: nothing is recorded or sent.
 */
export async function runReconciliation(request: ReconciliationRequest): Promise<PeriodReconciliation> {
  const { clock, log } = request;
  const { store, secrets, tenant } = await openTenantStore(request.config, request.tenantId, clock);
  const shopify = connectShopifyTenant(tenant, { installations: store.installations, secrets, clock, log });
  const ais = connectJdeTenant(tenant, { clock, log });
  try {
    const shop = await fetchShopFacts(shopify.client);
    const facts = await loadJdeFacts(ais, { company: tenant.jde.company, now: clock.now() });
    assertSameCurrency(tenant, shop.currency, facts);
    return await reconcileTenantPeriod(
      {
        tenant,
        posting: store.posting,
        orders: shopify.orders,
        ais,
        policy: policyFromJdeFacts(tenant, tenant.shopify.timezone ?? shop.timezone, facts),
        ...(request.onOrderRead ? { onOrderRead: request.onOrderRead } : {}),
      },
      request.period,
    );
  } finally {
    await ais.logout(); // best effort: logs a failure, never throws
    await ais.close();
    await shopify.close();
    await store.close();
  }
}
