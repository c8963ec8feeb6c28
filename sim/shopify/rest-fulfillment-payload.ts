import { locationId } from "./locations.js";
import { formatFixed } from "./money.js";
import { rawNumber } from "./rest-json.js";
import { shopLocalTime } from "./time-format.js";
import type { SimFulfillment, SimOrder } from "./types.js";

/**
 * REST-shaped Fulfillment (reference §1.9; body of `fulfillments/create|update`, element of an order's
 * `fulfillments[]`). `line_items[]` are the order's line items with `quantity` = units in this shipment.
 */
export function restFulfillment(order: SimOrder, f: SimFulfillment, timeZone: string) {
  const time = (ms: number) => shopLocalTime(ms, timeZone);
  const index = order.fulfillments.indexOf(f);
  return {
    id: rawNumber(f.id),
    admin_graphql_api_id: `gid://shopify/Fulfillment/${f.id}`,
    order_id: rawNumber(order.id),
    name: `${order.name}.${index + 1}`,
    status: f.status.toLowerCase(),
    created_at: time(f.createdAtMs),
    updated_at: time(f.createdAtMs),
    location_id: rawNumber(locationId(f.location)),
    service: "manual",
    shipment_status: null,
    tracking_company: null,
    tracking_number: null,
    tracking_numbers: [],
    tracking_url: null,
    tracking_urls: [],
    line_items: f.lineItems.map((x) => {
      const line = order.lineItems.find((l) => l.id === x.lineItemId);
      const price = line ? formatFixed(line.unitPriceMinor, order.decimals) : null;
      const m = { amount: price, currency_code: order.currency };
      return {
        id: rawNumber(x.lineItemId),
        admin_graphql_api_id: `gid://shopify/LineItem/${x.lineItemId}`,
        product_id: rawNumber(line?.productId || null),
        variant_id: rawNumber(line?.variantId || null),
        sku: line?.sku ?? null,
        title: line?.title ?? null,
        variant_title: line?.variantTitle ?? null,
        name: line?.variantTitle ? `${line.title} - ${line.variantTitle}` : (line?.title ?? null),
        quantity: x.quantity,
        price,
        price_set: { shop_money: m, presentment_money: m },
        requires_shipping: line?.requiresShipping ?? true,
        gift_card: line?.isGiftCard ?? false,
        fulfillment_status: "fulfilled",
      };
    }),
  };
}
