import { sumAllocations } from "./build-order.js";
import { saleTaxMinor, saleTotalMinor } from "./build-sales.js";
import { indexConnection, type PageArgs } from "./connection.js";
import { fulfilledQuantity } from "./fulfill-order.js";
import { type MoneyContext, moneyBag, moneyV2, taxLineView } from "./graphql-money.js";
import { gid } from "./id-allocator.js";
import { locationId } from "./locations.js";
import { formatDecimal } from "./money.js";
import { isoUtc } from "./time-format.js";
import type {
  SimAgreement,
  SimDiscountApplication,
  SimLineItem,
  SimOrder,
  SimSale,
  SimShippingLine,
  SimTransaction,
} from "./types.js";

/** GraphQL source objects for the parts of an order; argument-taking fields are functions. */
export function createOrderParts(order: SimOrder, m: MoneyContext, orderView: () => unknown) {
  const lineById = new Map(order.lineItems.map((l) => [l.id, l]));
  const shippingById = new Map(order.shippingLines.map((s) => [s.id, s]));
  const txById = new Map(order.transactions.map((t) => [t.id, t]));

  const location = (name: string | null) =>
    name === null
      ? null
      : {
          __typename: "Location",
          id: gid("Location", locationId(name)),
          legacyResourceId: locationId(name),
          name,
        };

  const application = (index: number) => {
    const a = order.discountApplications.find((x) => x.index === index) as SimDiscountApplication;
    const typename = a.kind === "automatic" ? "AutomaticDiscountApplication" : "DiscountCodeApplication";
    return {
      __typename: typename,
      index: a.index,
      allocationMethod: a.allocationMethod.toUpperCase(),
      targetSelection: a.targetSelection.toUpperCase(),
      targetType: a.targetType.toUpperCase(),
      title: a.title,
      code: a.code ?? null,
      value:
        a.valueType === "percentage"
          ? { __typename: "PricingPercentageValue", percentage: a.value / 10_000 }
          : { __typename: "MoneyV2", ...moneyV2(a.value, m) },
    };
  };

  const allocations = (list: { applicationIndex: number; amountMinor: number }[]) =>
    list.map((a) => ({
      allocatedAmountSet: moneyBag(a.amountMinor, m),
      allocatedAmount: moneyV2(a.amountMinor, m),
      discountApplication: application(a.applicationIndex),
    }));

  const lineItem = (l: SimLineItem) => {
    const refunded = order.refunds
      .flatMap((r) => r.lineItems)
      .filter((r) => r.lineItemId === l.id)
      .reduce((s, r) => s + r.quantity, 0);
    const discount = sumAllocations(l.discountAllocations);
    const unfulfilled = l.quantity - fulfilledQuantity(order, l.id);
    return {
      __typename: "LineItem",
      id: gid("LineItem", l.id),
      sku: l.sku || null,
      name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
      title: l.title,
      variantTitle: l.variantTitle,
      vendor: l.vendor || null,
      quantity: l.quantity,
      currentQuantity: l.quantity - refunded,
      refundableQuantity: l.quantity - refunded,
      unfulfilledQuantity: Math.max(0, unfulfilled - refunded),
      isGiftCard: l.isGiftCard,
      taxable: l.taxable,
      requiresShipping: l.requiresShipping,
      product: l.productId
        ? {
            __typename: "Product",
            id: gid("Product", l.productId),
            legacyResourceId: l.productId,
            productType: l.productType,
            title: l.title,
            vendor: l.vendor,
          }
        : null,
      variant: l.variantId
        ? {
            __typename: "ProductVariant",
            id: gid("ProductVariant", l.variantId),
            legacyResourceId: l.variantId,
            sku: l.sku || null,
            title: l.variantTitle ?? "Default Title",
          }
        : null,
      originalUnitPriceSet: moneyBag(l.unitPriceMinor, m),
      originalTotalSet: moneyBag(l.unitPriceMinor * l.quantity, m),
      discountedTotalSet: (args: { withCodeDiscounts?: boolean }) => {
        const codes = new Set(
          order.discountApplications.filter((a) => a.kind === "discount_code").map((a) => a.index),
        );
        const counted = l.discountAllocations.filter(
          (a) => args.withCodeDiscounts || !codes.has(a.applicationIndex),
        );
        return moneyBag(l.unitPriceMinor * l.quantity - sumAllocations(counted), m);
      },
      totalDiscountSet: moneyBag(discount, m),
      discountAllocations: allocations(l.discountAllocations),
      taxLines: (args: { first?: number }) =>
        l.taxLines.slice(0, args.first ?? undefined).map((t) => taxLineView(t, m)),
    };
  };

  const shippingLine = (s: SimShippingLine) => {
    const discount = sumAllocations(s.discountAllocations);
    const refunded = order.refunds.some((r) => r.shipping?.shippingLineId === s.id);
    return {
      __typename: "ShippingLine",
      id: gid("ShippingLine", s.id),
      title: s.title,
      code: s.code,
      source: "shopify",
      custom: false,
      isRemoved: false,
      carrierIdentifier: null,
      deliveryCategory: null,
      phone: null,
      shippingRateHandle: null,
      originalPriceSet: moneyBag(s.priceMinor, m),
      discountedPriceSet: moneyBag(s.priceMinor - discount, m),
      currentDiscountedPriceSet: moneyBag(refunded ? 0 : s.priceMinor - discount, m),
      discountAllocations: allocations(s.discountAllocations),
      taxLines: s.taxLines.map((t) => taxLineView(t, m)),
    };
  };

  const transaction = (t: SimTransaction): Record<string, unknown> => ({
    __typename: "OrderTransaction",
    id: gid("OrderTransaction", t.id),
    kind: t.kind,
    status: t.status,
    gateway: t.gateway,
    formattedGateway: t.formattedGateway,
    test: t.test,
    createdAt: isoUtc(t.processedAtMs),
    processedAt: isoUtc(t.processedAtMs),
    amountSet: moneyBag(t.amountMinor, m),
    // No cash rounding in the simulator's shops (Shopify reports 0 for non-cash payments).
    amountRoundingSet: moneyBag(0, m),
    amount: formatDecimal(t.amountMinor, m.decimals),
    location: t.gateway === "cash" || order.sourceName === "pos" ? location(order.retailLocation) : null,
    parentTransaction: () => {
      const parent = t.parentId ? txById.get(t.parentId) : undefined;
      return parent ? transaction(parent) : null;
    },
    order: orderView,
  });

  const sale = (s: SimSale) => {
    const line = s.lineItemId ? lineById.get(s.lineItemId) : undefined;
    const ship = s.shippingLineId ? shippingById.get(s.shippingLineId) : undefined;
    return {
      __typename: s.typename,
      id: gid("Sale", s.id),
      lineType: s.lineType,
      actionType: s.actionType,
      quantity: s.quantity,
      totalAmount: moneyBag(saleTotalMinor(s), m),
      totalTaxAmount: moneyBag(saleTaxMinor(s), m),
      totalDiscountAmountBeforeTaxes: moneyBag(s.discountBeforeTaxMinor, m),
      totalDiscountAmountAfterTaxes: moneyBag(s.discountAfterTaxMinor, m),
      taxes: s.taxes.map((t) => ({
        id: gid("SaleTax", t.id),
        amount: moneyBag(t.amountMinor, m),
        taxLine: taxLineView(t, m),
      })),
      ...(line ? { lineItem: lineItem(line) } : {}),
      ...(s.typename === "ShippingLineSale" ? { shippingLine: ship ? shippingLine(ship) : null } : {}),
    };
  };

  const agreement = (a: SimAgreement, refundView: (id: string) => unknown) => ({
    __typename: a.typename,
    id: gid("SalesAgreement", a.id),
    happenedAt: isoUtc(a.happenedAtMs),
    reason: a.reason,
    app: null,
    user: null,
    sales: (args: PageArgs) => indexConnection(a.sales, args, sale),
    ...(a.typename === "OrderAgreement" ? { order: orderView } : { refund: () => refundView(a.refundId!) }),
  });

  return { location, lineItem, shippingLine, transaction, agreement, lineById, shippingById, txById };
}
