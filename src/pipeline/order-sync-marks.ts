/** Port: the Shopify `updatedAt` at which each order was last brought up to date. */
export interface OrderSyncMarks {
  /** The marks of these orders (orders never synced are absent). */
  get(tenantId: string, orderIds: readonly string[]): Promise<Map<string, Date>>;
  /** Records that the order was synced as of `updatedAt`; an older mark never replaces a newer one. */
  mark(tenantId: string, orderId: string, updatedAt: Date): Promise<void>;
}
