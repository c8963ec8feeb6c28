import { describe, expect, it } from "vitest";
import { ORDER_1042 } from "./fixture-order-1042.js";
import { trimToIncludeFields } from "./include-fields.js";
import { createOrderStore } from "./order-store.js";
import { parseShopifyJson } from "./parse-shopify-json.js";
import { toShopifyJson } from "./rest-json.js";
import { matchesWebhookFilter } from "./webhook-filter.js";
import { webhookBody } from "./webhook-payloads.js";

const SHOP = {
  domain: "acme.myshopify.com",
  accessToken: "t",
  apiSecret: "s",
  currency: "USD",
  timezone: "America/New_York",
  taxesIncluded: false,
};
const store = createOrderStore({ shops: [SHOP], seed: 1, nowMs: () => Date.parse("2026-03-14T14:21:07Z") });
const order = store.add(SHOP.domain, { ...ORDER_1042, id: "5934123456789012345" });
const body = webhookBody("orders/updated", order, SHOP.timezone, {});

describe("payload shaping for subscriptions", () => {
  it("parses Shopify JSON without losing ids above 2^53 or decimal scale", () => {
    expect(toShopifyJson(parseShopifyJson(body))).toBe(body);
    const refund = '{"id":9120000000000000001,"subtotal":27.00,"rate":0.08,"note":"a \\"b\\" 12"}';
    expect(toShopifyJson(parseShopifyJson(refund))).toBe(refund);
  });

  it("trims a payload to includeFields, top-level names and dotted paths", () => {
    expect(trimToIncludeFields(body, ["id", "total_price", "line_items.sku"])).toBe(
      '{"id":5934123456789012345,"total_price":"127.44","line_items":[{"sku":"TEE-BLK-M"},{"sku":"MUG-01"}]}',
    );
    expect(trimToIncludeFields(body, [])).toBe(body);
  });

  it.each([
    ["financial_status:paid", true],
    ["financial_status:pending", false],
    ["total_price:>100 AND currency:usd", true],
    ["total_price:>=200", false],
    ["line_items.sku:MUG-01", true],
    ["-line_items.sku:MUG-01", false],
    ["financial_status:pending OR tags:vip", true],
    ["created_at:<'2026-03-15T00:00:00Z'", true],
  ])("filter %s → %s", (filter, expected) => {
    expect(matchesWebhookFilter(JSON.parse(body), filter)).toBe(expected);
  });
});
