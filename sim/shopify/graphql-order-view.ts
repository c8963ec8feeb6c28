import { indexConnection, type PageArgs } from "./connection.js";
import { displayFulfillmentStatus } from "./fulfill-order.js";
import { moneyBag, taxLineView } from "./graphql-money.js";
import { createOrderParts } from "./graphql-order-parts.js";
import { gid } from "./id-allocator.js";
import { computeOrderAmounts, financialStatus, visibleLines } from "./order-math.js";
import { isoUtc } from "./time-format.js";
import type { SimAddress, SimCustomer, SimOrder, SimRefund, SimTaxLine } from "./types.js";

export interface ViewOptions {
  /** false → personal fields are null (protected customer data not approved) */
  personalData: boolean;
}

/** The GraphQL `Order` source object for one SimOrder. Unlisted fields answer "simulator does not implement". */
export function orderView(order: SimOrder, options: ViewOptions): Record<string, unknown> {
  const m = { currency: order.currency, decimals: order.decimals };
  const a = computeOrderAmounts(order);
  const self: Record<string, unknown> = {};
  const parts = createOrderParts(order, m, () => self);
  const bag = (minor: number) => moneyBag(minor, m);
  const taxLines = aggregateTaxes(
    order.lineItems.flatMap((l) => l.taxLines).concat(order.shippingLines.flatMap((s) => s.taxLines)),
  );
  const refund = (r: SimRefund) => refundView(r, order, parts, bag, self);
  const status = financialStatus(order, a);
  const customer = order.customer ? customerView(order.customer, options) : null;
  const address =
    options.personalData && order.address ? mailingAddressView(order.address, `${order.id}2`) : null;
  Object.assign(self, {
    __typename: "Order",
    id: order.gid,
    legacyResourceId: order.id,
    name: order.name,
    number: order.number - 1000 > 0 ? order.number - 1000 : order.number,
    createdAt: isoUtc(order.createdAtMs),
    processedAt: isoUtc(order.processedAtMs),
    updatedAt: isoUtc(order.updatedAtMs),
    cancelledAt: order.cancelledAtMs === null ? null : isoUtc(order.cancelledAtMs),
    cancelReason: null,
    closedAt: null,
    closed: false,
    confirmed: true,
    edited: false,
    test: order.test,
    currencyCode: order.currency,
    presentmentCurrencyCode: order.currency,
    taxesIncluded: order.taxesIncluded,
    taxExempt: false,
    dutiesIncluded: false,
    estimatedTaxes: false,
    displayFinancialStatus: status,
    displayFulfillmentStatus: displayFulfillmentStatus(order),
    fullyPaid: a.outstanding === 0,
    unpaid: a.received === 0 && a.totalPrice > 0,
    sourceName: order.sourceName,
    sourceIdentifier: null,
    tags: order.tags,
    note: null,
    poNumber: null,
    discountCode:
      order.discountApplications.find((d) => d.code && d.targetType === "line_item")?.code ?? null,
    discountCodes: order.discountApplications.filter((d) => d.code).map((d) => d.code),
    paymentGatewayNames: order.gatewayNames,
    retailLocation: parts.location(order.retailLocation),
    physicalLocation: parts.location(order.retailLocation),
    email: options.personalData ? order.email : null,
    phone: options.personalData ? order.phone : null,
    customer,
    billingAddress: address,
    shippingAddress: address,
    subtotalPriceSet: bag(a.subtotal),
    currentSubtotalPriceSet: bag(a.currentSubtotal),
    totalPriceSet: bag(a.totalPrice),
    originalTotalPriceSet: bag(a.totalPrice),
    currentTotalPriceSet: bag(a.currentTotalPrice),
    totalDiscountsSet: bag(a.totalDiscounts),
    currentTotalDiscountsSet: bag(a.currentDiscounts),
    cartDiscountAmountSet: bag(a.cartDiscount),
    currentCartDiscountAmountSet: bag(a.cartDiscount),
    totalShippingPriceSet: bag(a.shipping),
    currentShippingPriceSet: bag(a.currentShipping),
    totalTaxSet: bag(a.totalTax),
    currentTotalTaxSet: bag(a.currentTax),
    totalTipReceivedSet: bag(a.tip),
    totalReceivedSet: bag(a.received),
    totalRefundedSet: bag(a.refunded),
    totalRefundedShippingSet: bag(a.refundedShipping),
    netPaymentSet: bag(a.received - a.refunded),
    totalOutstandingSet: bag(a.outstanding),
    totalCapturableSet: bag(0),
    refundDiscrepancySet: bag(0),
    originalTotalDutiesSet: null,
    currentTotalDutiesSet: null,
    originalTotalAdditionalFeesSet: null,
    currentTotalAdditionalFeesSet: null,
    taxLines: taxLines.map((t) => taxLineView(t, m)),
    currentTaxLines: taxLines.map((t) => taxLineView(t, m)),
    subtotalLineItemsQuantity: visibleLines(order).reduce((s, l) => s + l.quantity, 0),
    lineItems: (args: PageArgs) => indexConnection(visibleLines(order), args, parts.lineItem),
    shippingLine: order.shippingLines[0] ? parts.shippingLine(order.shippingLines[0]) : null,
    shippingLines: (args: PageArgs) => indexConnection(order.shippingLines, args, parts.shippingLine),
    transactions: (args: { first?: number | null }) =>
      order.transactions.slice(0, args.first ?? undefined).map(parts.transaction),
    refunds: (args: { first?: number | null }) => order.refunds.slice(0, args.first ?? undefined).map(refund),
    agreements: (args: PageArgs) =>
      indexConnection(order.agreements, args, (ag) =>
        parts.agreement(ag, (id) => refund(order.refunds.find((r) => r.id === id)!)),
      ),
    fulfillments: (args: { first?: number | null }) =>
      order.fulfillments.slice(0, args.first ?? undefined).map((f) => ({
        __typename: "Fulfillment",
        id: gid("Fulfillment", f.id),
        legacyResourceId: f.id,
        name: `${order.name}-F${order.fulfillments.indexOf(f) + 1}`,
        status: f.status,
        displayStatus: f.status === "SUCCESS" ? "FULFILLED" : "CANCELED",
        createdAt: isoUtc(f.createdAtMs),
        updatedAt: isoUtc(f.createdAtMs),
        deliveredAt: null,
        inTransitAt: null,
        estimatedDeliveryAt: null,
        requiresShipping: true,
        totalQuantity: f.lineItems.reduce((s, x) => s + x.quantity, 0),
        location: parts.location(f.location),
        fulfillmentLineItems: (p: PageArgs) =>
          indexConnection(f.lineItems, p, (x) => {
            const line = parts.lineById.get(x.lineItemId)!;
            return {
              id: gid("FulfillmentLineItem", x.id),
              quantity: x.quantity,
              lineItem: parts.lineItem(line),
              originalTotalSet: bag(line.unitPriceMinor * x.quantity),
            };
          }),
      })),
  });
  return self;
}

function aggregateTaxes(lines: SimTaxLine[]): SimTaxLine[] {
  const byTitle = new Map<string, SimTaxLine>();
  for (const t of lines) {
    const key = `${t.title}|${t.ratePpm}|${t.channelLiable}`;
    const prev = byTitle.get(key);
    byTitle.set(key, prev ? { ...prev, amountMinor: prev.amountMinor + t.amountMinor } : { ...t });
  }
  return [...byTitle.values()];
}

function refundView(
  r: SimRefund,
  order: SimOrder,
  parts: ReturnType<typeof createOrderParts>,
  bag: (minor: number) => unknown,
  orderSelf: unknown,
) {
  const transactions = r.transactionIds.map(
    (id) => parts.txById.get(id) ?? order.transactions.find((t) => t.id === id)!,
  );
  const total = transactions.reduce((s, t) => s + t.amountMinor, 0);
  return {
    __typename: "Refund",
    id: gid("Refund", r.id),
    legacyResourceId: r.id,
    createdAt: isoUtc(r.processedAtMs),
    processedAt: isoUtc(r.processedAtMs),
    updatedAt: isoUtc(r.processedAtMs),
    note: r.note,
    order: orderSelf,
    totalRefundedSet: bag(total),
    refundLineItems: (args: PageArgs) =>
      indexConnection(r.lineItems, args, (x) => {
        const line = parts.lineById.get(x.lineItemId)!;
        return {
          id: gid("RefundLineItem", x.id),
          quantity: x.quantity,
          restockType: "RETURN",
          restocked: false,
          location: null,
          lineItem: parts.lineItem(line),
          priceSet: bag(line.unitPriceMinor),
          subtotalSet: bag(x.subtotalMinor),
          totalTaxSet: bag(x.taxMinor),
        };
      }),
    refundShippingLines: (args: PageArgs) =>
      indexConnection(r.shipping ? [r.shipping] : [], args, (s) => ({
        id: gid("RefundShippingLine", s.id),
        shippingLine: parts.shippingLine(parts.shippingById.get(s.shippingLineId)!),
        subtotalAmountSet: bag(s.subtotalMinor),
        taxAmountSet: bag(s.taxMinor),
      })),
    orderAdjustments: (args: PageArgs) => indexConnection([], args, (x) => x),
    transactions: (args: PageArgs) => indexConnection(transactions, args, parts.transaction),
  };
}

/**
 * The GraphQL `Customer`: the registry's record as it is now (an order's `customer` too). Without
 * protected-data approval names, e-mail, phone and addresses are null.
 */
export function customerView(c: SimCustomer, options: ViewOptions) {
  const p = options.personalData;
  const address = mailingAddressView(c, `${c.id}1`);
  return {
    __typename: "Customer",
    id: gid("Customer", c.id),
    legacyResourceId: c.id,
    firstName: p ? c.firstName : null,
    lastName: p ? c.lastName : null,
    displayName: p ? `${c.firstName} ${c.lastName}` : "",
    email: p ? c.email : null,
    phone: p ? c.phone : null,
    defaultEmailAddress: p ? { emailAddress: c.email } : null,
    defaultPhoneNumber: p && c.phone ? { phoneNumber: c.phone } : null,
    defaultAddress: p ? address : null,
    addresses: p ? [address] : [],
    createdAt: isoUtc(c.createdAtMs),
    updatedAt: isoUtc(c.updatedAtMs),
    state: "ENABLED",
    tags: [],
    note: null,
    taxExempt: false,
    verifiedEmail: true,
  };
}

function mailingAddressView(a: SimAddress, id: string) {
  return {
    __typename: "MailingAddress",
    id: gid("MailingAddress", id),
    firstName: a.firstName,
    lastName: a.lastName,
    name: `${a.firstName} ${a.lastName}`,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    company: a.company,
    province: a.provinceCode,
    provinceCode: a.provinceCode,
    country: a.countryCode,
    countryCodeV2: a.countryCode,
    zip: a.zip,
    phone: a.phone,
    formattedArea: `${a.city} ${a.provinceCode}, ${a.countryCode}`,
  };
}
