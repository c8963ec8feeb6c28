import { rawNumber, toShopifyJson } from "./rest-json.js";
import { shopIdOf } from "./shop-identity.js";
import type { SimCustomer, SimShopConfig } from "./types.js";

/**
 * Bodies of the mandatory compliance webhooks, in Shopify's key order and with numeric ids (not GIDs)
 * written straight from their decimal strings (reference §1.9, "Compliance").
 * @see https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance
 */

/** `customers/redact`: erase what the app holds about the customer and these orders. */
export function customersRedactBody(
  shop: SimShopConfig,
  customer: SimCustomer,
  orderIds: readonly string[],
): string {
  return toShopifyJson({
    shop_id: rawNumber(shopIdOf(shop)),
    shop_domain: shop.domain,
    customer: customerPart(customer),
    orders_to_redact: orderIds.map(rawNumber),
  });
}

/** `customers/data_request`: the merchant must answer the customer with what the app holds. */
export function customersDataRequestBody(
  shop: SimShopConfig,
  customer: SimCustomer,
  orderIds: readonly string[],
  dataRequestId: string,
): string {
  return toShopifyJson({
    shop_id: rawNumber(shopIdOf(shop)),
    shop_domain: shop.domain,
    orders_requested: orderIds.map(rawNumber),
    customer: customerPart(customer),
    data_request: { id: rawNumber(dataRequestId) },
  });
}

/** `shop/redact` (about 48 h after the uninstall): erase everything the app holds about the shop. */
export function shopRedactBody(shop: SimShopConfig): string {
  return toShopifyJson({ shop_id: rawNumber(shopIdOf(shop)), shop_domain: shop.domain });
}

function customerPart(customer: SimCustomer) {
  return { id: rawNumber(customer.id), email: customer.email, phone: customer.phone };
}
