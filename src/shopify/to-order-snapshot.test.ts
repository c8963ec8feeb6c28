import { describe, expect, it } from "vitest";
import type { FulfillmentGraph, OrderGraph, SaleNode, TransactionNode } from "./order-schemas.js";
import { toOrderSnapshot } from "./to-order-snapshot.js";

function makeSale(
  overrides: Partial<SaleNode> & { amount?: string; tax?: string; currency?: string } = {},
): SaleNode {
  const { amount = "10.0", tax = "0", currency = "USD", ...rest } = overrides;
  return {
    __typename: "ProductSale",
    id: "gid://shopify/Sale/1",
    lineType: "PRODUCT",
    actionType: "ORDER",
    quantity: 1,
    totalAmount: { shopMoney: { amount, currencyCode: currency } },
    totalTaxAmount: { shopMoney: { amount: tax } },
    totalDiscountAmountBeforeTaxes: { shopMoney: { amount: "0.0" } },
    taxes: [],
    lineItem: { id: "gid://shopify/LineItem/11" },
    ...rest,
  };
}

function makeTransaction(overrides: Partial<TransactionNode> & { amount?: string } = {}): TransactionNode {
  const { amount = "127.44", ...rest } = overrides;
  return {
    id: "gid://shopify/OrderTransaction/1",
    kind: "SALE",
    status: "SUCCESS",
    gateway: "shopify_payments",
    processedAt: "2026-11-27T15:00:00Z",
    createdAt: "2026-11-27T15:00:00Z",
    test: false,
    amountSet: { shopMoney: { amount, currencyCode: "USD" } },
    ...rest,
  };
}

function makeOrder(overrides: Partial<OrderGraph> = {}): OrderGraph {
  return {
    id: "gid://shopify/Order/9007199254740993",
    legacyResourceId: "9007199254740993",
    name: "#1042",
    createdAt: "2026-11-27T15:00:00Z",
    processedAt: "2026-11-27T15:00:00Z",
    updatedAt: "2026-11-27T15:05:00Z",
    cancelledAt: null,
    test: false,
    currencyCode: "USD",
    taxesIncluded: false,
    sourceName: "web",
    tags: ["wholesale", " vip ", ""],
    retailLocation: null,
    shippingAddress: { countryCodeV2: "US" },
    customer: { id: "gid://shopify/Customer/7", updatedAt: "2026-11-27T14:00:00Z" },
    lineItems: [
      {
        id: "gid://shopify/LineItem/11",
        sku: "JKT-1",
        name: "Jacket",
        isGiftCard: false,
        product: { productType: "Outerwear" },
      },
      { id: "gid://shopify/LineItem/12", sku: "", name: "Gift card", isGiftCard: true, product: null },
    ],
    transactions: [makeTransaction()],
    fulfillments: [
      {
        id: "gid://shopify/Fulfillment/1",
        status: "SUCCESS",
        createdAt: "2026-11-27T16:00:00Z",
        locationName: "Reno DC",
        lines: [{ quantity: 1, lineItem: { id: "gid://shopify/LineItem/11" } }],
      },
    ],
    agreements: [
      {
        __typename: "OrderAgreement",
        id: "gid://shopify/SalesAgreement/1",
        happenedAt: "2026-11-27T15:00:00Z",
        reason: "ORDER",
        sales: [makeSale()],
      },
    ],
    ...overrides,
  };
}

function makeFulfillment(
  id: string,
  createdAt: string,
  lines: [string, number | null][],
  overrides: Partial<FulfillmentGraph> = {},
): FulfillmentGraph {
  return {
    id: `gid://shopify/Fulfillment/${id}`,
    status: "SUCCESS",
    createdAt,
    locationName: "Reno DC",
    lines: lines.map(([lineItemId, quantity]) => ({ quantity, lineItem: { id: lineItemId } })),
    ...overrides,
  };
}

const JACKET = "gid://shopify/LineItem/11";
const CARD = "gid://shopify/LineItem/12";

function withSaleAmounts(currencyCode: string, amounts: string[]) {
  const sales = amounts.map((amount, index) => makeSale({ id: `s${index}`, amount, currency: currencyCode }));
  return makeOrder({
    currencyCode,
    transactions: [],
    agreements: [{ ...makeOrder().agreements[0]!, sales }],
  });
}

describe("toOrderSnapshot", () => {
  it.each([
    ["USD", "10.0", 1_000n],
    ["USD", "127.44", 12_744n],
    ["USD", "20", 2_000n],
    ["USD", "-3.00", -300n],
    ["JPY", "1500", 1_500n],
    ["JPY", "1500.0", 1_500n],
    ["KWD", "12.345", 12_345n],
    ["KWD", "7.5", 7_500n],
  ])("reads %s %s as exactly %i minor units", (currency, amount, expected) => {
    const snapshot = toOrderSnapshot(withSaleAmounts(currency, [amount]));
    expect(snapshot.salesEvents[0]?.sales[0]?.totalAmountMinor).toBe(expected);
  });

  it("refuses an amount that is not exact in the currency", () => {
    expect(() => toOrderSnapshot(withSaleAmounts("JPY", ["10.5"]))).toThrow(
      expect.objectContaining({ code: "MLC_SHOPIFY_RESPONSE_INVALID" }),
    );
  });

  it("refuses shop money in another currency than the order's", () => {
    const order = withSaleAmounts("USD", ["10.00"]);
    order.agreements[0]!.sales[0]!.totalAmount.shopMoney.currencyCode = "CAD";
    expect(() => toOrderSnapshot(order)).toThrow(
      expect.objectContaining({ code: "MLC_SHOPIFY_RESPONSE_INVALID" }),
    );
  });

  it("keeps only successful SALE/CAPTURE/REFUND transactions as payment events", () => {
    const transactions = [
      makeTransaction({ id: "auth", kind: "AUTHORIZATION" }),
      makeTransaction({ id: "capture", kind: "CAPTURE", amount: "100.00" }),
      makeTransaction({ id: "void", kind: "VOID" }),
      makeTransaction({ id: "failed", kind: "SALE", status: "FAILURE" }),
      makeTransaction({ id: "pending", kind: "SALE", status: "PENDING" }),
      makeTransaction({ id: "refund", kind: "REFUND", amount: "20", gateway: null, processedAt: null }),
    ];
    const snapshot = toOrderSnapshot(makeOrder({ transactions }));
    expect(snapshot.paymentEvents).toEqual([
      {
        id: "capture",
        kind: "CAPTURE",
        gateway: "shopify_payments",
        processedAt: "2026-11-27T15:00:00Z",
        amountMinor: 10_000n,
        test: false,
      },
      {
        id: "refund",
        kind: "REFUND",
        gateway: "unknown",
        processedAt: "2026-11-27T15:00:00Z",
        amountMinor: 2_000n,
        test: false,
      },
    ]);
  });

  it("counts a cash transaction's rounding: the cash that moved and the rounding the ledger books", () => {
    const transactions = [
      makeTransaction({
        id: "cash",
        gateway: "cash",
        amount: "10.02",
        amountRoundingSet: { shopMoney: { amount: "-0.02" } },
      }),
      makeTransaction({ id: "card", amount: "5.00", amountRoundingSet: { shopMoney: { amount: "0.0" } } }),
    ];
    const [cash, card] = toOrderSnapshot(makeOrder({ transactions })).paymentEvents;
    expect(cash).toMatchObject({ id: "cash", amountMinor: 1_000n, cashRoundingMinor: -2n });
    expect(card).toMatchObject({ id: "card", amountMinor: 500n });
    expect(card).not.toHaveProperty("cashRoundingMinor");
  });

  it("turns agreements into sales events, unknown reasons into OTHER", () => {
    const base = makeOrder().agreements[0]!;
    const agreements = ["ORDER", "ORDER_EDIT", "REFUND", "RETURN", "UNKNOWN", "SOMETHING_NEW"].map(
      (reason, index) => ({
        ...base,
        id: `a${index}`,
        reason,
      }),
    );
    const reasons = toOrderSnapshot(makeOrder({ agreements })).salesEvents.map((event) => event.reason);
    expect(reasons).toEqual(["ORDER", "ORDER_EDIT", "REFUND", "RETURN", "OTHER", "OTHER"]);
  });

  it("converts a sale with taxes, discounts and its line item", () => {
    const sale = makeSale({
      lineType: "SHIPPING",
      actionType: "RETURN",
      quantity: null,
      amount: "-10.83",
      tax: "-0.83",
      totalDiscountAmountBeforeTaxes: { shopMoney: { amount: "1.5" } },
      taxes: [
        {
          amount: { shopMoney: { amount: "-0.83" } },
          taxLine: { title: "CA State Tax", channelLiable: null },
        },
      ],
    });
    const snapshot = toOrderSnapshot(
      makeOrder({ agreements: [{ ...makeOrder().agreements[0]!, sales: [sale] }] }),
    );
    expect(snapshot.salesEvents[0]?.sales[0]).toEqual({
      id: "gid://shopify/Sale/1",
      lineType: "SHIPPING",
      actionType: "RETURN",
      quantity: null,
      lineItemId: "gid://shopify/LineItem/11",
      totalAmountMinor: -1_083n,
      totalTaxMinor: -83n,
      discountBeforeTaxesMinor: 150n,
      taxes: [{ title: "CA State Tax", amountMinor: -83n, channelLiable: false }],
    });
  });

  it("maps unknown sale types to UNKNOWN", () => {
    const sale = makeSale({ lineType: "LOYALTY_POINTS", actionType: "MAGIC" });
    const converted = toOrderSnapshot(
      makeOrder({ agreements: [{ ...makeOrder().agreements[0]!, sales: [sale] }] }),
    );
    expect(converted.salesEvents[0]?.sales[0]).toMatchObject({ lineType: "UNKNOWN", actionType: "UNKNOWN" });
  });

  it("keeps header fields, string ids, trimmed tags, product types and fulfillment locations", () => {
    const snapshot = toOrderSnapshot(makeOrder({ retailLocation: { name: "SoHo" } }));
    expect(snapshot).toMatchObject({
      id: "gid://shopify/Order/9007199254740993",
      legacyId: "9007199254740993",
      name: "#1042",
      currency: "USD",
      tags: ["wholesale", "vip"],
      retailLocationName: "SoHo",
      shippingCountryCode: "US",
      customerId: "gid://shopify/Customer/7",
      customerUpdatedAt: "2026-11-27T14:00:00Z",
    });
    expect(snapshot.lineItems).toEqual([
      {
        id: "gid://shopify/LineItem/11",
        sku: "JKT-1",
        name: "Jacket",
        productType: "Outerwear",
        isGiftCard: false,
        fulfillmentLocationName: "Reno DC",
      },
      {
        id: "gid://shopify/LineItem/12",
        sku: null,
        name: "Gift card",
        productType: null,
        isGiftCard: true,
        fulfillmentLocationName: null,
      },
    ]);
  });

  it("turns successful fulfillments into events sorted by date and ignores a cancelled one", () => {
    const fulfillments = [
      makeFulfillment("3", "2026-12-02T09:30:00Z", [[JACKET, 2]], { locationName: "Main Warehouse" }),
      makeFulfillment("2", "2026-11-29T10:00:00Z", [[JACKET, 3]], { status: "CANCELLED" }),
      makeFulfillment("1", "2026-11-28T14:00:00Z", [
        [JACKET, 1],
        [CARD, 1],
      ]),
      makeFulfillment("4", "2026-11-30T10:00:00Z", [[JACKET, 1]], { status: "FAILURE" }),
    ];
    const snapshot = toOrderSnapshot(makeOrder({ fulfillments }));
    expect(snapshot.fulfillmentEvents).toEqual([
      {
        id: "gid://shopify/Fulfillment/1",
        happenedAt: "2026-11-28T14:00:00Z",
        locationName: "Reno DC",
        lines: [
          { lineItemId: JACKET, quantity: 1 },
          { lineItemId: CARD, quantity: 1 },
        ],
      },
      {
        id: "gid://shopify/Fulfillment/3",
        happenedAt: "2026-12-02T09:30:00Z",
        locationName: "Main Warehouse",
        lines: [{ lineItemId: JACKET, quantity: 2 }],
      },
    ]);
  });

  it("names a line's location after a shipped fulfillment before a cancelled one", () => {
    const fulfillments = [
      makeFulfillment("1", "2026-11-28T14:00:00Z", [[JACKET, 1]], {
        status: "CANCELLED",
        locationName: "SF Store",
      }),
      makeFulfillment("2", "2026-11-29T14:00:00Z", [[JACKET, 1]], { locationName: "Reno DC" }),
      makeFulfillment("3", "2026-11-29T15:00:00Z", [[CARD, 1]], { status: "CANCELLED", locationName: "X" }),
    ];
    const snapshot = toOrderSnapshot(makeOrder({ fulfillments }));
    expect(snapshot.lineItems.map((line) => line.fulfillmentLocationName)).toEqual(["Reno DC", "X"]);
  });

  it("refuses a shipped line without a quantity, but not a cancelled one", () => {
    const cancelled = makeFulfillment("1", "2026-11-28T14:00:00Z", [[JACKET, null]], { status: "CANCELLED" });
    expect(toOrderSnapshot(makeOrder({ fulfillments: [cancelled] })).fulfillmentEvents).toEqual([]);
    const shipped = makeFulfillment("2", "2026-11-28T14:00:00Z", [[JACKET, null]]);
    expect(() => toOrderSnapshot(makeOrder({ fulfillments: [shipped] }))).toThrow(
      expect.objectContaining({ code: "MLC_SHOPIFY_RESPONSE_INVALID" }),
    );
  });
});
