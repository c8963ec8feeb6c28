import type { TenantConfig } from "./config-schema.js";

/**
 * Whether the tenant keeps its Shopify customers in JDE's Address Book (docs/customers.md §5): a
 * `customers` block with `sync: all`, and per-order posting. A tenant on `summary: daily` posts one
 * summary a day with no address number on any line, so it holds no customer-level receivables in JDE
 * and needs no customer records: its customers are never synced (a running tenant then has no customer
 * directory, compose/running-tenant.ts).
 */
export function syncsCustomers(tenant: Pick<TenantConfig, "customers" | "summary">): boolean {
  return tenant.customers?.sync === "all" && tenant.summary !== "daily";
}

/**
 * A `customers` block on a `summary: daily` tenant: valid (a merchant moving between per-order and
 * summary posting keeps it for when it moves back), but nothing reads it; said once at start
 * (config-warnings.ts) and in `connect test` ({@link CUSTOMERS_UNUSED_IN_SUMMARY_MODE}).
 */
export function customersUnusedInSummaryMode(tenant: Pick<TenantConfig, "customers" | "summary">): boolean {
  return tenant.customers !== undefined && tenant.summary === "daily";
}

/** Why a summary tenant's `customers` block has no effect. */
export const CUSTOMERS_UNUSED_IN_SUMMARY_MODE =
  "customers are not synced: the tenant posts daily summaries (summary: daily), whose lines carry no customer";

/** Whether a tenant, by id, syncs customers: the webhook routing asks it. */
export function tenantSyncsCustomers(
  tenants: ReadonlyArray<Pick<TenantConfig, "id" | "customers" | "summary">>,
): (tenantId: string) => boolean {
  const syncing = new Set(tenants.filter(syncsCustomers).map((t) => t.id));
  return (tenantId) => syncing.has(tenantId);
}
