/**
 * The Shopify delivery runs at soak size: 30 % of webhooks dropped, 20 % duplicated, all reordered,
 * then a throttling storm with ACCESS_DENIED answers — 5,000 orders each unless MLC_SHOPIFY_ORDERS
 * says otherwise. The scenarios are the CI ones of test/e2e/shopify-delivery.test.ts.
 */
process.env.MLC_SHOPIFY_ORDERS ??= "5000";
await import("../e2e/shopify-delivery.test.js");
