import type { SeededRandom } from "./seeded-random.js";

/**
 * Numeric Shopify ids above 2^53 (e.g. 5934123456789012345), kept as decimal strings everywhere.
 * Each resource kind has its own 4-digit prefix; the other 15 digits come from the seeded generator,
 * so the same seed yields the same ids.
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

export interface IdAllocator {
  next(kind: keyof typeof PREFIX | string): string;
}

export function createIdAllocator(random: SeededRandom, taken: Set<string>): IdAllocator {
  return {
    next(kind) {
      const prefix = PREFIX[kind] ?? "1000";
      for (;;) {
        const id = prefix + random.digits(15);
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
