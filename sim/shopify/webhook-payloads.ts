import { restCustomer } from "./rest-customer-payload.js";
import { restFulfillment } from "./rest-fulfillment-payload.js";
import { rawNumber, toShopifyJson } from "./rest-json.js";
import { restOrder, restRefund, restTransaction } from "./rest-order-payload.js";
import { shopLocalTime } from "./time-format.js";
import type { SimCustomer, SimOrder, SimShopConfig } from "./types.js";

/**
 * The exact JSON text Shopify would POST for `topic` about `order` (REST shape, §1.9).
 * `personalData: false` (protected customer data not approved) nulls the customer's personal fields.
 */
export function webhookBody(
  topic: string,
  order: SimOrder,
  timeZone: string,
  opts: { stale?: boolean; fulfillmentId?: string; personalData?: boolean },
): string {
  const updatedAtMs = opts.stale ? order.createdAtMs - 3_600_000 : order.updatedAtMs;
  switch (topic) {
    case "refunds/create": {
      const refund = order.refunds.at(-1);
      if (!refund) throw new Error(`simulator: order ${order.gid} has no refund to announce`);
      return toShopifyJson(restRefund(order, refund, timeZone));
    }
    case "fulfillments/create":
    case "fulfillments/update": {
      const f = opts.fulfillmentId
        ? order.fulfillments.find((x) => x.id === opts.fulfillmentId)
        : order.fulfillments.at(-1);
      if (!f) throw new Error(`simulator: order ${order.gid} has no fulfillment to announce`);
      return toShopifyJson(restFulfillment(order, f, timeZone));
    }
    case "order_transactions/create": {
      const tx = order.transactions.at(-1);
      if (!tx) throw new Error(`simulator: order ${order.gid} has no transaction to announce`);
      return toShopifyJson(restTransaction(order, tx, timeZone));
    }
    case "orders/edited":
      return toShopifyJson({
        order_edit: {
          id: rawNumber(`${order.id.slice(0, 4)}9${order.id.slice(5)}`),
          order_id: rawNumber(order.id),
          app_id: null,
          created_at: shopLocalTime(updatedAtMs, timeZone),
          notify_customer: false,
          staff_note: "",
          user_id: null,
          line_items: { additions: [], removals: [] },
        },
      });
    case "orders/delete":
      return toShopifyJson({ id: rawNumber(order.id) });
    default:
      return toShopifyJson(restOrder(order, timeZone, { updatedAtMs, personalData: opts.personalData }));
  }
}

/**
 * `customers/create`, `customers/update`: the REST Customer as it is now (§1.9), personal fields null
 * without protected-data approval; `stale` (a retry's old payload) carries the creation time as `updated_at`.
 */
export function customerWebhookBody(customer: SimCustomer, shop: SimShopConfig, opts: { stale?: boolean }) {
  return toShopifyJson(
    restCustomer(customer, {
      currency: shop.currency,
      timeZone: shop.timezone,
      personalData: shop.protectedCustomerData !== false,
      ...(opts.stale ? { updatedAtMs: customer.createdAtMs } : {}),
    }),
  );
}
