import { z } from "zod";
import type { ShopifyGraphqlClient } from "./graphql-client.js";

export const GRANTED_SCOPES_QUERY = `query GrantedScopes { currentAppInstallation { accessScopes { handle } } }`;

const schema = z.object({
  currentAppInstallation: z.object({ accessScopes: z.array(z.object({ handle: z.string() })) }),
});

/** The scopes the token carries now (the merchant may have granted fewer than asked). */
export async function fetchGrantedScopes(client: ShopifyGraphqlClient): Promise<string[]> {
  const { data } = await client.query(GRANTED_SCOPES_QUERY, {}, schema);
  return data.currentAppInstallation.accessScopes.map((scope) => scope.handle);
}
