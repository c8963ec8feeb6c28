import type { IdAllocator } from "./id-allocator.js";
import { visibleLines } from "./order-math.js";
import type { SimFulfillment, SimLineItem, SimOrder } from "./types.js";

/** A later shipment of (part of) an order. */
export interface FulfillRequest {
  /** lines and units to ship; omitted → every unit not yet fulfilled (nor refunded) of every shippable line */
  lineItems?: { lineItemGid: string; quantity: number }[];
  /** ship everything from this location; omitted → each line's own location (one fulfillment per location) */
  location?: string;
  /** when the shipment left (default: the simulator's now) */
  at?: Date;
}

/** GraphQL `OrderDisplayFulfillmentStatus` values the simulator reports. */
export type DisplayFulfillmentStatus = "UNFULFILLED" | "PARTIALLY_FULFILLED" | "FULFILLED";

const DEFAULT_LOCATION = "Main Warehouse";

/** Units of a line carried by the order's successful fulfillments. */
export function fulfilledQuantity(order: SimOrder, lineItemId: string): number {
  let total = 0;
  for (const f of order.fulfillments) {
    if (f.status !== "SUCCESS") continue;
    for (const x of f.lineItems) if (x.lineItemId === lineItemId) total += x.quantity;
  }
  return total;
}

function refundedQuantity(order: SimOrder, lineItemId: string): number {
  return order.refunds
    .flatMap((r) => r.lineItems)
    .filter((x) => x.lineItemId === lineItemId)
    .reduce((s, x) => s + x.quantity, 0);
}

/** Units of a line that can still ship: ordered − fulfilled − refunded. */
export function fulfillableQuantity(order: SimOrder, line: SimLineItem): number {
  return Math.max(0, line.quantity - fulfilledQuantity(order, line.id) - refundedQuantity(order, line.id));
}

/** The order's fulfillment state from its shippable lines, as `Order.displayFulfillmentStatus` says it. */
export function displayFulfillmentStatus(order: SimOrder): DisplayFulfillmentStatus {
  const lines = visibleLines(order).filter((l) => l.requiresShipping);
  const shipped = lines.reduce((s, l) => s + fulfilledQuantity(order, l.id), 0);
  if (shipped === 0) return "UNFULFILLED";
  return lines.some((l) => fulfillableQuantity(order, l) > 0) ? "PARTIALLY_FULFILLED" : "FULFILLED";
}

/** REST `fulfillment_status`: null, "partial" or "fulfilled". */
export function restFulfillmentStatus(order: SimOrder): "partial" | "fulfilled" | null {
  const status = displayFulfillmentStatus(order);
  return status === "FULFILLED" ? "fulfilled" : status === "PARTIALLY_FULFILLED" ? "partial" : null;
}

/**
 * Records a shipment on `order` and returns the new fulfillments (one per location). Throws for an
 * unknown line, a non-positive quantity, more units than are left to ship, or nothing to ship.
 */
export function applyFulfillment(
  order: SimOrder,
  request: FulfillRequest,
  ids: IdAllocator,
  nowMs: number,
): SimFulfillment[] {
  const atMs = request.at?.getTime() ?? nowMs;
  const gids = request.lineItems?.map((x) => x.lineItemGid) ?? [];
  if (new Set(gids).size !== gids.length) throw new Error("simulator: fulfill names a line twice");
  const wanted = request.lineItems
    ? request.lineItems.map((x) => requested(order, x))
    : visibleLines(order)
        .filter((l) => l.requiresShipping)
        .map((line) => ({ line, quantity: fulfillableQuantity(order, line) }))
        .filter((x) => x.quantity > 0);
  if (wanted.length === 0) throw new Error(`simulator: order ${order.gid} has nothing left to fulfill`);
  const byLocation = new Map<string, { line: SimLineItem; quantity: number }[]>();
  for (const x of wanted) {
    const location = request.location ?? x.line.location ?? DEFAULT_LOCATION;
    byLocation.set(location, [...(byLocation.get(location) ?? []), x]);
  }
  const created = [...byLocation].map(
    ([location, items], i): SimFulfillment => ({
      id: ids.next("Fulfillment"),
      status: "SUCCESS",
      location,
      createdAtMs: atMs + i * 1000,
      lineItems: items.map((x) => ({
        id: ids.next("FulfillmentLineItem"),
        lineItemId: x.line.id,
        quantity: x.quantity,
      })),
    }),
  );
  order.fulfillments.push(...created);
  order.updatedAtMs = Math.max(order.updatedAtMs + 1000, atMs + (created.length - 1) * 1000);
  return created;
}

function requested(order: SimOrder, x: { lineItemGid: string; quantity: number }) {
  const line = visibleLines(order).find((l) => `gid://shopify/LineItem/${l.id}` === x.lineItemGid);
  if (!line) throw new Error(`simulator: order ${order.gid} has no line ${x.lineItemGid}`);
  if (!Number.isInteger(x.quantity) || x.quantity <= 0)
    throw new Error(
      `simulator: fulfill quantity ${x.quantity} of ${x.lineItemGid} is not a positive integer`,
    );
  const left = fulfillableQuantity(order, line);
  if (x.quantity > left)
    throw new Error(`simulator: ${x.lineItemGid} has ${left} unit(s) left to fulfill, not ${x.quantity}`);
  return { line, quantity: x.quantity };
}
