import {
  KNOWN_SALE_LINE_TYPES,
  type OrderSnapshot,
  type PaymentKind,
  type Sale,
  type SaleLineType,
  type SalesEvent,
} from "../domain/order.js";
import { isTestOrder } from "../mapping/collect-financial-events.js";
import { daysOf, type FiscalPeriod } from "./fiscal-period.js";
import { checkTimeZone, shopDay } from "./shop-day.js";

/** Every column of `salesByLineType`, in print order; each is present (0n when nothing was sold). */
export const FIGURE_LINE_TYPES: readonly SaleLineType[] = [...KNOWN_SALE_LINE_TYPES, "UNKNOWN"];

/**
 * Shopify's own money figures for a day or a period, straight from the orders' events (no accounts, no
 * mapping rules), in signed minor units of the shop currency. They tie exactly:
 * Σ salesByLineType − discountsMinor + refundsMinor + taxesMinor = totalSalesMinor.
 */
export interface ShopifyFigureAmounts {
  /** Orders with at least one sales or payment event in the span (an order counts once per span). */
  orders: number;
  /** Sales events (agreements) plus payment events (SALE, CAPTURE, REFUND transactions). */
  events: number;
  /** Sales that are not returns, before discounts and taxes, per Shopify `SaleLineType`. */
  salesByLineType: Record<SaleLineType, bigint>;
  /** Discounts on those sales (positive reduces sales; an edit that removes a line gives it back). */
  discountsMinor: bigint;
  /**
   * Refunds and returns after discounts, before taxes, negative as Shopify signs them: every sale of a
   * REFUND or RETURN agreement and every sale with action RETURN (refunded shipping included).
   */
  refundsMinor: bigint;
  /** Taxes of every sale, refunded taxes (negative) included. */
  taxesMinor: bigint;
  /** Sales after discounts, taxes included (Σ totalAmount): what the orders' receivable moved by. */
  totalSalesMinor: bigint;
  /** Money that moved per gateway: SALE and CAPTURE positive, REFUND negative. Gateways sorted. */
  paymentsByGateway: Record<string, bigint>;
}

export interface ShopifyDayFigures extends ShopifyFigureAmounts {
  date: string; // YYYY-MM-DD, shop day
  /** Before the tenant's accountingStartDate: booked by the old process; the connector posts none of it. */
  adopted: boolean;
}

export interface ShopifyFigures {
  /** Every day of the period in order, days without events included (zeros). */
  days: ShopifyDayFigures[];
  /** The whole period: what Shopify's own sales and payments reports show for it. */
  totals: ShopifyFigureAmounts;
  /** The part of `totals` on adopted days; `totals` minus this is what the connector had to post. */
  adoptedTotals: ShopifyFigureAmounts;
  /** Test orders with events in the period left out (the tenant does not post test orders). */
  testOrdersExcluded: number;
}

export interface ShopifyFiguresOptions extends Pick<FiscalPeriod, "firstDate" | "lastDate"> {
  timeZone: string; // shop IANA time zone
  includeTestOrders: boolean; // AccountingPolicy.includeTestOrders
  accountingStartDate: string | null; // AccountingPolicy.accountingStartDate
}

/** Running sums of one span; order ids kept as a set so an order counts once. */
interface Tally extends Omit<ShopifyFigureAmounts, "orders"> {
  orderIds: Set<string>;
}

type DatedEvent =
  | { date: string; type: "sales"; sales: SalesEvent }
  | { date: string; type: "payment"; kind: PaymentKind; gateway: string; amountMinor: bigint };

/**
 * Shopify's figures per shop day of the period, so a controller can tie the reconciliation to
 * Shopify's own reports. Independent of the mapping on purpose, except for the rule of what a test
 * order is (`isTestOrder`), which must be the job's. Fulfillments move no money and are not counted.
 */
export function shopifyFigures(
  orders: Iterable<OrderSnapshot>,
  options: ShopifyFiguresOptions,
): ShopifyFigures {
  checkTimeZone(options.timeZone);
  const days = new Map(daysOf(options).map((date) => [date, emptyTally()]));
  let testOrdersExcluded = 0;
  for (const order of orders) {
    const inPeriod = datedEvents(order, options.timeZone).filter((event) => days.has(event.date));
    if (inPeriod.length === 0) continue;
    if (isTestOrder(order) && !options.includeTestOrders) {
      testOrdersExcluded++;
      continue;
    }
    for (const event of inPeriod) addEvent(days.get(event.date)!, order.id, event);
  }
  const isAdopted = (date: string) =>
    options.accountingStartDate !== null && date < options.accountingStartDate;
  const tallies = [...days.entries()];
  return {
    days: tallies.map(([date, tally]) => ({ date, adopted: isAdopted(date), ...toAmounts(tally) })),
    totals: toAmounts(sumTallies(tallies.map(([, tally]) => tally))),
    adoptedTotals: toAmounts(sumTallies(tallies.filter(([date]) => isAdopted(date)).map(([, t]) => t))),
    testOrdersExcluded,
  };
}

function datedEvents(order: OrderSnapshot, timeZone: string): DatedEvent[] {
  return [
    ...order.salesEvents.map(
      (sales): DatedEvent => ({ date: shopDay(sales.happenedAt, timeZone), type: "sales", sales }),
    ),
    ...order.paymentEvents.map(
      (payment): DatedEvent => ({
        date: shopDay(payment.processedAt, timeZone),
        type: "payment",
        kind: payment.kind,
        gateway: payment.gateway,
        amountMinor: payment.amountMinor,
      }),
    ),
  ];
}

function addEvent(tally: Tally, orderId: string, event: DatedEvent): void {
  tally.orderIds.add(orderId);
  tally.events++;
  if (event.type === "payment") {
    const signed = event.kind === "REFUND" ? -event.amountMinor : event.amountMinor;
    tally.paymentsByGateway[event.gateway] = (tally.paymentsByGateway[event.gateway] ?? 0n) + signed;
    return;
  }
  const refundEvent = event.sales.reason === "REFUND" || event.sales.reason === "RETURN";
  for (const sale of event.sales.sales) addSale(tally, sale, refundEvent || sale.actionType === "RETURN");
}

/** Per the domain's `Sale`: before tax and discount = total − tax + discount; total is after both. */
function addSale(tally: Tally, sale: Sale, isRefund: boolean): void {
  const netBeforeTax = sale.totalAmountMinor - sale.totalTaxMinor;
  tally.taxesMinor += sale.totalTaxMinor;
  tally.totalSalesMinor += sale.totalAmountMinor;
  if (isRefund) {
    tally.refundsMinor += netBeforeTax;
    return;
  }
  const discount = discountSignedLikeSale(sale.discountBeforeTaxesMinor, netBeforeTax);
  tally.salesByLineType[sale.lineType] += netBeforeTax + discount;
  tally.discountsMinor += discount;
}

/**
 * Shopify sometimes reports a negative sale's discount unsigned; it is given the sale's sign (the
 * rule the mapping follows too), so a removed line gives its discount back rather than growing it.
 */
function discountSignedLikeSale(discountMinor: bigint, netBeforeTaxMinor: bigint): bigint {
  const magnitude = discountMinor < 0n ? -discountMinor : discountMinor;
  if (netBeforeTaxMinor < 0n) return -magnitude;
  if (netBeforeTaxMinor > 0n) return magnitude;
  return discountMinor;
}

function emptyTally(): Tally {
  return {
    orderIds: new Set(),
    events: 0,
    salesByLineType: Object.fromEntries(FIGURE_LINE_TYPES.map((type) => [type, 0n])) as Record<
      SaleLineType,
      bigint
    >,
    discountsMinor: 0n,
    refundsMinor: 0n,
    taxesMinor: 0n,
    totalSalesMinor: 0n,
    paymentsByGateway: {},
  };
}

function sumTallies(tallies: readonly Tally[]): Tally {
  const sum = emptyTally();
  for (const tally of tallies) {
    for (const orderId of tally.orderIds) sum.orderIds.add(orderId);
    sum.events += tally.events;
    for (const type of FIGURE_LINE_TYPES) sum.salesByLineType[type] += tally.salesByLineType[type];
    sum.discountsMinor += tally.discountsMinor;
    sum.refundsMinor += tally.refundsMinor;
    sum.taxesMinor += tally.taxesMinor;
    sum.totalSalesMinor += tally.totalSalesMinor;
    for (const [gateway, amount] of Object.entries(tally.paymentsByGateway)) {
      sum.paymentsByGateway[gateway] = (sum.paymentsByGateway[gateway] ?? 0n) + amount;
    }
  }
  return sum;
}

function toAmounts({ orderIds, paymentsByGateway, salesByLineType, ...sums }: Tally): ShopifyFigureAmounts {
  const gateways = Object.keys(paymentsByGateway).sort();
  return {
    orders: orderIds.size,
    ...sums,
    salesByLineType: { ...salesByLineType },
    paymentsByGateway: Object.fromEntries(gateways.map((gateway) => [gateway, paymentsByGateway[gateway]!])),
  };
}
