import { buildOrder } from "./build-order.js";
import type { OrderCustomers } from "./build-order-parts.js";
import { type CustomerPool, generateOrderInput } from "./generate-order-input.js";
import { createIdAllocator } from "./id-allocator.js";
import { currencyDecimals } from "./money.js";
import { createSeededRandom } from "./seeded-random.js";
import type {
  SimAddress,
  SimAgreement,
  SimCustomer,
  SimDiscountApplication,
  SimFulfillment,
  SimLineItem,
  SimOrder,
  SimRefund,
  SimShippingLine,
  SimShopConfig,
  SimTransaction,
} from "./types.js";

/**
 * A generated order that holds only its identity and timestamps (~0.4 KB instead of ~6–11 KB) and
 * builds its lines, payments, sales and customer from its own seed the first time any of them is read
 * (then keeps them). Searching and sorting by id, name or a timestamp never builds anything, so a shop
 * can hold 100,000 of these for a bulk-operation backfill. `detached()` builds a throw-away copy for
 * one-pass readers (bulk JSONL) without keeping it.
 */
export class CompactOrder implements SimOrder {
  readonly shop: string;
  readonly id: string;
  gid: string;
  name: string;
  number: number;
  createdAtMs: number;
  processedAtMs: number;
  updatedAtMs: number;
  cancelledAtMs: number | null = null;
  test = false;
  currency: string;
  decimals: number;
  taxesIncluded: boolean;
  readonly #config: SimShopConfig;
  readonly #contentSeed: number;
  readonly #lineCount: number | undefined;
  readonly #fulfillAtCreation: boolean;
  readonly #customers: OrderCustomers;
  readonly #pool: CustomerPool | undefined;
  #full: SimOrder | null = null;

  constructor(recipe: {
    config: SimShopConfig;
    id: string;
    number: number;
    processedAtMs: number;
    contentSeed: number;
    lineCount?: number;
    fulfillAtCreation: boolean;
    /** the shop's customer registry: the built order's customer is found or registered there */
    customers: OrderCustomers;
    pool?: CustomerPool;
  }) {
    this.#config = recipe.config;
    this.#customers = recipe.customers;
    this.#pool = recipe.pool;
    this.#contentSeed = recipe.contentSeed;
    this.#lineCount = recipe.lineCount;
    this.#fulfillAtCreation = recipe.fulfillAtCreation;
    this.shop = recipe.config.domain;
    this.id = recipe.id;
    this.gid = `gid://shopify/Order/${recipe.id}`;
    this.number = recipe.number;
    this.name = `#${recipe.number}`;
    // buildOrder's rules: created 2 s after processing, updated 2 s after creation
    this.processedAtMs = recipe.processedAtMs;
    this.createdAtMs = recipe.processedAtMs + 2000;
    this.updatedAtMs = this.createdAtMs + 2000;
    this.currency = recipe.config.currency;
    this.decimals = currencyDecimals(recipe.config.currency);
    this.taxesIncluded = recipe.config.taxesIncluded;
  }

  get isMaterialized(): boolean {
    return this.#full !== null;
  }

  /** The full order, built now if needed and kept. */
  materialize(): SimOrder {
    this.#full ??= this.#build();
    return this.#full;
  }

  /** The full order without keeping it (a copy when it was never materialized). */
  detached(): SimOrder {
    if (this.#full) return this.#full;
    const built = this.#build();
    built.updatedAtMs = this.updatedAtMs;
    built.cancelledAtMs = this.cancelledAtMs;
    return built;
  }

  #build(): SimOrder {
    const random = createSeededRandom(this.#contentSeed);
    const shape = {
      processedAtMs: this.processedAtMs,
      ...(this.#lineCount ? { lineCount: this.#lineCount } : {}),
      ...(this.#pool ? { customers: this.#pool } : {}),
    };
    const input = generateOrderInput(this.#config, random, shape);
    const order = buildOrder(
      { ...input, id: this.id, number: this.number },
      {
        shop: this.#config,
        ids: createIdAllocator(random, new Set()),
        number: this.number,
        nowMs: this.processedAtMs,
        customers: this.#customers,
      },
    );
    if (!this.#fulfillAtCreation && order.sourceName === "web") order.fulfillments = [];
    return order;
  }

  get sourceName(): "web" | "pos" {
    return this.materialize().sourceName;
  }
  get tags(): string[] {
    return this.materialize().tags;
  }
  get retailLocation(): string | null {
    return this.materialize().retailLocation;
  }
  get customer(): SimCustomer | null {
    return this.materialize().customer;
  }
  get email(): string | null {
    return this.materialize().email;
  }
  get phone(): string | null {
    return this.materialize().phone;
  }
  get address(): SimAddress | null {
    return this.materialize().address;
  }
  get lineItems(): SimLineItem[] {
    return this.materialize().lineItems;
  }
  get shippingLines(): SimShippingLine[] {
    return this.materialize().shippingLines;
  }
  get discountApplications(): SimDiscountApplication[] {
    return this.materialize().discountApplications;
  }
  get transactions(): SimTransaction[] {
    return this.materialize().transactions;
  }
  set transactions(v: SimTransaction[]) {
    this.materialize().transactions = v;
  }
  get refunds(): SimRefund[] {
    return this.materialize().refunds;
  }
  get agreements(): SimAgreement[] {
    return this.materialize().agreements;
  }
  get fulfillments(): SimFulfillment[] {
    return this.materialize().fulfillments;
  }
  set fulfillments(v: SimFulfillment[]) {
    this.materialize().fulfillments = v;
  }
  get gatewayNames(): string[] {
    return this.materialize().gatewayNames;
  }
}

/** A full order for a one-pass reader: compact orders are built without being kept. */
export function detachedOrder(order: SimOrder): SimOrder {
  return order instanceof CompactOrder ? order.detached() : order;
}

/**
 * `count` compact orders, `processedAt` 30–900 s apart from `startAtMs` like `generate`. Order ids
 * come from the seeded stream (checked against `taken`); each order's content from its own seed.
 * Compact orders are never refunded at generation (`refundRate` does not apply).
 */
export function generateCompactOrders(
  config: SimShopConfig,
  count: number,
  opts: {
    seed: number;
    startAtMs: number;
    lineItems?: number;
    fulfillAtCreation?: boolean;
    customers?: CustomerPool;
  },
  deps: { nextNumber: () => number; taken: Set<string>; customers: OrderCustomers },
): CompactOrder[] {
  const random = createSeededRandom(opts.seed);
  const ids = createIdAllocator(random, deps.taken);
  const result: CompactOrder[] = [];
  let at = opts.startAtMs;
  for (let i = 0; i < count; i++) {
    at += random.int(30, 900) * 1000;
    result.push(
      new CompactOrder({
        config,
        id: ids.next("Order"),
        number: deps.nextNumber(),
        processedAtMs: at,
        contentSeed: random.int(0, 0xffffffff),
        ...(opts.lineItems ? { lineCount: opts.lineItems } : {}),
        fulfillAtCreation: opts.fulfillAtCreation ?? true,
        customers: deps.customers,
        ...(opts.customers ? { pool: opts.customers } : {}),
      }),
    );
  }
  return result;
}
