import { describe, expect, it } from "vitest";
import { parseAccountKey } from "../domain/account-key.js";
import type { PaymentKind } from "../domain/order.js";
import { mapPayment } from "./map-payment.js";
import { lineTable } from "./test-support/line-table.js";
import { makePayment } from "./test-support/make-order.js";
import { demoAccounts, makePolicy } from "./test-support/make-policy.js";

describe("mapPayment", () => {
  it.each<[PaymentKind, string, string, string]>([
    ["SALE", "shopify_payments", "100.1115 Dr 107.44 clearing", "Shopify Payments"],
    ["CAPTURE", "shopify_payments", "100.1115 Dr 107.44 clearing", "Shopify Payments"],
    ["SALE", "paypal", "100.1116 Dr 107.44 clearing", "PayPal"],
    ["SALE", "manual", "100.1118 Dr 107.44 clearing", "Manual payment"],
    ["SALE", "some_bank_app", "100.1118 Dr 107.44 clearing", "some_bank_app"],
    ["REFUND", "shopify_payments", "100.1115 Cr 107.44 clearing", "Shopify Payments"],
    ["SALE", "gift_card", "100.2400 Dr 107.44 gift-card-liability", "Gift card"],
    ["REFUND", "gift_card", "100.2400 Cr 107.44 gift-card-liability", "Gift card"],
    ["SALE", "shopify_store_credit", "100.2410 Dr 107.44 store-credit", "Store credit"],
    ["SALE", "store_credit", "100.2410 Dr 107.44 store-credit", "Store credit"],
    ["REFUND", "shopify_store_credit", "100.2410 Cr 107.44 store-credit", "Store credit"],
  ])("%s through %s → %s", (kind, gateway, expected, explanation) => {
    const mapped = mapPayment(makePayment({ kind, gateway, amountMinor: 10744n }), makePolicy());
    expect(mapped.problems).toEqual([]);
    expect(lineTable(mapped)).toEqual([expected]);
    expect(mapped.lines[0]?.explanation).toBe(explanation);
  });

  it("never sends gift-card or store-credit redemptions to a clearing account, even a configured one", () => {
    const accounts = demoAccounts();
    accounts.clearing = { ...accounts.clearing, gift_card: parseAccountKey("100.1199") };
    const mapped = mapPayment(
      makePayment({ gateway: "gift_card", amountMinor: 100n }),
      makePolicy({ accounts }),
    );
    expect(lineTable(mapped)).toEqual(["100.2400 Dr 1.00 gift-card-liability"]);
  });

  it("reports a gateway without a clearing account when there is no default", () => {
    const accounts = { ...demoAccounts(), clearing: { shopify_payments: parseAccountKey("100.1115") } };
    const payment = makePayment({
      id: "gid://shopify/OrderTransaction/5",
      gateway: "paypal",
      amountMinor: 100n,
    });
    expect(mapPayment(payment, makePolicy({ accounts })).problems).toEqual([
      {
        code: "UNMAPPED_ACCOUNT",
        message: "no clearing account for payment gateway 'paypal' and no default (accounts.clearing)",
        eventId: "gid://shopify/OrderTransaction/5",
      },
    ]);
  });

  it.each<[string, PaymentKind, bigint, bigint, string[]]>([
    [
      "10.02 due, 10.00 paid in cash",
      "SALE",
      1000n,
      -2n,
      ["100.1118 Dr 10.00 clearing", "100.7990 Dr 0.02 rounding"],
    ],
    [
      "9.98 due, 10.00 paid in cash",
      "SALE",
      1000n,
      2n,
      ["100.1118 Dr 10.00 clearing", "100.7990 Cr 0.02 rounding"],
    ],
    [
      "10.02 refunded as 10.00 cash",
      "REFUND",
      1000n,
      -2n,
      ["100.1118 Cr 10.00 clearing", "100.7990 Cr 0.02 rounding"],
    ],
  ])(
    "posts cash rounding to the rounding account: %s",
    (_name, kind, amountMinor, cashRoundingMinor, expected) => {
      const payment = makePayment({ kind, gateway: "cash", amountMinor, cashRoundingMinor });
      const mapped = mapPayment(payment, makePolicy());
      expect(lineTable(mapped)).toEqual(expected);
      expect(mapped.lines[1]?.explanation).toBe("Cash rounding");
    },
  );

  it("adds no rounding line when the cash rounding is zero", () => {
    const payment = makePayment({ gateway: "cash", amountMinor: 1000n, cashRoundingMinor: 0n });
    expect(lineTable(mapPayment(payment, makePolicy()))).toEqual(["100.1118 Dr 10.00 clearing"]);
  });
});
