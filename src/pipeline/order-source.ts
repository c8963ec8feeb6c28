import type { OrderSnapshot } from "../domain/order.js";

/** Reads the truth about orders from Shopify (GraphQL Admin API, REST as fallback). */
export interface OrderSource {
  /** The order as it is now; `null` when Shopify says it does not exist. */
  fetchOrder(orderId: string): Promise<OrderSnapshot | null>;
  /** Orders updated after `updatedAfter` (inclusive), oldest first, one page at a time (the sweep). */
  listUpdatedOrderIds(input: { updatedAfter: Date; cursor?: string; pageSize?: number }): Promise<{
    orderIds: { id: string; updatedAt: string }[];
    nextCursor: string | null;
    /** False when the pages are not sorted by update time (the REST fallback). */
    ordered?: boolean;
  }>;
}
