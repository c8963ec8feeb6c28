import type { SeededRandom } from "./seeded-random.js";

/**
 * Numeric Shopify ids, kept as decimal strings everywhere. Most kinds get 19 digits, above 2^53
 * (e.g. 5934123456789012345), so any id that passes through a JavaScript number shows up as a wrong
 * id. Customers get 13 digits, the length real Shopify customer ids have today: the connector writes
 * them into JDE's 20-character ALKY behind a prefix, and a test id longer than any real one would
 * only exercise the too-long fallback. Each kind has its own 4-digit prefix; the other digits come
 * from the seeded generator, so the same seed yields the same ids.
 */
const PREFIX: Record<string, string> = {
  Order: "5934",
  LineItem: "1401",
  Product: "8011",
  ProductVariant: "4601",
  ShippingLine: "4400",
  Customer: "7011",
  OrderTransaction: "6620",
  Refund: "9120",
  RefundLineItem: "9130",
  RefundShippingLine: "9140",
  Fulfillment: "5510",
  FulfillmentLineItem: "5520",
  SalesAgreement: "3310",
  Sale: "3320",
  SaleTax: "3330",
  Location: "7890",
};

/** Digits kept after the prefix, per kind (default all 15 drawn). */
const KEPT_DIGITS: Record<string, number> = { Customer: 9 };

export interface IdAllocator {
  next(kind: keyof typeof PREFIX | string): string;
}

export function createIdAllocator(random: SeededRandom, taken: Set<string>): IdAllocator {
  return {
    next(kind) {
      const prefix = PREFIX[kind] ?? "1000";
      for (;;) {
        // Always 15 drawn, so a shorter kind leaves every other id of a seed as it was.
        const id = prefix + random.digits(15).slice(-(KEPT_DIGITS[kind] ?? 15));
        if (!taken.has(id)) {
          taken.add(id);
          return id;
        }
      }
    },
  };
}

export function gid(kind: string, id: string): string {
  return `gid://shopify/${kind}/${id}`;
}

/** "gid://shopify/Order/123" → { kind: "Order", id: "123" } */
export function parseGid(value: string): { kind: string; id: string } | undefined {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value);
  return match ? { kind: match[1]!, id: match[2]! } : undefined;
}

/** Decimal-string ids (above 2^53) in numeric order. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
