import { afterEach, describe, expect, it } from "vitest";
import { ORDER_1042, type SimOrderInput } from "../../sim/shopify/index.js";
import {
  type E2E,
  type E2EOptions,
  jdeDocumentsByReference,
  ledgerSums,
  startE2E,
} from "../support/e2e-harness.js";

/**
 * Hand-written orders and the F0911 sums (debits +, credits −, cents) they must leave in JDE under the
 * demo chart. The numbers are literal, worked out by hand — never computed by the code under test.
 */
const cases: { name: string; shop: E2EOptions; order: SimOrderInput; expected: Record<string, number> }[] = [
  {
    // reference/shopify.md §6.6, USD tax-exclusive 8 %:
    // tee 2 × 50.00 = 100.00 less 10.00 automatic; mug 30.00; SAVE12 12.00 split 90:30 → 9.00 + 3.00;
    // discounts 10.00 + 12.00 = 22.00; shipping 10.00; tax 8 % of (81.00 + 27.00 + 10.00) = 6.48 + 2.16 + 0.80
    // = 9.44; total 108.00 + 10.00 + 9.44 = 127.44 = 20.00 gift card + 107.44 Shopify Payments.
    name: "order #1042 (tax-exclusive, automatic and code discounts, gift card redemption)",
    shop: {},
    order: ORDER_1042,
    expected: {
      "100.1115": 10744, // Shopify Payments clearing
      "100.2400": 2000, // gift card redeemed: the liability goes down
      "100.4150": 2200, // discounts
      "100.4100": -13000, // revenue, gross of discounts
      "100.4300": -1000, // shipping
      "100.2110": -944, // state tax payable
    },
  },
  {
    // USD tax-inclusive shop, VAT 20 % inside the prices: tee 120.00 holds 120.00 × 20/120 = 20.00 VAT
    // → net 100.00; shipping 6.00 holds 1.00 → net 5.00; VAT 21.00; total 126.00 by Shopify Payments.
    // 12600 − 10000 − 500 − 2100 = 0.
    name: "tax-inclusive VAT order",
    shop: { taxesIncluded: true },
    order: {
      name: "#2001",
      lineItems: [{ sku: "TEE-BLK-M", title: "Tee", productType: "Apparel", priceMinor: 12000, quantity: 1 }],
      shipping: { title: "Standard", priceMinor: 600 },
      taxes: [{ title: "VAT 20%", rate: 0.2 }],
      fulfilled: false,
    },
    expected: {
      "100.1115": 12600,
      "100.4100": -10000,
      "100.4300": -500,
      "100.2110": -2100, // "VAT 20%" has no account of its own → the default tax account
    },
  },
  {
    // USD tax-exclusive 10 %: hoodie 2 × 40.00 = 80.00 less 10.00 automatic → 70.00; cap 20.00;
    // code SAVE9 9.00 split by net 70:20 → 7.00 + 2.00; nets 63.00 and 18.00;
    // shipping 15.00 less 5.00 FREESHIP → 10.00; tax 6.30 + 1.80 + 1.00 = 9.10;
    // total 63.00 + 18.00 + 10.00 + 9.10 = 100.10 by Shopify Payments.
    // discounts 10.00 + 7.00 + 2.00 + 5.00 (shipping) = 24.00; 10010 + 2400 − 10000 − 1500 − 910 = 0.
    name: "discounted order (line, code and shipping discounts)",
    shop: {},
    order: {
      name: "#3001",
      lineItems: [
        {
          sku: "HOOD-GRY-L",
          title: "Hoodie",
          productType: "Apparel",
          priceMinor: 4000,
          quantity: 2,
          automaticDiscountMinor: 1000,
        },
        { sku: "CAP-01", title: "Cap", productType: "Apparel", priceMinor: 2000, quantity: 1 },
      ],
      codeDiscount: { code: "SAVE9", amountMinor: 900 },
      shipping: { title: "Express", priceMinor: 1500, discountMinor: 500 },
      taxes: [{ title: "State Tax", rate: 0.1 }],
      fulfilled: false,
    },
    expected: {
      "100.1115": 10010,
      "100.4150": 2400,
      "100.4100": -10000,
      "100.4300": -1500,
      "100.2110": -910,
    },
  },
  {
    // USD tax-exclusive 5 %: a 50.00 gift card (not taxable, a liability, not revenue) and a 30.00 tee
    // taxed 1.50; no shipping; total 81.50 by PayPal. 8150 − 5000 − 3000 − 150 = 0.
    name: "gift card purchase paid by PayPal",
    shop: {},
    order: {
      name: "#4001",
      lineItems: [
        { sku: "GC-50", title: "Gift card", priceMinor: 5000, quantity: 1, isGiftCard: true },
        { sku: "TEE-WHT-S", title: "Tee", productType: "Apparel", priceMinor: 3000, quantity: 1 },
      ],
      shipping: null,
      taxes: [{ title: "State Tax", rate: 0.05 }],
      payments: [{ gateway: "paypal" }],
      fulfilled: false,
    },
    expected: {
      "100.1116": 8150, // PayPal clearing
      "100.2400": -5000, // gift card liability issued
      "100.4100": -3000,
      "100.2110": -150,
    },
  },
];

describe("hand-written orders land in JDE (e2e)", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.stop();
    e2e = undefined;
  });

  it.each(cases)("$name", async ({ shop, order: input, expected }) => {
    e2e = await startE2E(shop);
    const order = e2e.shopify.orders.add(e2e.shop, input);
    await e2e.waitForPosting([order.gid]);

    expect(ledgerSums(e2e.jde, order.name)).toEqual(expected);
    expect(Object.values(expected).reduce((sum, amount) => sum + amount, 0)).toBe(0);
    expect(e2e.jde.ledger.sumsByReference(order.name).get("100.1130") ?? 0n).toBe(0n); // nothing owed
    expect(jdeDocumentsByReference(e2e.jde).get(order.name)).toBe(1);
  });
});
