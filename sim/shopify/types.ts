/** Public configuration and the simulator's internal order model. All money is integer minor units. */

export type ShopPlan = "standard" | "plus" | "legacy";

/** REST call limit: standard 40 @ 2/s, advanced 80 @ 4/s, plus 400 @ 20/s. */
export type RestPlan = "standard" | "advanced" | "plus";

export interface SimShopConfig {
  /** e.g. `acme.myshopify.com` */
  domain: string;
  /** a legacy admin-created custom-app token: never expires, carries `scopes` */
  accessToken: string;
  /** the app's client secret: signs webhooks and OAuth redirects, authenticates token requests */
  apiSecret: string;
  /** the app's client id (API key); default `client-<name>` from the domain */
  clientId?: string;
  /** allow `grant_type=client_credentials` (an app owned by the shop's organization); default false */
  clientCredentials?: boolean;
  /** ISO 4217; JPY/KRW have 0 decimals, KWD/BHD/JOD/OMR/TND 3. */
  currency: string;
  /** IANA time zone */
  timezone: string;
  taxesIncluded: boolean;
  /** standard 2000/100, plus 20000/1000, legacy 1000/50 (bucket/restore per second). */
  plan?: ShopPlan;
  /** default: plus when `plan` is plus, else standard */
  restPlan?: RestPlan;
  /**
   * scopes of the static token and of client-credentials tokens; default read_orders, read_all_orders,
   * read_customers, read_products, read_locations, read_shopify_payments_payouts
   */
  scopes?: string[];
  /** default true; false → personal customer fields are null (GraphQL, REST and webhooks). */
  protectedCustomerData?: boolean;
  /** the shop's numeric id (decimal string): `Shop.id`, `shop_id` of compliance webhooks; default derived from the domain */
  shopId?: string;
}

export interface SimTaxLine {
  title: string;
  /** rate in parts per million (8.25 % = 82_500) */
  ratePpm: number;
  amountMinor: number;
  channelLiable: boolean;
}

export interface SimDiscountApplication {
  index: number;
  kind: "automatic" | "discount_code";
  title: string;
  code?: string;
  valueType: "fixed_amount" | "percentage";
  /** minor units for fixed_amount, ppm for percentage */
  value: number;
  allocationMethod: "across" | "each" | "one";
  targetSelection: "all" | "entitled" | "explicit";
  targetType: "line_item" | "shipping_line";
}

export interface SimDiscountAllocation {
  applicationIndex: number;
  amountMinor: number;
}

export interface SimLineItem {
  id: string;
  sku: string;
  title: string;
  variantTitle: string | null;
  vendor: string;
  productId: string;
  variantId: string;
  productType: string;
  quantity: number;
  unitPriceMinor: number;
  isGiftCard: boolean;
  taxable: boolean;
  requiresShipping: boolean;
  /** fulfillment location name (null until fulfilled / for gift cards) */
  location: string | null;
  discountAllocations: SimDiscountAllocation[];
  taxLines: SimTaxLine[];
  /** a tip line: never listed in lineItems/line_items, only reachable through its TipSale */
  isTip?: boolean;
}

export interface SimShippingLine {
  id: string;
  title: string;
  code: string;
  priceMinor: number;
  discountAllocations: SimDiscountAllocation[];
  taxLines: SimTaxLine[];
}

export type SaleTypename = "ProductSale" | "ShippingLineSale" | "GiftCardSale" | "TipSale" | "AdjustmentSale";
export type SaleLineType = "PRODUCT" | "SHIPPING" | "GIFT_CARD" | "TIP" | "ADJUSTMENT";

export interface SimSaleTax {
  id: string;
  title: string;
  ratePpm: number;
  amountMinor: number;
  channelLiable: boolean;
}

/**
 * One entry of Shopify's sales ledger. `grossMinor` is before tax and before discounts,
 * `discountBeforeTaxMinor` the discount before tax; totalAmount = gross − discountBeforeTax + Σ taxes.
 * Returns carry negative amounts and a negative quantity.
 */
export interface SimSale {
  id: string;
  typename: SaleTypename;
  lineType: SaleLineType;
  actionType: "ORDER" | "RETURN" | "UPDATE";
  quantity: number | null;
  lineItemId?: string;
  shippingLineId?: string;
  grossMinor: number;
  discountBeforeTaxMinor: number;
  discountAfterTaxMinor: number;
  taxes: SimSaleTax[];
}

export interface SimAgreement {
  id: string;
  typename: "OrderAgreement" | "RefundAgreement";
  reason: "ORDER" | "REFUND";
  happenedAtMs: number;
  refundId?: string;
  sales: SimSale[];
}

export type TransactionKind = "SALE" | "AUTHORIZATION" | "CAPTURE" | "REFUND" | "VOID";

export interface SimTransaction {
  id: string;
  kind: TransactionKind;
  status: "SUCCESS" | "PENDING" | "FAILURE";
  gateway: string;
  formattedGateway: string;
  amountMinor: number;
  processedAtMs: number;
  parentId: string | null;
  test: boolean;
}

export interface SimRefundLineItem {
  id: string;
  lineItemId: string;
  quantity: number;
  subtotalMinor: number;
  taxMinor: number;
}

export interface SimRefund {
  id: string;
  processedAtMs: number;
  note: string | null;
  lineItems: SimRefundLineItem[];
  shipping: { id: string; shippingLineId: string; subtotalMinor: number; taxMinor: number } | null;
  transactionIds: string[];
}

/** Shopify's `FulfillmentStatus` values the simulator produces; only SUCCESS counts as shipped. */
export type SimFulfillmentStatus = "SUCCESS" | "CANCELLED";

export interface SimFulfillment {
  id: string;
  /** SUCCESS when created; a test may set CANCELLED to model a cancelled shipment */
  status: SimFulfillmentStatus;
  location: string;
  /** when the shipment left the location (GraphQL `createdAt`, REST `created_at`) */
  createdAtMs: number;
  /** the units of each order line this shipment carried */
  lineItems: { id: string; lineItemId: string; quantity: number }[];
}

/** A mailing address as Shopify keeps it (a customer's default address, an order's billing/shipping copy). */
export interface SimAddress {
  firstName: string;
  lastName: string;
  company: string | null;
  address1: string;
  address2: string | null;
  city: string;
  provinceCode: string;
  countryCode: string;
  zip: string;
  phone: string | null;
}

/**
 * A customer of the shop's registry (sim.customers): one record per id, shared by all of its orders, so
 * an order's `customer` always reads the current record. The default address is kept flat.
 */
export interface SimCustomer extends SimAddress {
  id: string;
  email: string;
  createdAtMs: number;
  /** bumped by `customers.update` only (placing an order does not change it; see customer-registry.ts) */
  updatedAtMs: number;
}

export interface SimOrder {
  shop: string;
  /** numeric id as a decimal string (may exceed 2^53) */
  id: string;
  gid: string;
  name: string;
  number: number;
  createdAtMs: number;
  processedAtMs: number;
  updatedAtMs: number;
  cancelledAtMs: number | null;
  test: boolean;
  currency: string;
  decimals: number;
  taxesIncluded: boolean;
  sourceName: "web" | "pos";
  tags: string[];
  retailLocation: string | null;
  /** the registry's record (the same object for every order of the customer); null for a guest checkout */
  customer: SimCustomer | null;
  /** the e-mail given at checkout (a guest's too), kept as it was: later customer changes leave it */
  email: string | null;
  /** the phone given at checkout, kept as it was */
  phone: string | null;
  /** billing = shipping address given at checkout, a copy (null for a guest without one) */
  address: SimAddress | null;
  lineItems: SimLineItem[];
  shippingLines: SimShippingLine[];
  discountApplications: SimDiscountApplication[];
  transactions: SimTransaction[];
  refunds: SimRefund[];
  agreements: SimAgreement[];
  fulfillments: SimFulfillment[];
  /** gateways requested at checkout, in order (drives payment_gateway_names) */
  gatewayNames: string[];
}
