import { describe, expect, it } from "vitest";
import { saleTaxMinor, saleTotalMinor } from "./build-sales.js";
import { computeExpectedTotals } from "./expected-totals.js";
import { ORDER_1042 } from "./fixture-order-1042.js";
import { computeOrderAmounts } from "./order-math.js";
import { createOrderStore } from "./order-store.js";
import { toShopifyJson } from "./rest-json.js";
import { restOrder } from "./rest-order-payload.js";
import type { SimOrder, SimShopConfig } from "./types.js";

const shop = (over: Partial<SimShopConfig> = {}): SimShopConfig => ({
  domain: "acme.myshopify.com",
  accessToken: "tok",
  apiSecret: "secret",
  currency: "USD",
  timezone: "America/New_York",
  taxesIncluded: false,
  ...over,
});

const storeFor = (config: SimShopConfig) => createOrderStore({ shops: [config], seed: 1, nowMs: () => 0 });

function assertConsistent(order: SimOrder) {
  const a = computeOrderAmounts(order);
  const orderSales = order.agreements.filter((x) => x.reason === "ORDER").flatMap((x) => x.sales);
  const lineTax = order.lineItems
    .flatMap((l) => l.taxLines)
    .concat(order.shippingLines.flatMap((s) => s.taxLines));
  expect(orderSales.reduce((s, x) => s + saleTaxMinor(x), 0)).toBe(
    lineTax.reduce((s, t) => s + t.amountMinor, 0),
  );
  expect(orderSales.reduce((s, x) => s + saleTotalMinor(x), 0)).toBe(a.totalPrice);
  const t = computeExpectedTotals(order);
  const sales = order.agreements.flatMap((x) => x.sales).reduce((s, x) => s + saleTotalMinor(x), 0);
  const paid = Object.values(t.paymentsByGateway).reduce((s, x) => s + x, 0);
  const refunded = Object.values(t.refundsByGateway).reduce((s, x) => s + x, 0);
  expect(t.outstanding).toBe(sales - paid + refunded);
  if (a.received > 0 && order.gatewayNames.at(-1) !== "manual") expect(t.outstanding).toBe(0);
  for (const x of [...orderSales]) expect(Number.isInteger(saleTotalMinor(x))).toBe(true);
}

describe("order store", () => {
  it("adds the #1042 fixture with the totals of reference §6.6", () => {
    const store = storeFor(shop());
    const order = store.add("acme.myshopify.com", ORDER_1042);
    const t = computeExpectedTotals(order);
    expect(t).toMatchObject({
      productGross: 13000,
      productDiscounts: 2200,
      shippingGross: 1000,
      taxByTitle: { "State Tax": 944 },
      paymentsByGateway: { shopify_payments: 10744, gift_card: 2000 },
      outstanding: 0,
    });
    expect(computeOrderAmounts(order).totalPrice).toBe(12744);
    const tee = order.lineItems[0]!;
    expect(tee.discountAllocations.map((d) => d.amountMinor)).toEqual([1000, 900]);
    expect(tee.taxLines[0]!.amountMinor).toBe(648);
  });

  it("refunds the mug as reference §6.6 describes (27.00 + 2.16 to the card)", () => {
    const store = storeFor(shop());
    const order = store.add("acme.myshopify.com", ORDER_1042);
    store.refund("acme.myshopify.com", order.gid, {
      lineItems: [{ lineItemGid: "gid://shopify/LineItem/14022222222222", quantity: 1 }],
    });
    const t = computeExpectedTotals(order);
    expect(t.returnsGross - t.returnDiscounts).toBe(2700);
    expect(t.taxByTitle["State Tax"]).toBe(944 - 216);
    expect(t.refundsByGateway).toEqual({ shopify_payments: 2916 });
    expect(t.outstanding).toBe(0);
  });

  it("generates byte-identical orders for the same seed", () => {
    const a = storeFor(shop()).generate("acme.myshopify.com", 30, { seed: 9 });
    const b = storeFor(shop()).generate("acme.myshopify.com", 30, { seed: 9 });
    const text = (os: SimOrder[]) =>
      os.map((o) => toShopifyJson(restOrder(o, "America/New_York"))).join("\n");
    expect(text(a)).toBe(text(b));
    expect(text(a)).not.toBe(text(storeFor(shop()).generate("acme.myshopify.com", 30, { seed: 10 })));
  });

  it.each([
    ["USD tax-exclusive", shop()],
    ["EUR tax-inclusive VAT", shop({ currency: "EUR", taxesIncluded: true, timezone: "Europe/Berlin" })],
    ["JPY (0 decimals)", shop({ currency: "JPY", timezone: "Asia/Tokyo" })],
    ["KWD (3 decimals)", shop({ currency: "KWD", taxesIncluded: true, timezone: "Asia/Kuwait" })],
  ])("keeps every generated order internally consistent: %s", (_name, config) => {
    const store = storeFor(config);
    const orders = store.generate(config.domain, 200, { seed: 5, refundRate: 0.2 });
    for (const o of orders) assertConsistent(o);
    const pending = orders.find((o) => computeOrderAmounts(o).outstanding > 0);
    expect(pending).toBeDefined();
    store.markPaid(config.domain, pending!.gid, new Date("2026-11-20T00:00:00Z"));
    expect(computeExpectedTotals(pending!).outstanding).toBe(0);
    expect(orders.some((o) => o.refunds.length > 0)).toBe(true);
  });

  it("extracts included VAT per line: gross before tax + tax = price", () => {
    const config = shop({ currency: "EUR", taxesIncluded: true });
    const order = storeFor(config).add(config.domain, {
      lineItems: [{ sku: "A", title: "A", priceMinor: 12000, quantity: 1 }],
      shipping: { title: "Std", priceMinor: 600 },
      taxes: [{ title: "VAT", rate: 0.2 }],
    });
    const t = computeExpectedTotals(order);
    expect(t).toMatchObject({
      productGross: 10000,
      shippingGross: 500,
      taxByTitle: { VAT: 2100 },
      paymentsByGateway: { shopify_payments: 12600 },
    });
  });

  it("builds a 500-line order whose per-line tax sums to the order tax", () => {
    const [order] = storeFor(shop()).generate("acme.myshopify.com", 1, { seed: 3, lineItems: 500 });
    expect(order!.lineItems.filter((l) => !l.isTip).length).toBe(500);
    assertConsistent(order!);
  });

  it("writes ids above 2^53 as exact JSON numbers", () => {
    const [order] = storeFor(shop()).generate("acme.myshopify.com", 1, { seed: 1 });
    const text = toShopifyJson(restOrder(order!, "America/New_York"));
    expect(BigInt(order!.id)).toBeGreaterThan(2n ** 53n);
    expect(text).toContain(`"id":${order!.id},`);
  });
});
