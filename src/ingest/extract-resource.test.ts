import { describe, expect, it } from "vitest";
import { extractCustomerId, extractOrderId, extractPrivacyOrderIds } from "./extract-resource.js";

describe("extract resources from raw webhook bodies (ids beyond 2^53 kept exact)", () => {
  it("finds the order of order, refund, transaction, fulfillment and edit topics", () => {
    expect(
      extractOrderId(
        "orders/paid",
        '{"id":9007199254740993,"admin_graphql_api_id":"gid://shopify/Order/9007199254740993"}',
      ),
    ).toBe("gid://shopify/Order/9007199254740993");
    expect(extractOrderId("orders/edited", '{"order_edit":{"id":1,"order_id":9007199254740995}}')).toBe(
      "gid://shopify/Order/9007199254740995",
    );
    for (const topic of ["refunds/create", "order_transactions/create", "fulfillments/update"])
      expect(extractOrderId(topic, '{"id":5,"order_id":42}')).toBe("gid://shopify/Order/42");
    expect(extractOrderId("customers/update", '{"id":42}')).toBeNull();
  });

  it("finds the customer of customer topics and privacy requests", () => {
    expect(extractCustomerId("customers/update", '{"id":9007199254740997,"email":"x"}')).toBe(
      "gid://shopify/Customer/9007199254740997",
    );
    const redact =
      '{"shop_id":954889,"shop_domain":"acme.myshopify.com","customer":{"id":191167,"email":"a@b.c","phone":"555"},"orders_to_redact":[299938, 280263,9007199254740999]}';
    expect(extractCustomerId("customers/redact", redact)).toBe("gid://shopify/Customer/191167");
    expect(extractPrivacyOrderIds(redact)).toEqual([
      "gid://shopify/Order/299938",
      "gid://shopify/Order/280263",
      "gid://shopify/Order/9007199254740999",
    ]);
    expect(extractPrivacyOrderIds('{"orders_requested":[]}')).toEqual([]);
    expect(extractCustomerId("shop/redact", '{"shop_id":1}')).toBeNull();
  });
});
