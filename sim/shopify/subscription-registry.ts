import { gid } from "./id-allocator.js";
import { isComplianceTopic } from "./webhook-topics.js";

/**
 * `app`: app-specific, declared in shopify.app.toml (here: `webhooks.subscribe`); maintained by Shopify
 * and never removed after failures. `shop`: shop-specific, created through `webhookSubscriptionCreate`;
 * removed when a delivery exhausts its retries (reference §1.4).
 */
export type SubscriptionKind = "app" | "shop";

export interface Subscription {
  /** gid://shopify/WebhookSubscription/N */
  id: string;
  legacyResourceId: string;
  kind: SubscriptionKind;
  shop: string;
  topics: string[];
  uri: string;
  /** serialization version; unset → the app's (simulator default) */
  apiVersion?: string;
  format: "JSON";
  /** empty → the full payload */
  includeFields: string[];
  filter: string | null;
  /** sent as X-Shopify-Name */
  name: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface AppSubscriptionInput {
  shop: string;
  topics: string[];
  /**
   * `compliance_topics` of shopify.app.toml: customers/data_request, customers/redact, shop/redact.
   * Delivered like `topics` (listing them there works too), and after an uninstall as well.
   */
  complianceTopics?: string[];
  uri: string;
  apiVersion?: string;
  includeFields?: string[];
  filter?: string;
  name?: string;
}

export interface ShopSubscriptionInput {
  shop: string;
  topic: string;
  uri: string | null | undefined;
  /** which input field carried the address (for userError paths): `uri` (2025-10+) or `callbackUrl` */
  uriField?: "uri" | "callbackUrl";
  format?: string | null;
  includeFields?: string[] | null;
  filter?: string | null;
  name?: string | null;
}

export interface SubscriptionUserError {
  field: string[];
  message: string;
}

export type CreateSubscriptionResult =
  | { ok: true; subscription: Subscription }
  | { ok: false; userErrors: SubscriptionUserError[] };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Both kinds of webhook subscription, per shop. */
export function createSubscriptionRegistry(deps: { nowMs: () => number }) {
  const all: Subscription[] = [];
  let nextId = 1_000_000_001;

  return { addAppSpecific, createShopSpecific, remove, get, list, matching, removeAll };

  function newSubscription(
    kind: SubscriptionKind,
    fields: Omit<Subscription, "id" | "legacyResourceId" | "kind" | "createdAtMs" | "updatedAtMs">,
  ): Subscription {
    const legacyResourceId = String(nextId++);
    const at = deps.nowMs();
    const s: Subscription = {
      id: gid("WebhookSubscription", legacyResourceId),
      legacyResourceId,
      kind,
      ...fields,
      createdAtMs: at,
      updatedAtMs: at,
    };
    all.push(s);
    return s;
  }

  function addAppSpecific(input: AppSubscriptionInput): Subscription {
    const compliance = input.complianceTopics ?? [];
    const notCompliance = compliance.filter((t) => !isComplianceTopic(t));
    if (notCompliance.length > 0)
      throw new Error(`simulator: not compliance topics: ${notCompliance.join(", ")}`);
    return newSubscription("app", {
      shop: input.shop,
      topics: [...new Set([...input.topics, ...compliance])],
      uri: input.uri,
      ...(input.apiVersion ? { apiVersion: input.apiVersion } : {}),
      format: "JSON",
      includeFields: [...(input.includeFields ?? [])],
      filter: input.filter ?? null,
      name: input.name ?? null,
    });
  }

  /** `webhookSubscriptionCreate`: validates like Shopify and answers userErrors instead of throwing. */
  function createShopSpecific(input: ShopSubscriptionInput): CreateSubscriptionResult {
    const uriPath = ["webhookSubscription", input.uriField ?? "uri"];
    const userErrors: SubscriptionUserError[] = [];
    if (isComplianceTopic(input.topic)) {
      userErrors.push({
        field: ["topic"],
        message: "Compliance topics can only be subscribed to in the app configuration",
      });
    }
    const uriProblem = checkAddress(input.uri);
    if (uriProblem) userErrors.push({ field: uriPath, message: uriProblem });
    if (input.format && input.format !== "JSON") {
      userErrors.push({
        field: ["webhookSubscription", "format"],
        message: "simulator delivers JSON webhooks only",
      });
    }
    const duplicate = all.some(
      (s) =>
        s.kind === "shop" && s.shop === input.shop && s.topics.includes(input.topic) && s.uri === input.uri,
    );
    if (duplicate)
      userErrors.push({ field: uriPath, message: "Address for this topic has already been taken" });
    if (userErrors.length > 0) return { ok: false, userErrors };
    const subscription = newSubscription("shop", {
      shop: input.shop,
      topics: [input.topic],
      uri: input.uri!,
      format: "JSON",
      includeFields: [...(input.includeFields ?? [])],
      filter: input.filter ?? null,
      name: input.name ?? null,
    });
    return { ok: true, subscription };
  }

  function remove(id: string): boolean {
    const i = all.findIndex((s) => s.id === id);
    if (i < 0) return false;
    all.splice(i, 1);
    return true;
  }

  function get(id: string): Subscription | undefined {
    return all.find((s) => s.id === id);
  }

  function list(shop?: string, kind?: SubscriptionKind): Subscription[] {
    return all.filter(
      (s) => (shop === undefined || s.shop === shop) && (kind === undefined || s.kind === kind),
    );
  }

  /** Every subscription (either kind) that receives `topic` for `shop`: one delivery each (§1.5). */
  function matching(shop: string, topic: string): Subscription[] {
    return all.filter((s) => s.shop === shop && s.topics.includes(topic));
  }

  /** Removes the shop's subscriptions of `kind` (default: the API-created ones); returns how many. */
  function removeAll(shop: string, kind: SubscriptionKind | "all" = "shop"): number {
    const doomed = all.filter((s) => s.shop === shop && (kind === "all" || s.kind === kind));
    for (const s of doomed) remove(s.id);
    return doomed.length;
  }
}

/**
 * HTTPS only, as Shopify requires; plain http is allowed to loopback hosts so tests can listen locally.
 * Pub/Sub and EventBridge addresses are valid on Shopify but not simulated (refused with a userError). Messages: Shopify's where
 * known ("Address for this topic has already been taken"); the protocol wording is [UNCONFIRMED].
 */
function checkAddress(uri: string | null | undefined): string | null {
  if (!uri) return "Address can't be blank";
  if (/^(pubsub:\/\/|arn:)/.test(uri))
    return "simulator delivers to HTTPS addresses only (not Pub/Sub or EventBridge)";
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "Address is invalid";
  }
  if (url.protocol === "https:") return url.hostname ? null : "Address is invalid";
  if (url.protocol === "http:")
    return LOOPBACK.has(url.hostname) ? null : "Address protocol http:// is not supported";
  return `Address protocol ${url.protocol}// is not supported`;
}

export type SubscriptionRegistry = ReturnType<typeof createSubscriptionRegistry>;
