import type { ShopPlan } from "./types.js";

export const PLAN_LIMITS: Record<ShopPlan, { maximumAvailable: number; restoreRate: number }> = {
  standard: { maximumAvailable: 2000, restoreRate: 100 },
  plus: { maximumAvailable: 20000, restoreRate: 1000 },
  legacy: { maximumAvailable: 1000, restoreRate: 50 },
};

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Shopify's GraphQL cost bucket for one app+shop: fills at restoreRate points/s up to maximumAvailable. */
export function createLeakyBucket(plan: ShopPlan, nowMs: () => number) {
  let limits = PLAN_LIMITS[plan];
  let available = limits.maximumAvailable;
  let lastMs = nowMs();

  const refill = () => {
    const now = nowMs();
    available = Math.min(limits.maximumAvailable, available + ((now - lastMs) / 1000) * limits.restoreRate);
    lastMs = now;
  };

  return {
    /** Takes `cost` points if the bucket holds them. */
    tryReserve(cost: number): boolean {
      refill();
      if (available < cost) return false;
      available -= cost;
      return true;
    },
    refund(points: number): void {
      refill();
      available = Math.min(limits.maximumAvailable, available + points);
    },
    drain(): void {
      refill();
      available = 0;
    },
    setPlan(next: ShopPlan): void {
      refill();
      limits = PLAN_LIMITS[next];
      available = Math.min(available, limits.maximumAvailable);
    },
    /** Limits other than the plan's: Shopify may lower them for a while (reference §3.2), a throttling storm. */
    setLimits(next: { maximumAvailable: number; restoreRate: number }): void {
      refill();
      limits = { maximumAvailable: next.maximumAvailable, restoreRate: next.restoreRate };
      available = Math.min(available, limits.maximumAvailable);
    },
    status(): ThrottleStatus {
      refill();
      return { ...limits, currentlyAvailable: Math.floor(available) };
    },
  };
}

export type LeakyBucket = ReturnType<typeof createLeakyBucket>;
