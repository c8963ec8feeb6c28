import { sumAllocations } from "./build-order.js";
import { restFulfillmentStatus } from "./fulfill-order.js";
import { locationId } from "./locations.js";
import { formatFixed, ppmToRate } from "./money.js";
import { computeOrderAmounts, financialStatus, visibleLines } from "./order-math.js";
import { restAddress, restCustomer } from "./rest-customer-payload.js";
import { restFulfillment } from "./rest-fulfillment-payload.js";
import { rawNumber } from "./rest-json.js";
import { shopLocalTime } from "./time-format.js";
import type { SimOrder, SimRefund, SimTaxLine, SimTransaction } from "./types.js";

/**
 * REST-shaped Order (reference §1.9) with `*_set` twins; ids via rawNumber, timestamps in shop time.
 * `personalData: false` (protected customer data not approved) nulls email, phone, names and addresses.
 */
export function restOrder(
  order: SimOrder,
  timeZone: string,
  opts: { updatedAtMs?: number; personalData?: boolean } = {},
) {
  const personal = opts.personalData !== false;
  const d = order.decimals;
  const money = (minor: number) => formatFixed(minor, d);
  const set = (minor: number) => {
    const m = { amount: money(minor), currency_code: order.currency };
    return { shop_money: m, presentment_money: m };
  };
  const time = (ms: number | null) => (ms === null ? null : shopLocalTime(ms, timeZone));
  const tax = (t: SimTaxLine) => ({
    title: t.title,
    rate: ppmToRate(t.ratePpm),
    price: money(t.amountMinor),
    price_set: set(t.amountMinor),
    channel_liable: t.channelLiable,
  });
  const allocations = (list: { applicationIndex: number; amountMinor: number }[]) =>
    list.map((a) => ({
      amount: money(a.amountMinor),
      amount_set: set(a.amountMinor),
      discount_application_index: a.applicationIndex,
    }));
  const a = computeOrderAmounts(order);
  const c = order.customer;
  return {
    id: rawNumber(order.id),
    admin_graphql_api_id: order.gid,
    name: order.name,
    order_number: order.number,
    number: order.number - 1000,
    created_at: time(order.createdAtMs),
    processed_at: time(order.processedAtMs),
    updated_at: time(opts.updatedAtMs ?? order.updatedAtMs),
    cancelled_at: time(order.cancelledAtMs),
    cancel_reason: null,
    closed_at: null,
    test: order.test,
    confirmed: true,
    currency: order.currency,
    presentment_currency: order.currency,
    taxes_included: order.taxesIncluded,
    tax_exempt: false,
    duties_included: false,
    financial_status: financialStatus(order, a).toLowerCase(),
    fulfillment_status: restFulfillmentStatus(order),
    source_name: order.sourceName,
    location_id: order.retailLocation ? rawNumber(locationId(order.retailLocation)) : null,
    tags: order.tags.join(", "),
    payment_gateway_names: order.gatewayNames,
    email: personal ? order.email : null,
    phone: personal ? order.phone : null,
    total_line_items_price: money(a.lineItemsPrice),
    total_line_items_price_set: set(a.lineItemsPrice),
    total_discounts: money(a.totalDiscounts),
    total_discounts_set: set(a.totalDiscounts),
    subtotal_price: money(a.subtotal),
    subtotal_price_set: set(a.subtotal),
    total_tax: money(a.totalTax),
    total_tax_set: set(a.totalTax),
    total_tip_received: money(a.tip),
    total_price: money(a.totalPrice),
    total_price_set: set(a.totalPrice),
    total_outstanding: money(a.outstanding),
    total_shipping_price_set: set(a.shipping),
    current_subtotal_price: money(a.currentSubtotal),
    current_subtotal_price_set: set(a.currentSubtotal),
    current_total_discounts: money(a.currentDiscounts),
    current_total_discounts_set: set(a.currentDiscounts),
    current_total_tax: money(a.currentTax),
    current_total_tax_set: set(a.currentTax),
    current_total_price: money(a.currentTotalPrice),
    current_total_price_set: set(a.currentTotalPrice),
    current_shipping_price_set: set(a.currentShipping),
    discount_applications: order.discountApplications.map((x) => ({
      type: x.kind,
      title: x.title,
      ...(x.code ? { code: x.code } : {}),
      value: x.valueType === "percentage" ? String(x.value / 10_000) : money(x.value),
      value_type: x.valueType,
      allocation_method: x.allocationMethod,
      target_selection: x.targetSelection,
      target_type: x.targetType,
    })),
    discount_codes: order.discountApplications
      .filter((x) => x.code)
      .map((x) => ({ code: x.code, amount: money(x.value), type: x.valueType })),
    tax_lines: aggregate(order).map(tax),
    line_items: visibleLines(order).map((l) => ({
      id: rawNumber(l.id),
      admin_graphql_api_id: `gid://shopify/LineItem/${l.id}`,
      product_id: rawNumber(l.productId || null),
      variant_id: rawNumber(l.variantId || null),
      sku: l.sku,
      title: l.title,
      variant_title: l.variantTitle,
      name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
      vendor: l.vendor,
      quantity: l.quantity,
      current_quantity:
        l.quantity -
        order.refunds
          .flatMap((r) => r.lineItems)
          .filter((r) => r.lineItemId === l.id)
          .reduce((s, r) => s + r.quantity, 0),
      price: money(l.unitPriceMinor),
      price_set: set(l.unitPriceMinor),
      taxable: l.taxable,
      gift_card: l.isGiftCard,
      requires_shipping: l.requiresShipping,
      product_exists: true,
      total_discount: money(sumAllocations(l.discountAllocations)),
      total_discount_set: set(sumAllocations(l.discountAllocations)),
      discount_allocations: allocations(l.discountAllocations),
      tax_lines: l.taxLines.map(tax),
      properties: [],
      duties: [],
    })),
    shipping_lines: order.shippingLines.map((s) => ({
      id: rawNumber(s.id),
      title: s.title,
      code: s.code,
      source: "shopify",
      price: money(s.priceMinor),
      price_set: set(s.priceMinor),
      discounted_price: money(s.priceMinor - sumAllocations(s.discountAllocations)),
      discounted_price_set: set(s.priceMinor - sumAllocations(s.discountAllocations)),
      is_removed: false,
      discount_allocations: allocations(s.discountAllocations),
      tax_lines: s.taxLines.map(tax),
    })),
    customer: c ? restCustomer(c, { currency: order.currency, timeZone, personalData: personal }) : null,
    billing_address: order.address ? restAddress(order.address, personal) : null,
    shipping_address:
      order.address && order.shippingLines.length > 0 ? restAddress(order.address, personal) : null,
    fulfillments: order.fulfillments.map((f) => restFulfillment(order, f, timeZone)),
    refunds: order.refunds.map((r) => restRefund(order, r, timeZone)),
  };
}

function aggregate(order: SimOrder): SimTaxLine[] {
  const all = order.lineItems
    .flatMap((l) => l.taxLines)
    .concat(order.shippingLines.flatMap((s) => s.taxLines));
  const map = new Map<string, SimTaxLine>();
  for (const t of all) {
    const prev = map.get(t.title);
    map.set(t.title, prev ? { ...prev, amountMinor: prev.amountMinor + t.amountMinor } : { ...t });
  }
  return [...map.values()];
}

export function restTransaction(order: SimOrder, t: SimTransaction, timeZone: string) {
  return {
    id: rawNumber(t.id),
    admin_graphql_api_id: `gid://shopify/OrderTransaction/${t.id}`,
    order_id: rawNumber(order.id),
    kind: t.kind.toLowerCase(),
    gateway: t.gateway,
    status: t.status.toLowerCase(),
    amount: formatFixed(t.amountMinor, order.decimals),
    currency: order.currency,
    parent_id: rawNumber(t.parentId),
    processed_at: shopLocalTime(t.processedAtMs, timeZone),
    created_at: shopLocalTime(t.processedAtMs, timeZone),
    test: t.test,
  };
}

export function restRefund(order: SimOrder, r: SimRefund, timeZone: string) {
  const d = order.decimals;
  const set = (minor: number) => {
    const m = { amount: formatFixed(minor, d), currency_code: order.currency };
    return { shop_money: m, presentment_money: m };
  };
  return {
    id: rawNumber(r.id),
    admin_graphql_api_id: `gid://shopify/Refund/${r.id}`,
    order_id: rawNumber(order.id),
    created_at: shopLocalTime(r.processedAtMs, timeZone),
    processed_at: shopLocalTime(r.processedAtMs, timeZone),
    note: r.note,
    restock: false,
    refund_line_items: r.lineItems.map((x) => ({
      id: rawNumber(x.id),
      line_item_id: rawNumber(x.lineItemId),
      quantity: x.quantity,
      restock_type: "return",
      subtotal: rawNumber(formatFixed(x.subtotalMinor, d)),
      subtotal_set: set(x.subtotalMinor),
      total_tax: rawNumber(formatFixed(x.taxMinor, d)),
      total_tax_set: set(x.taxMinor),
    })),
    refund_shipping_lines: r.shipping
      ? [
          {
            id: rawNumber(r.shipping.id),
            shipping_line_id: rawNumber(r.shipping.shippingLineId),
            subtotal_amount_set: set(r.shipping.subtotalMinor),
            tax_amount_set: set(r.shipping.taxMinor),
          },
        ]
      : [],
    order_adjustments: [],
    transactions: r.transactionIds.map((id) =>
      restTransaction(order, order.transactions.find((t) => t.id === id)!, timeZone),
    ),
    duties: [],
  };
}
