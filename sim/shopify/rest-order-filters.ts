import { computeOrderAmounts, financialStatus } from "./order-math.js";
import type { SimOrder } from "./types.js";

/** The `GET /orders.json` filters the simulator honours (reference §4.2); others are ignored, as unknown ones are. */
export const ORDER_FILTERS = [
  "status",
  "ids",
  "since_id",
  "created_at_min",
  "created_at_max",
  "updated_at_min",
  "updated_at_max",
  "processed_at_min",
  "processed_at_max",
  "financial_status",
] as const;

type Predicate = (o: SimOrder) => boolean;
export type FilterParse = { ok: true; matches: Predicate } | { ok: false; errors: Record<string, string> };

const TIME_BOUNDS: Record<string, { of: (o: SimOrder) => number; min: boolean }> = {
  created_at_min: { of: (o) => o.createdAtMs, min: true },
  created_at_max: { of: (o) => o.createdAtMs, min: false },
  updated_at_min: { of: (o) => o.updatedAtMs, min: true },
  updated_at_max: { of: (o) => o.updatedAtMs, min: false },
  processed_at_min: { of: (o) => o.processedAtMs, min: true },
  processed_at_max: { of: (o) => o.processedAtMs, min: false },
};

/**
 * One predicate for the request's filters. `status` defaults to `open` (not cancelled; the simulator
 * never closes orders), `any` takes all; time bounds are inclusive ISO-8601 timestamps.
 */
export function orderFilter(filters: Record<string, string>): FilterParse {
  const predicates: Predicate[] = [];
  const errors: Record<string, string> = {};
  const status = filters.status ?? "open";
  if (status === "open") predicates.push((o) => o.cancelledAtMs === null);
  else if (status === "cancelled") predicates.push((o) => o.cancelledAtMs !== null);
  else if (status === "closed") predicates.push(() => false);
  else if (status !== "any") errors.status = "status must be open, closed, cancelled or any";
  for (const [name, bound] of Object.entries(TIME_BOUNDS)) {
    const text = filters[name];
    if (text === undefined) continue;
    const at = Date.parse(text);
    if (Number.isNaN(at)) errors[name] = `${name} is not an ISO 8601 timestamp`;
    else predicates.push(bound.min ? (o) => bound.of(o) >= at : (o) => bound.of(o) <= at);
  }
  if (filters.ids !== undefined) {
    const ids = new Set(filters.ids.split(",").map((s) => s.trim()));
    predicates.push((o) => ids.has(o.id));
  }
  if (filters.since_id !== undefined) {
    if (!/^\d+$/.test(filters.since_id)) errors.since_id = "since_id must be an order id";
    else {
      const since = BigInt(filters.since_id);
      predicates.push((o) => BigInt(o.id) > since);
    }
  }
  const financial = filters.financial_status;
  if (financial !== undefined && financial !== "any")
    predicates.push((o) => financialStatus(o, computeOrderAmounts(o)).toLowerCase() === financial);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, matches: (o) => predicates.every((p) => p(o)) };
}
