import type { Clock } from "../lib/clock.js";
import { CUSTOMER_SYNC, createCustomerSyncHandler } from "../pipeline/customer-sync-job.js";
import type { JobHandler } from "../pipeline/job-runner.js";
import { createOrderSyncHandler, ORDER_SYNC, type OrderSyncTenant } from "../pipeline/order-sync-job.js";
import { createShopEventHandler, SHOP_EVENT } from "../pipeline/shop-event-job.js";
import { watchShopAccessRefusals } from "../pipeline/watch-shop-access-refusals.js";
import type { Store } from "../store/store.js";
import type { RunningTenant } from "./running-tenant.js";

/**
 * The job runner's handlers, one per job kind. Tenants are looked up when a job runs (the runner is
 * built before they start). A Shopify refusal in an order or customer job makes the tenant read the
 * shop again, so `/healthz` shows why.
 */
export function createJobHandlers(deps: {
  store: Store;
  tenant(tenantId: string): RunningTenant | undefined;
  syncTenant(tenantId: string): OrderSyncTenant | undefined;
  clock: Clock;
}): Record<string, JobHandler> {
  const { store, clock } = deps;
  const shopAccessChanged = (id: string) => void deps.tenant(id)?.shopifyAccessChanged();
  return {
    [ORDER_SYNC]: watchShopAccessRefusals(
      createOrderSyncHandler({
        tenant: deps.syncTenant,
        posting: store.posting,
        summaries: store.summaries,
        audit: store.audit,
        inbox: store.inbox,
        clock,
        syncMarks: store.orderSyncMarks,
        onDocumentsRecorded: (id) => deps.tenant(id)?.wake(),
      }),
      shopAccessChanged,
    ),
    [CUSTOMER_SYNC]: watchShopAccessRefusals(
      createCustomerSyncHandler({
        // A job queued before the tenant stopped syncing customers (summary mode, sync: none) finds no
        // directory (running-tenant.ts) and is dropped.
        directory: (id) => deps.tenant(id)?.customers,
        audit: store.audit,
        clock,
      }),
      shopAccessChanged,
    ),
    [SHOP_EVENT]: createShopEventHandler({
      inbox: store.inbox,
      installations: store.installations,
      privacyRequests: store.privacyRequests,
      posting: store.posting,
      customerLinks: store.customerLinks,
      // Summary tenants too: records the connector wrote before the tenant moved to summary mode stay.
      jdeCustomers: (id) => deps.tenant(id)?.customerRecords,
      forgetShopAccess: async (id) => {
        await deps.tenant(id)?.shopify.forgetAccess();
        await deps.tenant(id)?.shopifyAccessChanged();
      },
      clock,
    }),
  };
}
