import { attempt } from "../lib/checklist.js";
import {
  checkApiVersion,
  checkCurrency,
  checkReachable,
  checkScopes,
  checkSubscriptions,
  checkToken,
} from "./shopify-checklist-checks.js";
import { startShopifyRun } from "./shopify-checklist-run.js";
import type { ShopifyChecklist, ShopifyChecklistInput } from "./shopify-checklist-types.js";

export type {
  ShopifyChecklist,
  ShopifyChecklistInput,
  ShopifyConnectionFacts,
  ShopTokenState,
} from "./shopify-checklist-types.js";

/**
 * `connect test` for Shopify, beside the JDE one: the shop answers, the token works (and can be
 * renewed), the scopes are granted, the pinned API version is supported, the shop-specific webhook
 * subscriptions exist, and the shop's currency is the JDE company's. Reads only: nothing is created
 * (missing subscriptions are the running service's job). Every failure becomes an item, never a throw.
 */
export async function runShopifyChecklist(input: ShopifyChecklistInput): Promise<ShopifyChecklist> {
  const run = startShopifyRun(input);
  const before = await attempt(input.tokenState);
  const token = await attempt(input.accessToken);
  const probe = await checkReachable(run, token.ok ? token.value : undefined);
  if (!probe) {
    run.skip(["token-valid", "scopes-granted"], "the shop is not reachable");
    checkApiVersion(run, undefined);
    run.skip(["webhook-subscriptions", "shop-currency"], "the shop is not reachable");
  } else if (!(await checkToken(run, token, before.ok ? before.value : undefined))) {
    run.skip(["scopes-granted"], "the token does not work");
    checkApiVersion(run, probe);
    run.skip(["webhook-subscriptions", "shop-currency"], "the token does not work");
  } else {
    await checkScopes(run);
    checkApiVersion(run, probe);
    await checkSubscriptions(run);
    await checkCurrency(run);
  }
  return { items: run.items, facts: run.facts };
}
