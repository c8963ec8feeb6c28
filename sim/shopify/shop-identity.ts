import { createHash } from "node:crypto";
import type { SimShopConfig } from "./types.js";

/**
 * The shop's numeric id as a decimal string: the configured `shopId`, else a stable 11-digit number
 * derived from the domain (real shop ids are of that size), so every shop of a simulator differs.
 */
export function shopIdOf(shop: SimShopConfig): string {
  if (shop.shopId) return shop.shopId;
  const digest = createHash("sha256").update(shop.domain).digest();
  return String(10_000_000_000 + (digest.readUInt32BE(0) % 90_000_000) * 1000 + (digest[4]! % 1000));
}
