import { z } from "zod";
import type { ShopifyGraphqlClient } from "./graphql-client.js";

export const SHOP_FACTS_QUERY = `query ShopFacts { shop { myshopifyDomain currencyCode ianaTimezone } }`;

const shopFactsSchema = z.object({
  shop: z.object({ myshopifyDomain: z.string(), currencyCode: z.string(), ianaTimezone: z.string() }),
});

/**
 * The shop's currency and IANA timezone: GL dates are local dates there, and the currency must equal
 * the JDE company currency. https://shopify.dev/docs/api/admin-graphql/latest/objects/Shop
 */
export async function fetchShopFacts(
  client: ShopifyGraphqlClient,
): Promise<{ domain: string; currency: string; timezone: string }> {
  const { data } = await client.query(SHOP_FACTS_QUERY, {}, shopFactsSchema);
  return {
    domain: data.shop.myshopifyDomain,
    currency: data.shop.currencyCode,
    timezone: data.shop.ianaTimezone,
  };
}
