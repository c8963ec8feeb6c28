import { applyRefund, type RefundRequest } from "./apply-refund.js";
import { buildOrder, formatGateway } from "./build-order.js";
import { generateCompactOrders } from "./compact-orders.js";
import { applyFulfillment, type FulfillRequest } from "./fulfill-order.js";
import { generateOrderInput } from "./generate-order-input.js";
import { createIdAllocator, type IdAllocator } from "./id-allocator.js";
import { computeOrderAmounts } from "./order-math.js";
import { createSeededRandom, type SeededRandom } from "./seeded-random.js";
import type { SimOrderInput } from "./sim-order-input.js";
import type { SimCustomer, SimFulfillment, SimOrder, SimShopConfig } from "./types.js";

export const DEFAULT_START_AT = Date.parse("2026-11-02T16:00:00Z");

export interface GenerateOptions {
  seed?: number;
  startAt?: Date;
  /** force the number of product lines of every generated order (e.g. 500) */
  lineItems?: number;
  /** share of paid orders that get a partial refund three days later (default 0.05) */
  refundRate?: number;
  /**
   * default true: web orders ship an hour after creation. false: web orders stay unfulfilled until
   * `orders.fulfill` (POS orders are handed over at the counter either way).
   */
  fulfillAtCreation?: boolean;
  /**
   * Cheap mode for big backfills (e.g. 100,000 orders for a bulk operation): orders keep only ids and
   * timestamps and build their details from their own seed when first read (see compact-orders.ts).
   * No refunds are generated; ids and content differ from the non-compact stream of the same seed.
   */
  compact?: boolean;
}

/** Orders and customers per shop, plus the state changes Shopify would make (payment, refund). */
export function createOrderStore(deps: { shops: SimShopConfig[]; seed: number; nowMs: () => number }) {
  const byShop = new Map<string, Map<string, SimOrder>>();
  const numbers = new Map<string, number>();
  const taken = new Set<string>();
  const ids = createIdAllocator(createSeededRandom(deps.seed), taken);
  for (const s of deps.shops) byShop.set(s.domain, new Map());

  return { generate, add, get, list, markPaid, refund, fulfill, customer, shopConfig };

  function shopConfig(shop: string): SimShopConfig {
    const config = deps.shops.find((s) => s.domain === shop);
    if (!config) throw new Error(`simulator: unknown shop ${shop}`);
    return config;
  }

  function orders(shop: string): Map<string, SimOrder> {
    shopConfig(shop);
    return byShop.get(shop)!;
  }

  function store(order: SimOrder): SimOrder {
    orders(order.shop).set(order.gid, order);
    return order;
  }

  function nextNumber(shop: string): number {
    const n = (numbers.get(shop) ?? 1000) + 1;
    numbers.set(shop, n);
    return n;
  }

  function generate(shop: string, count: number, opts: GenerateOptions = {}): SimOrder[] {
    const config = shopConfig(shop);
    if (opts.compact) {
      const start = { seed: opts.seed ?? deps.seed, startAtMs: opts.startAt?.getTime() ?? DEFAULT_START_AT };
      const numbering = { nextNumber: () => nextNumber(shop), taken };
      return generateCompactOrders(config, count, { ...opts, ...start }, numbering).map(store);
    }
    const random = createSeededRandom(opts.seed ?? deps.seed);
    const seededIds = createIdAllocator(random, taken);
    let at = opts.startAt?.getTime() ?? DEFAULT_START_AT;
    const result: SimOrder[] = [];
    for (let i = 0; i < count; i++) {
      at += random.int(30, 900) * 1000;
      const shape = opts.lineItems ? { processedAtMs: at, lineCount: opts.lineItems } : { processedAtMs: at };
      const input = generateOrderInput(config, random, shape);
      const order = store(
        buildOrder(input, { shop: config, ids: seededIds, number: nextNumber(shop), nowMs: at }),
      );
      // Built shipped and then emptied, so the seeded id stream (and every later order) stays the same.
      if (opts.fulfillAtCreation === false && order.sourceName === "web") order.fulfillments = [];
      maybeRefund(order, random, seededIds, opts.refundRate ?? 0.05);
      result.push(order);
    }
    return result;
  }

  function maybeRefund(order: SimOrder, random: SeededRandom, seededIds: IdAllocator, rate: number) {
    if (!random.chance(rate) || computeOrderAmounts(order).outstanding > 0) return;
    const line = order.lineItems.find((l) => !l.isTip && !l.isGiftCard);
    if (!line) return;
    const request: RefundRequest = {
      lineItems: [{ lineItemGid: `gid://shopify/LineItem/${line.id}`, quantity: 1 }],
      shipping: random.chance(0.3),
      at: new Date(order.processedAtMs + 3 * 86_400_000),
    };
    applyRefund(order, request, seededIds, order.processedAtMs);
  }

  function add(shop: string, input: SimOrderInput): SimOrder {
    const config = shopConfig(shop);
    if (input.id) taken.add(input.id);
    return store(
      buildOrder(input, { shop: config, ids, number: input.number ?? nextNumber(shop), nowMs: deps.nowMs() }),
    );
  }

  function get(shop: string, orderGid: string): SimOrder | undefined {
    return byShop.get(shop)?.get(orderGid);
  }

  function list(shop: string): SimOrder[] {
    return [...orders(shop).values()];
  }

  function mustGet(shop: string, orderGid: string): SimOrder {
    const order = get(shop, orderGid);
    if (!order) throw new Error(`simulator: shop ${shop} has no order ${orderGid}`);
    return order;
  }

  /** The unpaid remainder arrives as one manual SALE. */
  function markPaid(shop: string, orderGid: string, at?: Date): SimOrder {
    const order = mustGet(shop, orderGid);
    const outstanding = computeOrderAmounts(order).outstanding;
    const atMs = at?.getTime() ?? deps.nowMs();
    if (outstanding > 0) {
      const gateway = order.gatewayNames.at(-1) ?? "manual";
      order.transactions.push({
        id: ids.next("OrderTransaction"),
        kind: "SALE",
        status: "SUCCESS",
        gateway,
        formattedGateway: formatGateway(gateway),
        amountMinor: outstanding,
        processedAtMs: atMs,
        parentId: null,
        test: order.test,
      });
    }
    order.updatedAtMs = Math.max(order.updatedAtMs + 1000, atMs);
    return order;
  }

  function refund(shop: string, orderGid: string, request: RefundRequest): SimOrder {
    const order = mustGet(shop, orderGid);
    applyRefund(order, request, ids, deps.nowMs());
    return order;
  }

  /** A later shipment; returns the fulfillments it created (one per location). */
  function fulfill(shop: string, orderGid: string, request: FulfillRequest): SimFulfillment[] {
    return applyFulfillment(mustGet(shop, orderGid), request, ids, deps.nowMs());
  }

  function customer(shop: string, customerGid: string): SimCustomer | undefined {
    for (const o of orders(shop).values())
      if (o.customer && `gid://shopify/Customer/${o.customer.id}` === customerGid) return o.customer;
    return undefined;
  }
}

export type OrderStore = ReturnType<typeof createOrderStore>;
