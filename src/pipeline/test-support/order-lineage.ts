import { createHash } from "node:crypto";
import type { AuditLog } from "../../audit/audit-log.js";
import type { AccountingPolicy } from "../../domain/accounting-policy.js";
import type { OrderSnapshot } from "../../domain/order.js";
import type { InboxStore, NewInboxEvent } from "../../inbox/inbox-store.js";
import type { Clock } from "../../lib/clock.js";
import { makeOrder, makePayment, makeSale, makeSalesEvent } from "../../mapping/test-support/make-order.js";
import { makePolicy } from "../../mapping/test-support/make-policy.js";
import type { PostingStore } from "../../posting/posting-store.js";
import type { LeasedJob } from "../job-queue.js";
import { createOrderSyncHandler } from "../order-sync-job.js";

export const ORDER_ID = "gid://shopify/Order/5934123456789";
export const CUSTOMER_ID = "gid://shopify/Customer/7011111111111";

/** The customer's personal data, as Shopify's order and compliance webhooks carry it. */
export const PERSONAL = {
  firstName: "Philippa",
  lastName: "Quennell-Barrow",
  email: "philippa.qb@example.com",
  phone: "+16135550177",
  address: "4471 Wrenfield Crescent",
  city: "Ottawa",
  zip: "K1P 5Z9",
} as const;

/** A paid order: one sale, one Shopify Payments capture. */
export function lineageOrder(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return makeOrder({
    id: ORDER_ID,
    name: "#1042",
    updatedAt: "2026-11-27T15:01:00Z",
    customerId: CUSTOMER_ID,
    salesEvents: [
      makeSalesEvent({
        id: "gid://shopify/OrderAgreement/77",
        happenedAt: "2026-11-27T15:00:00Z",
        sales: [makeSale({ totalAmountMinor: 12_744n })],
      }),
    ],
    paymentEvents: [
      makePayment({
        id: "gid://shopify/OrderTransaction/88",
        kind: "SALE",
        processedAt: "2026-11-27T15:00:02Z",
        amountMinor: 12_744n,
      }),
    ],
    ...overrides,
  });
}

/** An order webhook as Shopify sends it: the order with its customer, e-mail, phone and addresses. */
export function orderWebhook(topic: string, receivedAt: Date, resourceGid = ORDER_ID): NewInboxEvent {
  const id = resourceGid.split("/").at(-1);
  const address = {
    first_name: PERSONAL.firstName,
    last_name: PERSONAL.lastName,
    address1: PERSONAL.address,
    city: PERSONAL.city,
    zip: PERSONAL.zip,
    phone: PERSONAL.phone,
  };
  const body = Buffer.from(
    JSON.stringify({
      id: Number(id),
      admin_graphql_api_id: resourceGid,
      email: PERSONAL.email,
      phone: PERSONAL.phone,
      customer: { id: 7011111111111, email: PERSONAL.email, first_name: PERSONAL.firstName },
      billing_address: address,
      shipping_address: address,
    }),
  );
  return {
    tenantId: "acme",
    shopDomain: "acme.myshopify.com",
    topic,
    webhookId: `wh-${topic}-${receivedAt.getTime()}`,
    eventId: `ev-${topic}-${receivedAt.getTime()}`,
    apiVersion: "2026-10",
    triggeredAt: receivedAt,
    receivedAt,
    body,
    bodySha256: createHash("sha256").update(body).digest("hex"),
    resourceGid,
  };
}

/** The ports of a real store the order-sync job writes to (the store itself is built by the test). */
type LineageStore = { inbox: InboxStore; posting: PostingStore; audit: AuditLog };

/** Stores deliveries in the inbox; answers their ids. */
export async function deliver(store: LineageStore, events: NewInboxEvent[]): Promise<string[]> {
  const ids: string[] = [];
  await store.inbox.appendMany(events, {
    onStored: (_event, id) => {
      ids.push(id);
      return null;
    },
  });
  return ids;
}

/** The order-sync job over a real store, its inbox and audit log; the order read from `orders`. */
export function lineageSync(
  store: LineageStore,
  clock: Clock,
  options: { orders?: OrderSnapshot[]; policy?: AccountingPolicy } = {},
) {
  const orders = new Map((options.orders ?? [lineageOrder()]).map((order) => [order.id, order]));
  const policy = options.policy ?? makePolicy({ timezone: "America/New_York" });
  const handler = createOrderSyncHandler({
    tenant: () => ({
      policy,
      orders: {
        fetchOrder: async (id) => orders.get(id) ?? null,
        listUpdatedOrderIds: async () => ({ orderIds: [], nextCursor: null }),
      },
    }),
    posting: store.posting,
    audit: store.audit,
    inbox: store.inbox,
    clock,
    onDocumentsRecorded: () => {},
  });
  return (orderId = ORDER_ID, payload: unknown = { topic: "orders/create" }) =>
    handler({ tenantId: "acme", key: orderId, payload } as LeasedJob);
}
