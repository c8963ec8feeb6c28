import { isoCurrencyDecimals, parseDecimalToMinor } from "../domain/money.js";
import {
  type FulfillmentEvent,
  KNOWN_SALE_ACTION_TYPES,
  KNOWN_SALE_LINE_TYPES,
  type OrderLineItem,
  type OrderSnapshot,
  type PaymentEvent,
  type PaymentKind,
  type Sale,
  type SalesEvent,
  type SalesEventReason,
} from "../domain/order.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { FulfillmentGraph, OrderGraph, SaleNode, TransactionNode } from "./order-schemas.js";

const EVENT_REASONS: readonly SalesEventReason[] = ["ORDER", "ORDER_EDIT", "REFUND", "RETURN"];
const MONEY_MOVING_KINDS: readonly PaymentKind[] = ["SALE", "CAPTURE", "REFUND"];

/**
 * Converts a fully paged GraphQL order into the connector's `OrderSnapshot`. Pure. Amounts are shop
 * money (presentment is ignored) in minor units of the order currency; only SUCCESS SALE/CAPTURE/REFUND
 * transactions become payment events; each sales agreement becomes a sales event; each SUCCESS
 * fulfillment becomes a fulfillment event dated by its `createdAt`.
 * Throws `MLC_SHOPIFY_RESPONSE_INVALID` for an amount that is not exact in the currency or is in another
 * currency than the order's.
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/interfaces/SalesAgreement
 * @see https://shopify.dev/docs/api/admin-graphql/2026-10/objects/OrderTransaction
 */
export function toOrderSnapshot(order: OrderGraph): OrderSnapshot {
  const money = createMoneyReader(order.currencyCode, order.id);
  return {
    id: order.id,
    legacyId: order.legacyResourceId,
    name: order.name,
    currency: order.currencyCode,
    taxesIncluded: order.taxesIncluded,
    test: order.test,
    createdAt: order.createdAt,
    processedAt: order.processedAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    sourceName: order.sourceName,
    retailLocationName: order.retailLocation?.name ?? null,
    tags: order.tags.map((tag) => tag.trim()).filter((tag) => tag.length > 0),
    shippingCountryCode: order.shippingAddress?.countryCodeV2 ?? null,
    customerId: order.customer?.id ?? null,
    customerUpdatedAt: order.customer?.updatedAt ?? null,
    lineItems: toLineItems(order),
    salesEvents: order.agreements.map((agreement) => ({
      id: agreement.id,
      reason: oneOf(agreement.reason, EVENT_REASONS, "OTHER"),
      happenedAt: agreement.happenedAt,
      sales: agreement.sales.map((sale) => toSale(sale, money)),
    })) satisfies SalesEvent[],
    paymentEvents: order.transactions.filter(movesMoney).map((transaction) => toPayment(transaction, money)),
    fulfillmentEvents: toFulfillmentEvents(order),
  };
}

/** Only a SUCCESS fulfillment shipped goods; CANCELLED/ERROR/FAILURE (and the deprecated OPEN/PENDING) did not. */
export function shipped(fulfillment: FulfillmentGraph): boolean {
  return fulfillment.status === "SUCCESS";
}

/** Successful fulfillments, oldest first (ties by id, so the order is stable). */
function toFulfillmentEvents(order: OrderGraph): FulfillmentEvent[] {
  return order.fulfillments
    .filter(shipped)
    .map((fulfillment) => ({
      id: fulfillment.id,
      happenedAt: fulfillment.createdAt,
      locationName: fulfillment.locationName,
      lines: fulfillment.lines.map((line) => ({
        lineItemId: line.lineItem.id,
        quantity: fulfilledQuantity(line.quantity, fulfillment.id, order.id),
      })),
    }))
    .sort((a, b) => Date.parse(a.happenedAt) - Date.parse(b.happenedAt) || compare(a.id, b.id));
}

function fulfilledQuantity(quantity: number | null, fulfillmentId: string, orderId: string): number {
  if (quantity !== null) return quantity;
  // Revenue would be recognised for an unknown number of units: refuse rather than guess.
  throw new ConnectorError(
    "MLC_SHOPIFY_RESPONSE_INVALID",
    `fulfillment ${fulfillmentId}: a line without quantity`,
    {
      retryable: false,
      detail: { orderId, fulfillmentId },
    },
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a transaction moved money: a successful SALE, CAPTURE or REFUND (never AUTHORIZATION/VOID). */
export function movesMoney(transaction: TransactionNode): boolean {
  return (
    transaction.status === "SUCCESS" && (MONEY_MOVING_KINDS as readonly string[]).includes(transaction.kind)
  );
}

function toLineItems(order: OrderGraph): OrderLineItem[] {
  const locationByLineItem = new Map<string, string>();
  // Shipped fulfillments first: a cancelled attempt elsewhere must not name the line's location.
  const ranked = [...order.fulfillments.filter(shipped), ...order.fulfillments.filter((f) => !shipped(f))];
  for (const fulfillment of ranked) {
    if (!fulfillment.locationName) continue;
    for (const { lineItem } of fulfillment.lines) {
      const lineItemId = lineItem.id;
      // A line split across locations keeps its first fulfillment's location.
      if (!locationByLineItem.has(lineItemId)) locationByLineItem.set(lineItemId, fulfillment.locationName);
    }
  }
  return order.lineItems.map((item) => ({
    id: item.id,
    sku: item.sku && item.sku.length > 0 ? item.sku : null,
    name: item.name,
    productType: item.product?.productType ? item.product.productType : null,
    isGiftCard: item.isGiftCard,
    fulfillmentLocationName: locationByLineItem.get(item.id) ?? null,
  }));
}

type MoneyReader = (amount: string, currencyCode: string | undefined, where: string) => bigint;

function toSale(sale: SaleNode, money: MoneyReader): Sale {
  const where = `sale ${sale.id}`;
  return {
    id: sale.id,
    lineType: oneOf(sale.lineType, KNOWN_SALE_LINE_TYPES, "UNKNOWN"),
    actionType: oneOf(sale.actionType, KNOWN_SALE_ACTION_TYPES, "UNKNOWN"),
    quantity: sale.quantity,
    lineItemId: sale.lineItem?.id ?? null,
    totalAmountMinor: money(
      sale.totalAmount.shopMoney.amount,
      sale.totalAmount.shopMoney.currencyCode,
      where,
    ),
    totalTaxMinor: money(sale.totalTaxAmount.shopMoney.amount, undefined, where),
    discountBeforeTaxesMinor: money(sale.totalDiscountAmountBeforeTaxes.shopMoney.amount, undefined, where),
    taxes: sale.taxes.map((tax) => ({
      title: tax.taxLine.title,
      amountMinor: money(tax.amount.shopMoney.amount, undefined, where),
      channelLiable: tax.taxLine.channelLiable ?? false,
    })),
  };
}

/**
 * A POS cash transaction's `amountSet` is what it settled on the order; the cash that changed hands is
 * `amountSet + amountRoundingSet` (Shopify changelog "Cash transaction rounding for Point of Sale",
 * 2025-04-24: rounded total = totalReceived + totalCashRoundingAdjustment). Sign read from that
 * formula; unconfirmed against a live shop.
 */
function toPayment(transaction: TransactionNode, money: MoneyReader): PaymentEvent {
  const { amount, currencyCode } = transaction.amountSet.shopMoney;
  const where = `transaction ${transaction.id}`;
  const settledMinor = money(amount, currencyCode, where);
  const rounding = transaction.amountRoundingSet?.shopMoney.amount;
  const cashRoundingMinor = rounding === undefined ? 0n : money(rounding, undefined, `${where} rounding`);
  return {
    id: transaction.id,
    kind: transaction.kind as PaymentKind,
    gateway: transaction.gateway ?? "unknown",
    processedAt: transaction.processedAt ?? transaction.createdAt,
    amountMinor: settledMinor + cashRoundingMinor,
    ...(cashRoundingMinor !== 0n ? { cashRoundingMinor } : {}),
    test: transaction.test,
  };
}

function createMoneyReader(currency: string, orderId: string): MoneyReader {
  const decimals = isoCurrencyDecimals(currency);
  return (amount, currencyCode, where) => {
    if (currencyCode !== undefined && currencyCode !== currency) {
      throw new ConnectorError(
        "MLC_SHOPIFY_RESPONSE_INVALID",
        `${where}: shop money in ${currencyCode}, order in ${currency}`,
        {
          retryable: false,
          detail: { orderId, where, currencyCode, currency },
        },
      );
    }
    try {
      return parseDecimalToMinor(amount, decimals);
    } catch (cause) {
      throw new ConnectorError(
        "MLC_SHOPIFY_RESPONSE_INVALID",
        `${where}: amount ${amount} is not exact in ${currency}`,
        {
          cause,
          retryable: false,
          detail: { orderId, where, amount, currency },
        },
      );
    }
  };
}

function oneOf<T extends string, F extends string>(value: string, allowed: readonly T[], fallback: F): T | F {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
