import { computeOrderAmounts, financialStatus } from "./order-math.js";
import type { SimOrder } from "./types.js";

type Predicate = (o: SimOrder) => boolean;

const TIME_FIELDS: Record<string, (o: SimOrder) => number> = {
  updated_at: (o) => o.updatedAtMs,
  created_at: (o) => o.createdAtMs,
  processed_at: (o) => o.processedAtMs,
};

/**
 * Shopify search syntax, the subset a connector uses: `updated_at|created_at|processed_at` with
 * `:>`, `:>=`, `:<`, `:<=`, `:` (ISO timestamps or dates, quoted or not; a date means 00:00 UTC),
 * `financial_status:`, `status:open|closed|cancelled|any`, `name:`, `test:`, terms joined by spaces or AND.
 * Unknown terms are ignored, as Shopify does (it reports them only as search warnings).
 */
export function parseOrderQuery(query: string | null | undefined): Predicate {
  if (!query) return () => true;
  const terms = query.match(/[\w.]+:(?:>=|<=|>|<)?(?:'[^']*'|"[^"]*"|\S+)/g) ?? [];
  const predicates = terms.map(termPredicate).filter((p): p is Predicate => p !== undefined);
  return (o) => predicates.every((p) => p(o));
}

function termPredicate(term: string): Predicate | undefined {
  const match = /^([\w.]+):(>=|<=|>|<)?(.*)$/.exec(term);
  if (!match) return undefined;
  const [, field = "", op = "=", raw = ""] = match;
  const value = raw.replace(/^['"]|['"]$/g, "");
  const time = TIME_FIELDS[field];
  if (time) {
    const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(at)) return undefined;
    const cmp: Record<string, (a: number) => boolean> = {
      ">": (a) => a > at,
      ">=": (a) => a >= at,
      "<": (a) => a < at,
      "<=": (a) => a <= at,
      "=": (a) => a >= at && a < at + 86_400_000,
    };
    return (o) => cmp[op]!(time(o));
  }
  switch (field) {
    case "financial_status":
      return (o) => financialStatus(o, computeOrderAmounts(o)).toLowerCase() === value.toLowerCase();
    case "status":
      if (value === "any") return undefined;
      if (value === "cancelled") return (o) => o.cancelledAtMs !== null;
      if (value === "closed") return () => false;
      return (o) => o.cancelledAtMs === null;
    case "name":
      return (o) => o.name === value || o.name === `#${value}`;
    case "test":
      return (o) => String(o.test) === value;
    default:
      return undefined;
  }
}

/** Decimal ids (up to 20 digits) as strings that sort like the numbers, without BigInt (100k-order shops). */
const idKey = (o: SimOrder) => o.id.padStart(20, "0");

const SORT_VALUE: Record<string, (o: SimOrder) => number | string> = {
  CREATED_AT: (o) => o.createdAtMs,
  UPDATED_AT: (o) => o.updatedAtMs,
  PROCESSED_AT: (o) => o.processedAtMs,
  ORDER_NUMBER: (o) => o.number,
  TOTAL_PRICE: (o) => computeOrderAmounts(o).totalPrice,
  CURRENT_TOTAL_PRICE: (o) => computeOrderAmounts(o).currentTotalPrice,
  ID: idKey,
};

/** Sorted copy; ties broken by id so cursors are stable. Unsupported keys sort by ID. */
export function sortOrders(orders: SimOrder[], sortKey: string | null | undefined): SimOrder[] {
  const value = SORT_VALUE[sortKey ?? "ID"] ?? SORT_VALUE.ID!;
  const decorated = orders.map((o) => ({ o, v: value(o), id: idKey(o) }));
  decorated.sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return decorated.map((d) => d.o);
}
