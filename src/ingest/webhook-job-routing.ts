import type { NewInboxEvent } from "../inbox/inbox-store.js";
import { CUSTOMER_SYNC, CUSTOMER_SYNC_TOPICS } from "../pipeline/customer-sync-job.js";
import type { EnqueueJob } from "../pipeline/job-queue.js";
import { ORDER_SYNC } from "../pipeline/order-sync-job.js";
import { SHOP_EVENT, SHOP_EVENT_TOPICS } from "../pipeline/shop-event-job.js";

const ORDER_GID = "gid://shopify/Order/";
const CUSTOMER_GID = "gid://shopify/Customer/";

/**
 * Which job a stored webhook makes, committed with it (the inbox's `onStored`): an order signal → "sync
 * order X"; `customers/create|update` → "sync customer X" for a tenant that syncs customers (a
 * `customers` block with `sync: all`, posting per order: a `summary: daily` tenant keeps no customer
 * records in JDE, config/syncs-customers.ts); the shop's lifecycle and privacy topics → a shop event.
 * Other deliveries are kept in the inbox only.
 */
export function createWebhookJobRouting(deps: { syncsCustomers(tenantId: string): boolean }) {
  return { jobFor, makesJob };

  function jobFor(event: NewInboxEvent, inboxId: string): EnqueueJob | null {
    const trigger = { topic: event.topic, webhookId: event.webhookId };
    if (event.resourceGid?.startsWith(ORDER_GID))
      return { tenantId: event.tenantId, kind: ORDER_SYNC, key: event.resourceGid, payload: trigger };
    if (isCustomerSync(event.tenantId, event.topic) && event.resourceGid?.startsWith(CUSTOMER_GID))
      return { tenantId: event.tenantId, kind: CUSTOMER_SYNC, key: event.resourceGid, payload: trigger };
    if (SHOP_EVENT_TOPICS.has(event.topic))
      return { tenantId: event.tenantId, kind: SHOP_EVENT, key: inboxId, payload: { inboxId } };
    return null;
  }

  /** Whether a delivery (as the intake saw it) made a job, so the runner is woken only for work. */
  function makesJob(webhook: {
    tenantId: string;
    topic: string;
    orderId: string | null;
    customerId: string | null;
  }) {
    return (
      webhook.orderId !== null ||
      SHOP_EVENT_TOPICS.has(webhook.topic) ||
      (webhook.customerId !== null && isCustomerSync(webhook.tenantId, webhook.topic))
    );
  }

  function isCustomerSync(tenantId: string, topic: string): boolean {
    return CUSTOMER_SYNC_TOPICS.has(topic) && deps.syncsCustomers(tenantId);
  }
}
