import { applyRefund, type RefundRequest } from "./apply-refund.js";
import { buildOrder, formatGateway } from "./build-order.js";
import { customerIdOf } from "./build-order-parts.js";
import { CompactOrder, generateCompactOrders } from "./compact-orders.js";
import { createCustomerRegistry, type SimCustomerCreateInput } from "./customer-registry.js";
import { applyFulfillment, type FulfillRequest } from "./fulfill-order.js";
import { type CustomerPool, generateOrderInput } from "./generate-order-input.js";
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
  /**
   * Existing customers of the shop (ids or GIDs) the orders are drawn from, uniformly and seeded. Default:
   * a new customer per order (POS orders are sometimes guests), as before customers had a registry.
   */
  customers?: string[];
  /** with `customers`: the share of guest checkouts (no customer; a web guest gives a new e-mail); default 0 */
  guestShare?: number;
}

/** Orders and customers per shop, plus the state changes Shopify would make (payment, refund). */
export function createOrderStore(deps: { shops: SimShopConfig[]; seed: number; nowMs: () => number }) {
  const byShop = new Map<string, Map<string, SimOrder>>();
  const numbers = new Map<string, number>();
  const taken = new Set<string>();
  const ids = createIdAllocator(createSeededRandom(deps.seed), taken);
  const registry = createCustomerRegistry({ seed: deps.seed, taken, nowMs: deps.nowMs });
  for (const s of deps.shops) byShop.set(s.domain, new Map());
  const customers = {
    create(shop: string, input?: SimCustomerCreateInput): SimCustomer {
      shopConfig(shop);
      return registry.create(shop, input);
    },
    update: registry.update,
    /** the shop's customers by ascending id, those of not yet built compact orders included */
    list(shop: string): SimCustomer[] {
      adoptCompactCustomers(shop);
      return registry.list(shop);
    },
    get(shop: string, customerId: string): SimCustomer | undefined {
      const found = registry.get(shop, customerId);
      if (found) return found;
      adoptCompactCustomers(shop);
      return registry.get(shop, customerId);
    },
  };

  return { generate, add, get, list, markPaid, refund, fulfill, customers, shopConfig };

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
    const pool = customerPool(shop, opts);
    const shopCustomers = registry.forShop(shop);
    if (opts.compact) {
      const recipe = {
        seed: opts.seed ?? deps.seed,
        startAtMs: opts.startAt?.getTime() ?? DEFAULT_START_AT,
        lineItems: opts.lineItems,
        fulfillAtCreation: opts.fulfillAtCreation,
        customers: pool,
      };
      const numbering = { nextNumber: () => nextNumber(shop), taken, customers: shopCustomers };
      return generateCompactOrders(config, count, recipe, numbering).map(store);
    }
    const random = createSeededRandom(opts.seed ?? deps.seed);
    const seededIds = createIdAllocator(random, taken);
    let at = opts.startAt?.getTime() ?? DEFAULT_START_AT;
    const result: SimOrder[] = [];
    for (let i = 0; i < count; i++) {
      at += random.int(30, 900) * 1000;
      const shape = {
        processedAtMs: at,
        ...(opts.lineItems ? { lineCount: opts.lineItems } : {}),
        ...(pool ? { customers: pool } : {}),
      };
      const input = generateOrderInput(config, random, shape);
      const context = { shop: config, ids: seededIds, number: nextNumber(shop), nowMs: at };
      const order = store(buildOrder(input, { ...context, customers: shopCustomers }));
      // Built shipped and then emptied, so the seeded id stream (and every later order) stays the same.
      if (opts.fulfillAtCreation === false && order.sourceName === "web") order.fulfillments = [];
      maybeRefund(order, random, seededIds, opts.refundRate ?? 0.05);
      result.push(order);
    }
    return result;
  }

  function customerPool(shop: string, opts: GenerateOptions): CustomerPool | undefined {
    if (opts.customers === undefined) return undefined;
    const poolIds = opts.customers.map(customerIdOf);
    if (poolIds.length === 0) throw new Error("simulator: generate: customers names no customer");
    for (const id of poolIds)
      if (!customers.get(shop, id)) throw new Error(`simulator: shop ${shop} has no customer ${id}`);
    const guestShare = opts.guestShare ?? 0;
    if (!(guestShare >= 0 && guestShare <= 1)) throw new Error("simulator: guestShare must be within 0…1");
    return { ids: poolIds, guestShare };
  }

  /** Compact orders build their customer when first read; a customer look-up builds them all first. */
  function adoptCompactCustomers(shop: string): void {
    for (const order of orders(shop).values())
      if (order instanceof CompactOrder && !order.isMaterialized) order.materialize();
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
    const context = { shop: config, ids, number: input.number ?? nextNumber(shop), nowMs: deps.nowMs() };
    return store(buildOrder(input, { ...context, customers: registry.forShop(shop) }));
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
}

export type OrderStore = ReturnType<typeof createOrderStore>;
