/** What a test or the generator says about an order; `buildOrder` turns it into a consistent SimOrder. */
export interface SimLineItemInput {
  id?: string;
  sku: string;
  title: string;
  variantTitle?: string | null;
  vendor?: string;
  productType?: string;
  priceMinor: number;
  quantity: number;
  isGiftCard?: boolean;
  taxable?: boolean;
  /** fulfillment location name; defaults to the retail location (POS) or "Main Warehouse" */
  location?: string;
  productId?: string;
  variantId?: string;
  /** automatic discount on this line only (minor units, before tax for tax-exclusive shops) */
  automaticDiscountMinor?: number;
  automaticDiscountTitle?: string;
}

export interface SimTaxRateInput {
  title: string;
  /** fraction, e.g. 0.0825 */
  rate: number;
  channelLiable?: boolean;
}

export interface SimPaymentInput {
  gateway: string;
  /** omitted → the remainder of the order total */
  amountMinor?: number;
  /** "authorize_capture" = AUTHORIZATION then CAPTURE (parent) instead of one SALE */
  flow?: "sale" | "authorize_capture";
}

/**
 * A customer described inline on an order. With the `id` of a customer the shop already has, the order is
 * that customer's and the other fields are ignored (change a customer with `customers.update`).
 */
export interface SimCustomerInput {
  id?: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
  company?: string | null;
  address1?: string;
  address2?: string | null;
  city?: string;
  provinceCode?: string;
  countryCode?: string;
  zip?: string;
}

export interface SimOrderInput {
  id?: string;
  name?: string;
  number?: number;
  createdAt?: Date | string;
  processedAt?: Date | string;
  sourceName?: "web" | "pos";
  retailLocation?: string | null;
  tags?: string[];
  test?: boolean;
  customer?: SimCustomerInput | null;
  /** an existing customer of the shop (numeric id or GID) places the order; excludes `customer` */
  customerId?: string;
  /** the checkout e-mail; default the customer's current one, null for a guest */
  email?: string | null;
  lineItems: SimLineItemInput[];
  /** order-level code discount allocated across the non-gift-card lines */
  codeDiscount?: { code: string; amountMinor?: number; percent?: number };
  shipping?: {
    title: string;
    code?: string;
    priceMinor: number;
    discountMinor?: number;
    taxable?: boolean;
  } | null;
  /** tax rates applied to every taxable line (tax-inclusive shops: use a single rate) */
  taxes?: SimTaxRateInput[];
  tipMinor?: number;
  /** default: one shopify_payments payment of the whole total */
  payments?: SimPaymentInput[];
  /** "pending" leaves the remainder unpaid (manual gateway, bank deposit/COD) until markPaid */
  financialStatus?: "paid" | "pending";
  /** default true: every shippable line gets a fulfillment at its location */
  fulfilled?: boolean;
}
