import {
  buildFulfillments,
  buildPayments,
  checkoutContact,
  type OrderCustomers,
  orderCustomer,
} from "./build-order-parts.js";
import { buildOrderSale } from "./build-sales.js";
import { gid, type IdAllocator } from "./id-allocator.js";
import { allocate, currencyDecimals, mulDivRound, taxExclusive, taxInclusive } from "./money.js";
import type { SimOrderInput, SimTaxRateInput } from "./sim-order-input.js";
import type {
  SimAgreement,
  SimDiscountApplication,
  SimLineItem,
  SimOrder,
  SimShippingLine,
  SimShopConfig,
  SimTaxLine,
} from "./types.js";

export interface BuildOrderContext {
  shop: SimShopConfig;
  ids: IdAllocator;
  number: number;
  nowMs: number;
  /** the shop's customer registry: the order's customer is found or registered there */
  customers?: OrderCustomers;
}

const toMs = (v: Date | string | undefined, fallback: number): number =>
  v === undefined ? fallback : typeof v === "string" ? Date.parse(v) : v.getTime();

/** Turns an order description into a SimOrder whose lines, taxes, sales and transactions all agree. */
export function buildOrder(input: SimOrderInput, ctx: BuildOrderContext): SimOrder {
  const { shop, ids } = ctx;
  const processedAtMs = toMs(input.processedAt, ctx.nowMs);
  const createdAtMs = toMs(input.createdAt, processedAtMs + 2000);
  const sourceName = input.sourceName ?? "web";
  const retailLocation = input.retailLocation ?? (sourceName === "pos" ? "SF Store" : null);
  const rates = (input.taxes ?? []).map((t) => ({ ...t, ratePpm: Math.round(t.rate * 1_000_000) }));
  const applications: SimDiscountApplication[] = [];
  const lineItems = buildLines(input, ctx, applications, retailLocation);
  allocateCodeDiscount(input, lineItems, applications);
  const shippingLines = buildShipping(input, ctx, applications, rates);
  for (const line of lineItems) {
    const net = line.unitPriceMinor * line.quantity - sumAllocations(line.discountAllocations);
    line.taxLines = line.taxable ? taxLinesFor(net, rates, shop.taxesIncluded) : [];
  }
  const id = input.id ?? ids.next("Order");
  // after the order's id: the seeded id stream keeps its order (Order, Customer, Fulfillment…)
  const customer = orderCustomer(input, ctx, createdAtMs);
  const order: SimOrder = {
    shop: shop.domain,
    id,
    gid: "",
    name: input.name ?? `#${ctx.number}`,
    number: input.number ?? ctx.number,
    createdAtMs,
    processedAtMs,
    updatedAtMs: createdAtMs + 2000,
    cancelledAtMs: null,
    test: input.test ?? false,
    currency: shop.currency,
    decimals: currencyDecimals(shop.currency),
    taxesIncluded: shop.taxesIncluded,
    sourceName,
    tags: input.tags ?? [],
    retailLocation,
    customer,
    ...checkoutContact(input, customer),
    lineItems,
    shippingLines,
    discountApplications: applications,
    transactions: [],
    refunds: [],
    agreements: [],
    fulfillments: input.fulfilled === false ? [] : buildFulfillments(lineItems, ids, createdAtMs),
    gatewayNames: (input.payments ?? [{ gateway: "shopify_payments" }]).map((p) => p.gateway),
  };
  order.gid = gid("Order", order.id);
  if (input.tipMinor) order.lineItems.push(tipLine(input.tipMinor, ids));
  order.agreements.push(orderAgreement(order, ids));
  order.transactions = buildPayments(input, order, ids);
  return order;
}

function buildLines(
  input: SimOrderInput,
  ctx: BuildOrderContext,
  applications: SimDiscountApplication[],
  retailLocation: string | null,
): SimLineItem[] {
  return input.lineItems.map((l) => {
    const isGiftCard = l.isGiftCard ?? false;
    const line: SimLineItem = {
      id: l.id ?? ctx.ids.next("LineItem"),
      sku: l.sku,
      title: l.title,
      variantTitle: l.variantTitle ?? null,
      vendor: l.vendor ?? "Acme",
      productId: l.productId ?? ctx.ids.next("Product"),
      variantId: l.variantId ?? ctx.ids.next("ProductVariant"),
      productType: l.productType ?? (isGiftCard ? "Gift Card" : "Apparel"),
      quantity: l.quantity,
      unitPriceMinor: l.priceMinor,
      isGiftCard,
      taxable: l.taxable ?? !isGiftCard,
      requiresShipping: !isGiftCard,
      location: isGiftCard ? null : (l.location ?? retailLocation ?? "Main Warehouse"),
      discountAllocations: [],
      taxLines: [],
    };
    if (l.automaticDiscountMinor) {
      const index = applications.length;
      applications.push({
        index,
        kind: "automatic",
        title: l.automaticDiscountTitle ?? "Automatic discount",
        valueType: "fixed_amount",
        value: l.automaticDiscountMinor,
        allocationMethod: "across",
        targetSelection: "entitled",
        targetType: "line_item",
      });
      line.discountAllocations.push({ applicationIndex: index, amountMinor: l.automaticDiscountMinor });
    }
    return line;
  });
}

function allocateCodeDiscount(input: SimOrderInput, lines: SimLineItem[], apps: SimDiscountApplication[]) {
  const code = input.codeDiscount;
  if (!code) return;
  const eligible = lines.filter((l) => !l.isGiftCard);
  const weights = eligible.map((l) => l.unitPriceMinor * l.quantity - sumAllocations(l.discountAllocations));
  const base = weights.reduce((s, w) => s + w, 0);
  const percentPpm = code.percent !== undefined ? Math.round(code.percent * 10_000) : undefined;
  const amount = Math.min(base, code.amountMinor ?? mulDivRound(base, percentPpm ?? 0, 1_000_000));
  const index = apps.length;
  apps.push({
    index,
    kind: "discount_code",
    title: code.code,
    code: code.code,
    valueType: percentPpm !== undefined ? "percentage" : "fixed_amount",
    value: percentPpm ?? amount,
    allocationMethod: "across",
    targetSelection: "all",
    targetType: "line_item",
  });
  allocate(amount, weights).forEach((share, i) => {
    if (share > 0) eligible[i]!.discountAllocations.push({ applicationIndex: index, amountMinor: share });
  });
}

function buildShipping(
  input: SimOrderInput,
  ctx: BuildOrderContext,
  apps: SimDiscountApplication[],
  rates: (SimTaxRateInput & { ratePpm: number })[],
): SimShippingLine[] {
  const s = input.shipping;
  if (!s) return [];
  const line: SimShippingLine = {
    id: ctx.ids.next("ShippingLine"),
    title: s.title,
    code: s.code ?? s.title.toUpperCase().replace(/\W+/g, "_"),
    priceMinor: s.priceMinor,
    discountAllocations: [],
    taxLines: [],
  };
  if (s.discountMinor) {
    const index = apps.length;
    apps.push({
      index,
      kind: "discount_code",
      title: "Shipping discount",
      code: "FREESHIP",
      valueType: "fixed_amount",
      value: s.discountMinor,
      allocationMethod: "each",
      targetSelection: "all",
      targetType: "shipping_line",
    });
    line.discountAllocations.push({ applicationIndex: index, amountMinor: s.discountMinor });
  }
  const net = s.priceMinor - (s.discountMinor ?? 0);
  line.taxLines = s.taxable === false ? [] : taxLinesFor(net, rates, ctx.shop.taxesIncluded);
  return [line];
}

function taxLinesFor(
  netMinor: number,
  rates: (SimTaxRateInput & { ratePpm: number })[],
  taxesIncluded: boolean,
): SimTaxLine[] {
  return rates.map((r) => ({
    title: r.title,
    ratePpm: r.ratePpm,
    amountMinor: taxesIncluded ? taxInclusive(netMinor, r.ratePpm) : taxExclusive(netMinor, r.ratePpm),
    channelLiable: r.channelLiable ?? false,
  }));
}

export function sumAllocations(allocations: { amountMinor: number }[]): number {
  return allocations.reduce((s, a) => s + a.amountMinor, 0);
}

function tipLine(tipMinor: number, ids: IdAllocator): SimLineItem {
  return {
    id: ids.next("LineItem"),
    sku: "",
    title: "Tip",
    variantTitle: null,
    vendor: "",
    productId: "",
    variantId: "",
    productType: "",
    quantity: 1,
    unitPriceMinor: tipMinor,
    isGiftCard: false,
    taxable: false,
    requiresShipping: false,
    location: null,
    discountAllocations: [],
    taxLines: [],
    isTip: true,
  };
}

function orderAgreement(order: SimOrder, ids: IdAllocator): SimAgreement {
  const sales = order.lineItems.map((l) =>
    buildOrderSale(
      {
        typename: l.isTip ? "TipSale" : l.isGiftCard ? "GiftCardSale" : "ProductSale",
        lineType: l.isTip ? "TIP" : l.isGiftCard ? "GIFT_CARD" : "PRODUCT",
        quantity: l.quantity,
        lineItemId: l.id,
        amountMinor: l.unitPriceMinor * l.quantity,
        discountMinor: sumAllocations(l.discountAllocations),
        taxLines: l.taxLines,
      },
      order.taxesIncluded,
      ids,
    ),
  );
  for (const s of order.shippingLines) {
    sales.push(
      buildOrderSale(
        {
          typename: "ShippingLineSale",
          lineType: "SHIPPING",
          quantity: null,
          shippingLineId: s.id,
          amountMinor: s.priceMinor,
          discountMinor: sumAllocations(s.discountAllocations),
          taxLines: s.taxLines,
        },
        order.taxesIncluded,
        ids,
      ),
    );
  }
  return {
    id: ids.next("SalesAgreement"),
    typename: "OrderAgreement",
    reason: "ORDER",
    happenedAtMs: order.processedAtMs,
    sales,
  };
}

export { formatGateway } from "./build-order-parts.js";
