import type {
  FulfillmentEvent,
  OrderLineItem,
  OrderSnapshot,
  PaymentEvent,
  Sale,
  SalesEvent,
  SaleTax,
} from "../../domain/order.js";

/**
 * Builders for order snapshots with real-shaped defaults (GIDs, UTC instants, minor units).
 * Amounts are bigint minor units; `minor("127.44")` in `reference-orders.ts` reads decimals.
 */
export function makeOrder(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return {
    id: "gid://shopify/Order/5934123456789",
    legacyId: "5934123456789",
    name: "#1042",
    currency: "USD",
    taxesIncluded: false,
    test: false,
    createdAt: "2026-03-14T14:21:07Z",
    processedAt: "2026-03-14T14:21:05Z",
    updatedAt: "2026-03-14T14:21:09Z",
    cancelledAt: null,
    sourceName: "web",
    retailLocationName: null,
    tags: [],
    shippingCountryCode: "US",
    customerId: "gid://shopify/Customer/7011111111111",
    lineItems: [],
    salesEvents: [],
    paymentEvents: [],
    fulfillmentEvents: [],
    ...overrides,
  };
}

export function makeLineItem(overrides: Partial<OrderLineItem> = {}): OrderLineItem {
  return {
    id: "gid://shopify/LineItem/14011111111111",
    sku: "TEE-BLK-M",
    name: "Tee - Black / M",
    productType: "Apparel",
    isGiftCard: false,
    fulfillmentLocationName: null,
    ...overrides,
  };
}

/** A sale; defaults to a PRODUCT ORDER sale of zero. Returns carry negative amounts, as Shopify signs them. */
export function makeSale(overrides: Partial<Sale> = {}): Sale {
  const lineType = overrides.lineType ?? "PRODUCT";
  return {
    id: `gid://shopify/Sale/${lineType}-${overrides.lineItemId ?? "none"}-${overrides.totalAmountMinor ?? 0n}`,
    lineType,
    actionType: "ORDER",
    quantity: 1,
    lineItemId: null,
    totalAmountMinor: 0n,
    totalTaxMinor: 0n,
    discountBeforeTaxesMinor: 0n,
    taxes: [],
    ...overrides,
  };
}

export function makeSaleTax(title: string, amountMinor: bigint, channelLiable = false): SaleTax {
  return { title, amountMinor, channelLiable };
}

export function makeSalesEvent(overrides: Partial<SalesEvent> = {}): SalesEvent {
  return {
    id: "gid://shopify/OrderAgreement/1",
    reason: "ORDER",
    happenedAt: "2026-03-14T14:21:05Z",
    sales: [],
    ...overrides,
  };
}

/** A successful payment; defaults to a Shopify Payments SALE. */
export function makePayment(overrides: Partial<PaymentEvent> = {}): PaymentEvent {
  return {
    id: "gid://shopify/OrderTransaction/1",
    kind: "SALE",
    gateway: "shopify_payments",
    processedAt: "2026-03-14T14:21:05Z",
    amountMinor: 0n,
    test: false,
    ...overrides,
  };
}

/** A fulfillment; defaults to nothing shipped from "Reno DC" two days after the default order. */
export function makeFulfillment(overrides: Partial<FulfillmentEvent> = {}): FulfillmentEvent {
  return {
    id: "gid://shopify/Fulfillment/1",
    happenedAt: "2026-03-16T15:00:00Z",
    locationName: "Reno DC",
    lines: [],
    ...overrides,
  };
}
