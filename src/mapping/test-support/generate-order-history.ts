import fc from "fast-check";
import type {
  OrderLineItem,
  OrderSnapshot,
  PaymentEvent,
  Sale,
  SalesEvent,
  SaleTax,
} from "../../domain/order.js";
import { makeLineItem, makeOrder, makePayment, makeSalesEvent } from "./make-order.js";

/**
 * A generator of realistic Shopify orders as a *history*: the order as placed, its payments, and later
 * events (an order edit adding a line, a refund of some units with their tax and optionally the
 * shipping), each with its own instant. While it builds the sales records it keeps its OWN books
 * (`HistoryLedger`) with plain integer arithmetic, so that a test can compare what the mapper posts
 * with totals that were never computed by the mapping code.
 */

/** The generator's own books, in minor units of the shop currency. Every figure is ≥ 0 but `taxes`. */
export interface HistoryLedger {
  grossSales: bigint; // products before tax and discount
  discounts: bigint; // product discounts before tax (line + allocated order-level)
  returnsGross: bigint; // returned products before tax and discount
  returnDiscounts: bigint; // discount share of the returned units
  shippingGross: bigint;
  shippingDiscounts: bigint;
  shippingRefundsGross: bigint;
  shippingRefundDiscounts: bigint;
  taxes: TaxTotal[]; // per title and liability, sold minus refunded
  giftCardSales: bigint;
  tips: bigint;
  duties: bigint;
  paymentsByGateway: Record<string, bigint>; // SALE + CAPTURE
  refundsByGateway: Record<string, bigint>; // REFUND
  customerCharges: bigint; // what the customer owes over all sales events (after tax and discounts)
}

export interface TaxTotal {
  title: string;
  channelLiable: boolean;
  amountMinor: bigint;
}

/** One thing that happened to the order, in time order. */
export type HistoryStep =
  | { type: "sales"; at: string; event: SalesEvent; newLineItems: OrderLineItem[] }
  | { type: "payment"; at: string; payment: PaymentEvent };

export interface OrderHistory {
  currency: string;
  decimals: number;
  taxesIncluded: boolean;
  paymentMode: PaymentMode;
  steps: HistoryStep[]; // sorted by instant; steps[0] is the order as placed
  ledger: HistoryLedger;
}

export type PaymentMode = "shopify_payments" | "paypal" | "manual-paid-later" | "manual-never-paid";

export const HISTORY_CURRENCIES = [
  { currency: "USD", decimals: 2 },
  { currency: "EUR", decimals: 2 },
  { currency: "JPY", decimals: 0 },
  { currency: "KWD", decimals: 3 },
  { currency: "BHD", decimals: 3 },
] as const;

/** Titles the demo policy maps ("CA State Tax") and titles that fall to `taxPayable.default`. */
export const HISTORY_TAX_TITLES = ["CA State Tax", "State Tax", "County Tax", "VAT"] as const;

const START = Date.parse("2026-01-05T00:00:00Z");
const DAY = 86_400;

interface LineParams {
  major: number;
  fraction: number;
  quantity: number;
  discountPercent: number;
}

interface HistoryParams {
  money: (typeof HISTORY_CURRENCIES)[number];
  taxesIncluded: boolean;
  taxes: { title: string; rateBp: number; channelLiable: boolean }[];
  lines: LineParams[];
  orderDiscountPercent: number;
  shipping: { line: LineParams } | null;
  giftCard: { line: LineParams; asProductSale: boolean } | null;
  tip: LineParams | null;
  duty: LineParams | null;
  paymentMode: PaymentMode;
  giftCardPaymentPercent: number | null;
  captureLaterSec: number | null;
  paidLaterSec: number;
  edit: { line: LineParams; afterSec: number } | null;
  refund: { lineSeed: number; unitSeed: number; withShipping: boolean; afterSec: number } | null;
  startSec: number;
}

const lineParams = (maxQuantity: number) =>
  fc.record({
    major: fc.integer({ min: 1, max: 400 }),
    fraction: fc.nat({ max: 999 }),
    quantity: fc.integer({ min: 1, max: maxQuantity }),
    discountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })),
  });

const historyParams: fc.Arbitrary<HistoryParams> = fc.record({
  money: fc.constantFrom(...HISTORY_CURRENCIES),
  taxesIncluded: fc.boolean(),
  taxes: fc.uniqueArray(
    fc.record({
      title: fc.constantFrom(...HISTORY_TAX_TITLES),
      rateBp: fc.integer({ min: 0, max: 2_700 }),
      channelLiable: fc.integer({ min: 0, max: 5 }).map((n) => n === 0), // a marketplace remits it, rarely
    }),
    { minLength: 1, maxLength: 2, selector: (tax) => tax.title },
  ),
  lines: fc.array(lineParams(5), { minLength: 1, maxLength: 5 }),
  orderDiscountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
  shipping: fc.option(fc.record({ line: lineParams(1) })),
  giftCard: fc.option(fc.record({ line: lineParams(1), asProductSale: fc.boolean() })),
  tip: fc.option(lineParams(1)),
  duty: fc.option(lineParams(1)),
  paymentMode: fc.constantFrom<PaymentMode>(
    "shopify_payments",
    "paypal",
    "manual-paid-later",
    "manual-never-paid",
  ),
  giftCardPaymentPercent: fc.option(fc.integer({ min: 1, max: 99 })),
  captureLaterSec: fc.option(fc.integer({ min: 1, max: 3_000 })),
  paidLaterSec: fc.integer({ min: 60, max: 20 * DAY }),
  edit: fc.option(fc.record({ line: lineParams(3), afterSec: fc.integer({ min: 3_600, max: 6 * DAY }) })),
  refund: fc.option(
    fc.record({
      lineSeed: fc.nat(),
      unitSeed: fc.nat(),
      withShipping: fc.boolean(),
      afterSec: fc.integer({ min: 3_600, max: 9 * DAY }),
    }),
  ),
  startSec: fc.integer({ min: 0, max: 60 * DAY }),
});

/** Realistic order histories (see the module comment). */
export function orderHistoryArbitrary(): fc.Arbitrary<OrderHistory> {
  return historyParams.map(buildOrderHistory);
}

/**
 * The order as a read at some moment would show it: the first `revealed` steps (the order as placed
 * is always there), its events in an arbitrary array order (`shuffleSeed`) — the mapper must not
 * depend on Shopify's ordering.
 */
export function snapshotOf(history: OrderHistory, revealed: number, shuffleSeed = 0): OrderSnapshot {
  const steps = history.steps.slice(0, Math.max(1, Math.min(revealed, history.steps.length)));
  const first = history.steps[0];
  const placedAt = first?.at ?? new Date(START).toISOString();
  const last = steps[steps.length - 1]?.at ?? placedAt;
  const random = seededRandom(shuffleSeed);
  return makeOrder({
    currency: history.currency,
    taxesIncluded: history.taxesIncluded,
    createdAt: placedAt,
    processedAt: placedAt,
    updatedAt: last,
    lineItems: steps.flatMap((step) => (step.type === "sales" ? step.newLineItems : [])),
    salesEvents: shuffle(
      steps.flatMap((step) => (step.type === "sales" ? [step.event] : [])),
      random,
    ),
    paymentEvents: shuffle(
      steps.flatMap((step) => (step.type === "payment" ? [step.payment] : [])),
      random,
    ),
  });
}

// ─── building ────────────────────────────────────────────────────────────────────────────────────

interface Taxing {
  included: boolean;
  taxes: { title: string; rateBp: bigint; channelLiable: boolean }[];
}

/** One priced line as Shopify reports it: before-tax gross and discount, taxes per title. */
interface PricedLine {
  grossBeforeTax: bigint;
  discountBeforeTax: bigint;
  taxes: SaleTax[];
  total: bigint; // after discount, including tax
}

class HistoryBuilder {
  readonly ledger: HistoryLedger = {
    grossSales: 0n,
    discounts: 0n,
    returnsGross: 0n,
    returnDiscounts: 0n,
    shippingGross: 0n,
    shippingDiscounts: 0n,
    shippingRefundsGross: 0n,
    shippingRefundDiscounts: 0n,
    taxes: [],
    giftCardSales: 0n,
    tips: 0n,
    duties: 0n,
    paymentsByGateway: {},
    refundsByGateway: {},
    customerCharges: 0n,
  };
  readonly steps: { at: number; order: number; step: HistoryStep }[] = [];
  private nextId = 1;
  balance = 0n; // what the customer owes now
  private netPaidByGateway: Record<string, bigint> = {};

  id(kind: string): string {
    return `gid://shopify/${kind}/${9_000_000 + this.nextId++}`;
  }

  addTax(tax: SaleTax, sign: bigint): void {
    const found = this.ledger.taxes.find(
      (total) => total.title === tax.title && total.channelLiable === tax.channelLiable,
    );
    const amount = sign * (tax.amountMinor < 0n ? -tax.amountMinor : tax.amountMinor);
    if (found) found.amountMinor += amount;
    else this.ledger.taxes.push({ title: tax.title, channelLiable: tax.channelLiable, amountMinor: amount });
  }

  sales(at: number, reason: SalesEvent["reason"], kind: string, sales: Sale[], items: OrderLineItem[]) {
    const total = sales.reduce((sum, sale) => sum + sale.totalAmountMinor, 0n);
    this.ledger.customerCharges += total;
    this.balance += total;
    const event = makeSalesEvent({ id: this.id(kind), reason, happenedAt: iso(at), sales });
    this.push(at, { type: "sales", at: iso(at), event, newLineItems: items });
  }

  pay(at: number, gateway: string, kind: PaymentEvent["kind"], amount: bigint): void {
    if (amount <= 0n) return;
    const book = kind === "REFUND" ? this.ledger.refundsByGateway : this.ledger.paymentsByGateway;
    book[gateway] = (book[gateway] ?? 0n) + amount;
    const signed = kind === "REFUND" ? -amount : amount;
    this.netPaidByGateway[gateway] = (this.netPaidByGateway[gateway] ?? 0n) + signed;
    this.balance -= signed;
    const payment = makePayment({
      id: this.id("OrderTransaction"),
      kind,
      gateway,
      processedAt: iso(at),
      amountMinor: amount,
    });
    this.push(at, { type: "payment", at: iso(at), payment });
  }

  /** Gives money back: first to the main gateway up to what it took, the rest to the gift card. */
  refundMoney(at: number, mainGateway: string, amount: bigint): void {
    const fromMain = min(amount, this.netPaidByGateway[mainGateway] ?? 0n);
    this.pay(at, mainGateway, "REFUND", fromMain);
    this.pay(at, "gift_card", "REFUND", min(amount - fromMain, this.netPaidByGateway.gift_card ?? 0n));
  }

  private push(at: number, step: HistoryStep): void {
    this.steps.push({ at, order: this.steps.length, step });
  }
}

export function buildOrderHistory(params: HistoryParams): OrderHistory {
  const { money } = params;
  const scale = 10n ** BigInt(money.decimals);
  const price = (line: LineParams): bigint => BigInt(line.major) * scale + (BigInt(line.fraction) % scale);
  const taxing: Taxing = {
    included: params.taxesIncluded,
    taxes: params.taxes.map((tax) => ({ ...tax, rateBp: BigInt(tax.rateBp) })),
  };
  const b = new HistoryBuilder();
  const t0 = Math.floor(START / 1000) + params.startSec;

  // The order as placed: product lines with line and (allocated) order-level discounts.
  const items = params.lines.map((_, index) =>
    makeLineItem({
      id: `gid://shopify/LineItem/${14_000_000 + index}`,
      sku: `SKU-${index}`,
      name: `Product ${index}`,
    }),
  );
  const subtotals = params.lines.map((line) => price(line) * BigInt(line.quantity));
  const lineDiscounts = subtotals.map((s, i) => percentOf(s, params.lines[i]?.discountPercent ?? 0));
  const afterLine = subtotals.map((s, i) => s - (lineDiscounts[i] ?? 0n));
  const orderDiscount = percentOf(sum(afterLine), params.orderDiscountPercent);
  const allocated = allocate(orderDiscount, afterLine);
  const productLines = params.lines.map((line, i) => ({
    item: items[i]!,
    quantity: line.quantity,
    priced: priceLine(subtotals[i]!, (lineDiscounts[i] ?? 0n) + (allocated[i] ?? 0n), taxing),
  }));
  const orderSales: Sale[] = productLines.map(({ item, quantity, priced }) => {
    b.ledger.grossSales += priced.grossBeforeTax;
    b.ledger.discounts += priced.discountBeforeTax;
    for (const tax of priced.taxes) b.addTax(tax, 1n);
    return productSale(b.id("Sale"), "PRODUCT", item.id, quantity, priced, 1n);
  });
  const orderItems = [...items];

  let shipping: PricedLine | null = null;
  if (params.shipping) {
    const gross = price(params.shipping.line);
    shipping = priceLine(gross, percentOf(gross, params.shipping.line.discountPercent), taxing);
    b.ledger.shippingGross += shipping.grossBeforeTax;
    b.ledger.shippingDiscounts += shipping.discountBeforeTax;
    for (const tax of shipping.taxes) b.addTax(tax, 1n);
    orderSales.push(productSale(b.id("Sale"), "SHIPPING", null, 1, shipping, 1n));
  }
  if (params.giftCard) {
    const amount = price(params.giftCard.line);
    const item = makeLineItem({
      id: "gid://shopify/LineItem/14999999",
      sku: null,
      name: "Gift card",
      productType: "Gift Card",
      isGiftCard: true,
    });
    orderItems.push(item);
    b.ledger.giftCardSales += amount;
    const lineType = params.giftCard.asProductSale ? "PRODUCT" : "GIFT_CARD";
    orderSales.push(untaxedSale(b.id("Sale"), lineType, item.id, amount));
  }
  if (params.tip) {
    const amount = price(params.tip);
    b.ledger.tips += amount;
    orderSales.push(untaxedSale(b.id("Sale"), "TIP", null, amount));
  }
  if (params.duty) {
    const amount = price(params.duty);
    b.ledger.duties += amount;
    orderSales.push(untaxedSale(b.id("Sale"), "DUTY", null, amount));
  }
  b.sales(t0, "ORDER", "OrderAgreement", orderSales, orderItems);

  // Payment at checkout (optionally partly by gift card, optionally captured later), or later, or never.
  const mode = params.paymentMode;
  const mainGateway = mode === "shopify_payments" || mode === "paypal" ? mode : "manual";
  const paidAtCheckout = mainGateway !== "manual";
  const paidLaterAt = mode === "manual-paid-later" ? t0 + params.paidLaterSec : null;
  if (paidAtCheckout) {
    const total = b.balance;
    const byGiftCard =
      params.giftCardPaymentPercent !== null && total >= 2n
        ? clamp(percentOf(total, params.giftCardPaymentPercent), 1n, total - 1n)
        : 0n;
    b.pay(t0, "gift_card", "SALE", byGiftCard);
    if (mainGateway === "shopify_payments" && params.captureLaterSec !== null) {
      b.pay(t0 + params.captureLaterSec, mainGateway, "CAPTURE", total - byGiftCard);
    } else {
      b.pay(t0, mainGateway, "SALE", total - byGiftCard);
    }
  }
  const isPaidBy = (at: number) => paidAtCheckout || (paidLaterAt !== null && paidLaterAt <= at);
  let paidLaterDone = false;
  const settleLater = (before: number) => {
    if (paidLaterAt !== null && !paidLaterDone && paidLaterAt <= before) {
      paidLaterDone = true;
      b.pay(paidLaterAt, "manual", "SALE", b.balance);
    }
  };

  // An order edit adding a line, paid (when the order is paid) through the main gateway.
  const allLines = [...productLines];
  let at = t0 + (params.captureLaterSec ?? 0);
  if (params.edit) {
    at += params.edit.afterSec;
    settleLater(at - 1);
    const line = params.edit.line;
    const item = makeLineItem({
      id: "gid://shopify/LineItem/14500000",
      sku: "EDIT-1",
      name: "Added by edit",
    });
    const gross = price(line) * BigInt(line.quantity);
    const priced = priceLine(gross, percentOf(gross, line.discountPercent), taxing);
    b.ledger.grossSales += priced.grossBeforeTax;
    b.ledger.discounts += priced.discountBeforeTax;
    for (const tax of priced.taxes) b.addTax(tax, 1n);
    const before = b.balance;
    b.sales(
      at,
      "ORDER_EDIT",
      "OrderEditAgreement",
      [productSale(b.id("Sale"), "PRODUCT", item.id, line.quantity, priced, 1n)],
      [item],
    );
    allLines.push({ item, quantity: line.quantity, priced });
    if (isPaidBy(at)) b.pay(at, mainGateway, "SALE", b.balance - before);
  }

  // A refund of some units of one line (with their tax and discount share), optionally the shipping.
  if (params.refund) {
    at += params.refund.afterSec;
    settleLater(at - 1);
    const line = allLines[params.refund.lineSeed % allLines.length]!;
    const units = 1 + (params.refund.unitSeed % line.quantity);
    const returned = shareOf(line.priced, units, line.quantity);
    b.ledger.returnsGross += returned.grossBeforeTax;
    b.ledger.returnDiscounts += returned.discountBeforeTax;
    for (const tax of returned.taxes) b.addTax(tax, -1n);
    const refundSales = [productSale(b.id("Sale"), "PRODUCT", line.item.id, units, returned, -1n)];
    if (params.refund.withShipping && shipping) {
      b.ledger.shippingRefundsGross += shipping.grossBeforeTax;
      b.ledger.shippingRefundDiscounts += shipping.discountBeforeTax;
      for (const tax of shipping.taxes) b.addTax(tax, -1n);
      refundSales.push(productSale(b.id("Sale"), "SHIPPING", null, 1, shipping, -1n));
    }
    const before = b.balance;
    b.sales(at, "REFUND", "RefundAgreement", refundSales, []);
    if (isPaidBy(at)) b.refundMoney(at, mainGateway, before - b.balance);
  }
  settleLater(Number.POSITIVE_INFINITY);

  const steps = [...b.steps].sort((x, y) => x.at - y.at || x.order - y.order).map(({ step }) => step);
  return {
    currency: money.currency,
    decimals: money.decimals,
    taxesIncluded: params.taxesIncluded,
    paymentMode: mode,
    steps,
    ledger: b.ledger,
  };
}

/**
 * Prices one line from its gross (tax-inclusive when the shop's prices include tax) and discount,
 * rounding each tax title half-up on the line, as Shopify does per line.
 */
function priceLine(gross: bigint, discount: bigint, taxing: Taxing): PricedLine {
  const discounted = gross - discount;
  const rates = taxing.taxes.reduce((total, tax) => total + tax.rateBp, 0n);
  const base = taxing.included ? 10_000n + rates : 10_000n;
  const taxes = taxing.taxes.map(
    (tax): SaleTax => ({
      title: tax.title,
      amountMinor: roundHalfUp(discounted * tax.rateBp, base),
      channelLiable: tax.channelLiable,
    }),
  );
  const tax = taxes.reduce((total, t) => total + t.amountMinor, 0n);
  if (!taxing.included) {
    return { grossBeforeTax: gross, discountBeforeTax: discount, taxes, total: discounted + tax };
  }
  const netBeforeTax = discounted - tax;
  const discountBeforeTax = roundHalfUp(discount * 10_000n, base);
  return {
    grossBeforeTax: netBeforeTax + discountBeforeTax,
    discountBeforeTax,
    taxes,
    total: discounted,
  };
}

/** The share of `units` out of `quantity`: every figure pro rata, rounded down; all units = all of it. */
function shareOf(line: PricedLine, units: number, quantity: number): PricedLine {
  if (units === quantity) return line;
  const part = (value: bigint) => (value * BigInt(units)) / BigInt(quantity);
  const grossBeforeTax = part(line.grossBeforeTax);
  const discountBeforeTax = min(part(line.discountBeforeTax), grossBeforeTax);
  const taxes = line.taxes.map((tax) => ({ ...tax, amountMinor: part(tax.amountMinor) }));
  const tax = taxes.reduce((total, t) => total + t.amountMinor, 0n);
  return { grossBeforeTax, discountBeforeTax, taxes, total: grossBeforeTax - discountBeforeTax + tax };
}

/** A product or shipping sale as Shopify reports it; `sign` −1 for a return (amounts negative). */
function productSale(
  id: string,
  lineType: "PRODUCT" | "SHIPPING",
  lineItemId: string | null,
  quantity: number,
  priced: PricedLine,
  sign: bigint,
): Sale {
  const taxes = priced.taxes.map((tax) => ({ ...tax, amountMinor: sign * tax.amountMinor }));
  return {
    id,
    lineType,
    actionType: sign < 0n ? "RETURN" : "ORDER",
    quantity,
    lineItemId,
    totalAmountMinor: sign * priced.total,
    totalTaxMinor: taxes.reduce((total, tax) => total + tax.amountMinor, 0n),
    discountBeforeTaxesMinor: sign * priced.discountBeforeTax,
    taxes,
  };
}

function untaxedSale(
  id: string,
  lineType: Sale["lineType"],
  lineItemId: string | null,
  amount: bigint,
): Sale {
  return {
    id,
    lineType,
    actionType: "ORDER",
    quantity: 1,
    lineItemId,
    totalAmountMinor: amount,
    totalTaxMinor: 0n,
    discountBeforeTaxesMinor: 0n,
    taxes: [],
  };
}

// ─── integer arithmetic ─────────────────────────────────────────────────────────────────────────

function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

function percentOf(amount: bigint, percent: number): bigint {
  return (amount * BigInt(percent)) / 100n;
}

/** Splits `total` over `weights` exactly (largest remainder; ties to the earlier line). */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  const whole = sum(weights);
  if (whole === 0n) return weights.map(() => 0n);
  const shares = weights.map((w) => (total * w) / whole);
  const remainders = weights.map((w, index) => ({ index, rest: (total * w) % whole }));
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  let left = total - sum(shares);
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares;
}

function sum(values: readonly bigint[]): bigint {
  return values.reduce((total, value) => total + value, 0n);
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function clamp(value: bigint, low: bigint, high: bigint): bigint {
  return value < low ? low : value > high ? high : value;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
