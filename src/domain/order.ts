/**
 * An order as the connector reads it from Shopify (GraphQL Admin API), reduced to what accounting needs.
 * Amounts are integer minor units of the shop currency (`shopMoney`); ids are GIDs kept as strings
 * because Shopify's numeric ids exceed 2^53.
 */
export interface OrderSnapshot {
  id: string; // gid://shopify/Order/…
  legacyId: string; // numeric id as a decimal string
  name: string; // "#1042"
  currency: string; // shop currency (ISO 4217)
  taxesIncluded: boolean;
  test: boolean;
  createdAt: string; // ISO-8601 UTC
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  sourceName: string | null; // sales channel: "web", "pos", app handle…
  retailLocationName: string | null; // POS location, when sold in a store
  tags: string[];
  shippingCountryCode: string | null;
  customerId: string | null; // gid://shopify/Customer/…
  /** The customer's `updatedAt` as the order read saw it: unchanged since its last sync = no customer read. */
  customerUpdatedAt?: string | null;
  lineItems: OrderLineItem[];
  salesEvents: SalesEvent[]; // Order.agreements
  paymentEvents: PaymentEvent[]; // Order.transactions that move money
  fulfillmentEvents: FulfillmentEvent[]; // Order.fulfillments: what shipped, when (fulfillment recognition)
}

/** One fulfillment: the lines (and quantities) that left a location at `happenedAt`. */
export interface FulfillmentEvent {
  id: string; // fulfillment GID
  happenedAt: string; // ISO-8601 UTC
  locationName: string | null;
  lines: { lineItemId: string; quantity: number }[];
}

export interface OrderLineItem {
  id: string; // gid://shopify/LineItem/…
  sku: string | null;
  name: string;
  productType: string | null;
  isGiftCard: boolean;
  fulfillmentLocationName: string | null; // where the line ships from, when known
}

export type SalesEventReason = "ORDER" | "ORDER_EDIT" | "REFUND" | "RETURN" | "OTHER";

/** One `SalesAgreement`: an immutable, dated group of sales. */
export interface SalesEvent {
  id: string; // agreement GID — the event's identity for exactly-once posting
  reason: SalesEventReason;
  happenedAt: string; // ISO-8601 UTC
  sales: Sale[];
}

/** Shopify's `SaleLineType` values the mapping knows; anything else arrives as "UNKNOWN" and is parked. */
export const KNOWN_SALE_LINE_TYPES = [
  "PRODUCT",
  "SHIPPING",
  "TIP",
  "GIFT_CARD",
  "DUTY",
  "ADDITIONAL_FEE",
  "FEE",
  "ADJUSTMENT",
] as const;
export type SaleLineType = (typeof KNOWN_SALE_LINE_TYPES)[number] | "UNKNOWN";

export const KNOWN_SALE_ACTION_TYPES = ["ORDER", "RETURN", "UPDATE"] as const;
export type SaleActionType = (typeof KNOWN_SALE_ACTION_TYPES)[number] | "UNKNOWN";

/**
 * One `Sale`. Shopify signs returns negative. `totalAmountMinor` is after discounts and includes tax;
 * revenue before tax and discount is `totalAmountMinor - totalTaxMinor + discountBeforeTaxesMinor`.
 */
export interface Sale {
  id: string;
  lineType: SaleLineType;
  actionType: SaleActionType;
  quantity: number | null;
  lineItemId: string | null; // for product sales
  totalAmountMinor: bigint;
  totalTaxMinor: bigint;
  discountBeforeTaxesMinor: bigint;
  taxes: SaleTax[];
}

export interface SaleTax {
  title: string;
  amountMinor: bigint;
  channelLiable: boolean;
}

export type PaymentKind = "SALE" | "CAPTURE" | "REFUND";

/** A successful money movement (`OrderTransaction` SALE/CAPTURE/REFUND with status SUCCESS). */
export interface PaymentEvent {
  id: string; // transaction GID
  kind: PaymentKind;
  gateway: string; // "shopify_payments", "gift_card", "paypal", "manual"…
  processedAt: string; // ISO-8601 UTC
  amountMinor: bigint; // positive; the kind says the direction
  test: boolean;
  /**
   * POS cash rounding on this payment (Shopify's `totalCashRoundingAdjustment`), signed so that the
   * money moved (`amountMinor`) = the amount settled on the order + `cashRoundingMinor`: 10.02 due,
   * 10.00 tendered in cash → −2. Absent or 0n when there is none.
   */
  cashRoundingMinor?: bigint;
}
