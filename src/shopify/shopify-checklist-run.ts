import { type ChecklistItem, type Outcome, skipped } from "../lib/checklist.js";
import { apiVersionWindow } from "./api-version-support.js";
import type { ShopifyChecklistInput, ShopifyConnectionFacts } from "./shopify-checklist-types.js";

const TITLES = {
  "shop-reachable": "Shop reachable",
  "token-valid": "Access token valid",
  "scopes-granted": "Scopes granted",
  "api-version": "API version supported",
  "webhook-subscriptions": "Webhook subscriptions present",
  "shop-currency": "Shop currency equals the JDE company currency",
} as const;

export type ShopifyItemId = keyof typeof TITLES;

/** One Shopify `connect test` in progress: the input, what it learnt so far, and the items in order. */
export interface ShopifyRun {
  input: ShopifyChecklistInput;
  facts: ShopifyConnectionFacts;
  items: ChecklistItem[];
  add(id: ShopifyItemId, outcome: Outcome): void;
  skip(ids: ShopifyItemId[], why: string): void;
}

export function startShopifyRun(input: ShopifyChecklistInput): ShopifyRun {
  const items: ChecklistItem[] = [];
  const add = (id: ShopifyItemId, outcome: Outcome) => void items.push({ id, title: TITLES[id], ...outcome });
  return {
    input,
    facts: { apiVersion: { configured: input.apiVersion, supported: apiVersionWindow(input.now).supported } },
    items,
    add,
    skip: (ids, why) => {
      for (const id of ids) add(id, skipped(`not run: ${why}`));
    },
  };
}
