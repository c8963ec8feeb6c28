import type { OrderStore } from "./order-store.js";
import type { SimCustomer, SimOrder } from "./types.js";

export interface CustomerEntry {
  customer: SimCustomer;
  /** the customer's most recently updated order (drives `updatedAt`) */
  latestOrder: SimOrder;
}

/** The shop's customers (everyone who placed an order), by ascending id. */
export function listCustomers(store: OrderStore, shop: string): CustomerEntry[] {
  const byId = new Map<string, CustomerEntry>();
  for (const order of store.list(shop)) {
    const c = order.customer;
    if (!c) continue;
    const seen = byId.get(c.id);
    if (!seen || seen.latestOrder.updatedAtMs < order.updatedAtMs)
      byId.set(c.id, { customer: c, latestOrder: order });
  }
  return [...byId.values()].sort((a, b) => compareIds(a.customer.id, b.customer.id));
}

/** Decimal-string ids (above 2^53) in numeric order. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
