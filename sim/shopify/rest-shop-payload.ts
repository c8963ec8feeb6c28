import { rawNumber } from "./rest-json.js";
import { shopIdOf } from "./shop-identity.js";
import { shopLocalTime } from "./time-format.js";
import type { SimShopConfig } from "./types.js";

/** When every simulated shop was opened (the Shop resource's `created_at`). */
const SHOP_CREATED_AT_MS = Date.UTC(2024, 0, 15, 17, 0, 0);

/**
 * The REST Shop resource (`/admin/api/{version}/shop.json`), the body of `app/uninstalled`
 * (reference §1.7). The owner's name and e-mail are personal data of the merchant, as on Shopify.
 * @see https://shopify.dev/docs/api/admin-rest/latest/resources/shop
 */
export function restShop(shop: SimShopConfig, nowMs: number): Record<string, unknown> {
  const name = shop.domain.replace(/\.myshopify\.com$/, "");
  const offset = shopLocalTime(nowMs, shop.timezone).slice(-6);
  const plus = shop.plan === "plus";
  return {
    id: rawNumber(shopIdOf(shop)),
    name,
    email: `owner@${shop.domain}`,
    domain: shop.domain,
    province: "",
    country: "US",
    address1: "",
    zip: "",
    city: "",
    source: null,
    phone: "",
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: null,
    created_at: shopLocalTime(SHOP_CREATED_AT_MS, shop.timezone),
    updated_at: shopLocalTime(nowMs, shop.timezone),
    country_code: "US",
    country_name: "United States",
    currency: shop.currency,
    customer_email: `owner@${shop.domain}`,
    timezone: `(GMT${offset}) ${shop.timezone}`,
    iana_timezone: shop.timezone,
    shop_owner: "Sim Owner",
    money_format: "{{amount}}",
    money_with_currency_format: `{{amount}} ${shop.currency}`,
    weight_unit: "kg",
    province_code: null,
    taxes_included: shop.taxesIncluded,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: plus ? "Shopify Plus" : "Shopify",
    plan_name: plus ? "shopify_plus" : "professional",
    has_discounts: true,
    has_gift_cards: true,
    myshopify_domain: shop.domain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: "{{amount}}",
    money_with_currency_in_emails_format: `{{amount}} ${shop.currency}`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: false,
    has_storefront: true,
    finances: true,
    primary_location_id: null,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [shop.currency],
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}
