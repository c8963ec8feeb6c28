import type { ResolvedTenantConfig } from "../config/resolve-stored-secrets.js";
import { crossReferenceKey } from "../customers/cross-reference-key.js";
import { type CustomerDirectory, createCustomerDirectory } from "../customers/customer-directory.js";
import type { JdeCustomerPort } from "../customers/jde-customer-port.js";
import type { AisClient } from "../jde/ais-client.js";
import type { PostingPath } from "../jde/describe-posting-path.js";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { JdeCustomerRecords } from "../pipeline/shop-event-job.js";
import type { Store } from "../store/store.js";
import type { ShopifyTenant } from "./shopify-tenant.js";

/** What a tenant's JDE customer port is built from, once the posting path is known. */
export interface JdeCustomerPortContext {
  ais: AisClient;
  /** Customers take the journals' way: the orchestration, or the Z-tables. */
  path: PostingPath;
  /** The company currency's decimals (`VOACL` on the Z-table path). */
  currencyDecimals: number;
  clock: Clock;
}

/** A port that may hold a connection of its own (the Z-table path's database), closed with the tenant. */
export type ClosableJdeCustomerPort = JdeCustomerPort & { close?(): Promise<void> };

/** Builds a tenant's JdeCustomerPort (src/jde/customers/); the composition root passes it in. */
export type JdeCustomerPortFactory = (
  tenant: ResolvedTenantConfig,
  context: JdeCustomerPortContext,
) => ClosableJdeCustomerPort | Promise<ClosableJdeCustomerPort>;

export interface CustomerTenant {
  directory: CustomerDirectory;
  /** The JDE records that may hold a customer's data, for a `customers/redact` (docs/customers.md §5). */
  records: JdeCustomerRecords;
  /** Closes the JDE customer port, if one was opened. */
  close(): Promise<void>;
}

/**
 * A tenant's customer directory (docs/customers.md), or undefined without a `customers` block (no
 * AN8 on any line, as before). The JDE port is built on first use, once the posting path and the
 * company currency are known; until then the directory's calls throw MLC_AIS_UNAVAILABLE (retried).
 */
export function connectCustomerTenant(
  tenant: ResolvedTenantConfig,
  deps: {
    store: Store;
    shopify: ShopifyTenant;
    ais: AisClient;
    /** The posting path, once discovered. */
    path(): PostingPath | undefined;
    /** The company currency and its decimals; throws (retryable) until JDE's reference data is loaded. */
    currency(): { code: string; decimals: number };
    createPort: JdeCustomerPortFactory | undefined;
    clock: Clock;
    /** Derives a key from the master key (SecretVault.deriveKey): the customer hashes' key. */
    deriveKey(purpose: string): Uint8Array;
  },
): CustomerTenant | undefined {
  const settings = tenant.customers;
  if (!settings) return undefined;
  const createPort = deps.createPort;
  if (!createPort) {
    throw new ConnectorError(
      "MLC_CONFIG_INVALID",
      `tenant ${tenant.id}: customers are configured, but no JDE customer port is available`,
    );
  }
  let port: Promise<ClosableJdeCustomerPort> | undefined;
  const jde = (): Promise<ClosableJdeCustomerPort> => {
    const path = deps.path();
    if (!path) {
      throw new ConnectorError(
        "MLC_AIS_UNAVAILABLE",
        `tenant ${tenant.id}: the JDE posting path is not known yet`,
      );
    }
    if (!port) {
      const context = { ais: deps.ais, path, currencyDecimals: deps.currency().decimals, clock: deps.clock };
      const opening = Promise.resolve().then(() => createPort(tenant, context));
      // A port that failed to open is opened again on the next call, not remembered as failed.
      opening.catch(() => {
        if (port === opening) port = undefined;
      });
      port = opening;
    }
    return port;
  };
  const directory = createCustomerDirectory({
    tenantId: tenant.id,
    settings,
    company: tenant.jde.company,
    currency: () => deps.currency().code,
    links: deps.store.customerLinks,
    customers: deps.shopify.customers,
    jde,
    audit: deps.store.audit,
    clock: deps.clock,
    // One key per tenant: the hashes of one brand's customers cannot be compared with another's.
    fingerprintKey: deps.deriveKey(`customer-fingerprint/${tenant.id}`),
  });
  const records: JdeCustomerRecords = {
    async addressNumbersOf(customerGid) {
      const key = crossReferenceKey(customerGid, settings.crossReference.prefix);
      // No key fits ALKY for this GID: the connector never wrote one, so no record carries it.
      if (key === null) return [];
      const found = await (await jde()).findByCrossReference([key]);
      return (found.get(key) ?? []).map((record) => record.addressNumber);
    },
    // Customers take the journals' way; a configured method is known before JDE is first read.
    writePath: () => {
      const configured = tenant.jde.posting.method;
      return deps.path()?.method ?? (configured === "auto" ? undefined : configured);
    },
  };
  return {
    directory,
    records,
    async close() {
      const opened = await port?.catch(() => undefined);
      await opened?.close?.();
    },
  };
}
