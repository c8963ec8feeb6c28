import type { AuditLog, NewAuditEntry } from "../../audit/audit-log.js";
import { type Clock, systemClock } from "../../lib/clock.js";
import { type CustomerDirectory, createCustomerDirectory } from "../customer-directory.js";
import type { CustomerLinks } from "../customer-links.js";
import type { CustomerSettings } from "../customer-settings.js";
import type { CustomerSnapshot } from "../customer-source.js";
import { makeCustomerSettings } from "./make-customer.js";
import { createMemoryJdeCustomers } from "./memory-jde-customers.js";

/** Shopify's customers, as the directory reads them; counts the reads. */
export function createShopifyCustomers(initial: readonly CustomerSnapshot[] = []) {
  const customers = new Map(initial.map((customer) => [customer.id, customer]));
  let reads = 0;
  return {
    source: {
      async fetchCustomer(customerId: string) {
        reads += 1;
        return customers.get(customerId) ?? null;
      },
    },
    set: (customer: CustomerSnapshot) => customers.set(customer.id, customer),
    reads: () => reads,
  };
}

/** The audit log of the store, with every entry also kept here (customer steps name no order). */
export function recordingAudit(audit: AuditLog): AuditLog & { entries: NewAuditEntry[] } {
  const entries: NewAuditEntry[] = [];
  return {
    entries,
    append: async (entry) => {
      entries.push(entry);
      return audit.append(entry);
    },
    listByOrder: (tenantId, orderId) => audit.listByOrder(tenantId, orderId),
    listByDocument: (key) => audit.listByDocument(key),
    query: (filter) => audit.query(filter),
    pruneBefore: (cutoff, options) => audit.pruneBefore(cutoff, options),
  };
}

/**
 * A tenant's customer directory over a real store, a Shopify double and the in-memory JDE. Batches
 * wait a few real milliseconds: long enough for concurrent requests to meet, short for a test.
 */
export function createDirectoryHarness(
  store: { customerLinks: CustomerLinks; audit: AuditLog },
  options: {
    tenantId?: string;
    settings?: Partial<CustomerSettings>;
    jde?: Parameters<typeof createMemoryJdeCustomers>[0];
    customers?: readonly CustomerSnapshot[];
    clock?: Clock;
  } = {},
) {
  const tenantId = options.tenantId ?? "acme";
  const settings = makeCustomerSettings({ batch: { maxCustomers: 50, maxWaitMs: 5 }, ...options.settings });
  const shopify = createShopifyCustomers(options.customers);
  const jde = createMemoryJdeCustomers(options.jde);
  const audit = recordingAudit(store.audit);
  const directory: CustomerDirectory = createCustomerDirectory({
    tenantId,
    settings,
    company: "00100",
    currency: () => "USD",
    links: store.customerLinks,
    customers: shopify.source,
    jde: async () => jde.port,
    audit,
    clock: options.clock ?? systemClock,
    fingerprintKey: Buffer.alloc(32, 7),
  });
  const steps = (step: string) =>
    audit.entries.filter((entry) => entry.step === step).map((entry) => entry.detail ?? {});
  return { tenantId, settings, shopify, jde, audit, directory, steps };
}
