import type { Clock } from "../lib/clock.js";

/**
 * `extensions.cost.throttleStatus` of a GraphQL Admin API response.
 * @see https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number; // points per second
}

/** What the limiter knows about one shop's bucket: the last report, when it came, and what is in flight. */
export interface BucketState {
  status: ThrottleStatus;
  observedAtMs: number;
  reservedPoints: number; // requested cost of queries sent but not yet answered
}

/** Until Shopify reports the real bucket, assume the smallest one seen (1000 points at 50/s). */
export const CONSERVATIVE_THROTTLE_STATUS: ThrottleStatus = {
  maximumAvailable: 1000,
  currentlyAvailable: 1000,
  restoreRate: 50,
};

/** Points available at `nowMs`: the last report restored over elapsed time, minus in-flight reservations. */
export function availablePoints(state: BucketState, nowMs: number): number {
  const { maximumAvailable, currentlyAvailable, restoreRate } = state.status;
  const elapsedSeconds = Math.max(0, nowMs - state.observedAtMs) / 1000;
  const restored = Math.min(maximumAvailable, currentlyAvailable + restoreRate * elapsedSeconds);
  return restored - state.reservedPoints;
}

/**
 * Milliseconds to wait before a query of `cost` points fits the bucket (0 = send now). A cost above the
 * bucket size is clamped to the bucket size, otherwise it could never be sent (Shopify will answer).
 */
export function waitMsFor(state: BucketState, cost: number, nowMs: number): number {
  const needed = Math.min(cost, state.status.maximumAvailable) - availablePoints(state, nowMs);
  if (needed <= 0) return 0;
  if (state.status.restoreRate <= 0) return 1000;
  return Math.ceil((needed / state.status.restoreRate) * 1000);
}

/** The bucket after Shopify reported `status` at `nowMs` (the report already includes refunds to actual cost). */
export function applyThrottleStatus(state: BucketState, status: ThrottleStatus, nowMs: number): BucketState {
  return { ...state, status: { ...status }, observedAtMs: nowMs };
}

/** A reservation of points for one query; settle it with the response's throttle status (or null). */
export interface CostReservation {
  settle(status: ThrottleStatus | null): void;
}

/** The per-shop limiter port the GraphQL client uses. One instance per shop, shared by all its work. */
export interface CostLimiter {
  /** Waits (FIFO) until the bucket can afford `estimatedCost`, then reserves it. */
  acquire(estimatedCost: number, signal?: AbortSignal): Promise<CostReservation>;
  /** A copy of the current state, for metrics and tests. */
  snapshot(): BucketState;
}

/**
 * Leaky-bucket limiter driven by Shopify's reported `throttleStatus`, so queries wait on our side instead
 * of being THROTTLED. Waiters are served in arrival order; time comes from the injected clock.
 * @see https://shopify.dev/docs/api/usage/limits#the-leaky-bucket-algorithm
 */
export function createCostLimiter(deps: { clock: Clock; initialStatus?: ThrottleStatus }): CostLimiter {
  let state: BucketState = {
    status: { ...(deps.initialStatus ?? CONSERVATIVE_THROTTLE_STATUS) },
    observedAtMs: deps.clock.now().getTime(),
    reservedPoints: 0,
  };
  let queue: Promise<unknown> = Promise.resolve();
  let stateChanged: AbortController | null = null;

  return { acquire, snapshot: () => ({ ...state, status: { ...state.status } }) };

  function acquire(estimatedCost: number, signal?: AbortSignal): Promise<CostReservation> {
    const turn = queue.then(() => waitAndReserve(estimatedCost, signal));
    queue = turn.catch(() => undefined);
    return turn;
  }

  async function waitAndReserve(cost: number, signal?: AbortSignal): Promise<CostReservation> {
    for (;;) {
      const waitMs = waitMsFor(state, cost, deps.clock.now().getTime());
      if (waitMs <= 0) break;
      await sleepUntilChanged(waitMs, signal);
    }
    const reserved = Math.min(cost, state.status.maximumAvailable);
    state = { ...state, reservedPoints: state.reservedPoints + reserved };
    let settled = false;
    return {
      settle(status) {
        if (settled) return;
        settled = true;
        state = { ...state, reservedPoints: Math.max(0, state.reservedPoints - reserved) };
        if (status) state = applyThrottleStatus(state, status, deps.clock.now().getTime());
        stateChanged?.abort();
      },
    };
  }

  /**
   * Sleeps for the computed wait, but wakes as soon as a response reports the bucket or a reservation
   * is released: the wait was computed from an older (often the conservative initial) state.
   */
  async function sleepUntilChanged(waitMs: number, signal?: AbortSignal): Promise<void> {
    const changed = new AbortController();
    stateChanged = changed;
    try {
      await deps.clock.sleep(waitMs, signal ? AbortSignal.any([signal, changed.signal]) : changed.signal);
    } catch (error) {
      if (signal?.aborted) throw error;
    } finally {
      if (stateChanged === changed) stateChanged = null;
    }
  }
}
