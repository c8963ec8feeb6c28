import type { TenantConfig } from "./config-schema.js";

/**
 * Whether the tenant keeps its Shopify customers in JDE's Address Book (docs/customers.md §5): a
 * `customers` block with `sync: all`, and per-order posting. A tenant on `summary: daily` posts one
 * summary a day with no address number on any line, so it holds no customer-level receivables in JDE
 * and needs no customer records: its customers are never synced.
 */
export function syncsCustomers(tenant: Pick<TenantConfig, "customers" | "summary">): boolean {
  return tenant.customers?.sync === "all" && tenant.summary !== "daily";
}

/** Whether a tenant, by id, syncs customers: the webhook routing and the customer-sync job ask it. */
export function tenantSyncsCustomers(
  tenants: ReadonlyArray<Pick<TenantConfig, "id" | "customers" | "summary">>,
): (tenantId: string) => boolean {
  const syncing = new Set(tenants.filter(syncsCustomers).map((t) => t.id));
  return (tenantId) => syncing.has(tenantId);
}
