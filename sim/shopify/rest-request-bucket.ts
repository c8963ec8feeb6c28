import type { RestPlan } from "./types.js";

/** REST leaky bucket per plan: requests it holds and requests that leak out per second (reference §0, §4.3). */
export const REST_PLAN_LIMITS: Record<RestPlan, { bucketSize: number; leakPerSecond: number }> = {
  standard: { bucketSize: 40, leakPerSecond: 2 },
  advanced: { bucketSize: 80, leakPerSecond: 4 },
  plus: { bucketSize: 400, leakPerSecond: 20 },
};

/**
 * Shopify's REST call limit for one app+shop: each request adds one, the bucket leaks at a fixed rate,
 * and a request that finds it full is refused (HTTP 429).
 */
export function createRestRequestBucket(plan: RestPlan, nowMs: () => number) {
  let limits = REST_PLAN_LIMITS[plan];
  let level = 0;
  let lastMs = nowMs();

  const leak = () => {
    const now = nowMs();
    level = Math.max(0, level - ((now - lastMs) / 1000) * limits.leakPerSecond);
    lastMs = now;
  };

  return {
    /** Adds this request if there is room. */
    tryAdd(): boolean {
      leak();
      if (level + 1 > limits.bucketSize) return false;
      level += 1;
      return true;
    },
    /** `X-Shopify-Shop-Api-Call-Limit`, e.g. `32/40`. */
    header(): string {
      leak();
      return `${Math.min(limits.bucketSize, Math.ceil(level))}/${limits.bucketSize}`;
    },
    /** requests the bucket holds and leaks per second */
    limits(): { bucketSize: number; leakPerSecond: number } {
      return { ...limits };
    },
    /** A burst from elsewhere filled the bucket. */
    fill(): void {
      leak();
      level = limits.bucketSize;
    },
    setPlan(next: RestPlan): void {
      leak();
      limits = REST_PLAN_LIMITS[next];
      level = Math.min(level, limits.bucketSize);
    },
  };
}

export type RestRequestBucket = ReturnType<typeof createRestRequestBucket>;
