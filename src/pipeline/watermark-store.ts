/** Port: how far a tenant's periodic reads (the order sweep) have come. */
export interface WatermarkStore {
  get(tenantId: string, name: string): Promise<Date | undefined>;
  /** Moves the watermark forward; an older value never replaces a newer one. */
  advance(tenantId: string, name: string, to: Date): Promise<void>;
}
