import { randomUUID } from "node:crypto";
import { type AccessStats, createAdminAccess, type FaultKnobs, type OauthKnobs } from "./admin-access.js";
import { createAppInstallations } from "./app-installations.js";
import { type AppKnobs, createAppLifecycle, type PrivacyKnobs } from "./app-lifecycle.js";
import type { RefundRequest } from "./apply-refund.js";
import type { BulkTiming } from "./bulk-operations.js";
import { type CustomerControls, createCustomerControls } from "./customer-controls.js";
import { computeExpectedTotals, type ExpectedTotals } from "./expected-totals.js";
import { displayFulfillmentStatus, type FulfillRequest } from "./fulfill-order.js";
import { buildHttpApp } from "./http-routes.js";
import { createLeakyBucket, type LeakyBucket } from "./leaky-bucket.js";
import { createOrderStore, type GenerateOptions } from "./order-store.js";
import { createSchemaLoader } from "./schema-loader.js";
import type { SimOrderInput } from "./sim-order-input.js";
import type { TokenLifetimes } from "./token-registry.js";
import type { RestPlan, ShopPlan, SimFulfillment, SimOrder, SimShopConfig } from "./types.js";
import {
  type BulkControls,
  createWebhookAndBulk,
  type DeliveryControls,
  type SubscriptionControls,
} from "./webhook-and-bulk.js";
import { webhookBody } from "./webhook-payloads.js";
import {
  type AppSubscriptionInput,
  createWebhookSender,
  type DeliveryKnobs,
  type DeliveryRecord,
  type WebhookKnobs,
} from "./webhook-sender.js";

export type { AccessStats, FaultKnobs, OauthKnobs } from "./admin-access.js";
export type { AppKnobs, CustomerPrivacyRequest, PrivacyKnobs, UninstallResult } from "./app-lifecycle.js";
export type { RefundRequest } from "./apply-refund.js";
export type { BulkErrorCode, BulkStatus, BulkTiming } from "./bulk-operations.js";
export type { CustomerControls, CustomerWriteOptions } from "./customer-controls.js";
export {
  CustomerRefusedError,
  type CustomerUserError,
  type SimCustomerCreateInput,
  type SimCustomerPatch,
} from "./customer-registry.js";
export type { ExpectedTotals, LocationTypeTotals } from "./expected-totals.js";
export { ORDER_1042 } from "./fixture-order-1042.js";
export type { FulfillRequest } from "./fulfill-order.js";
export type { GraphqlFaultSpec } from "./graphql-faults.js";
export type { MerchantDecision } from "./oauth-authorize.js";
export type { GenerateOptions } from "./order-store.js";
export type * from "./sim-order-input.js";
export type { CreateSubscriptionResult, ShopSubscriptionInput } from "./subscription-registry.js";
export type { AccessToken, TokenKind, TokenLifetimes } from "./token-registry.js";
export type {
  RestPlan,
  ShopPlan,
  SimAddress,
  SimCustomer,
  SimFulfillment,
  SimOrder,
  SimShopConfig,
} from "./types.js";
export type {
  BulkControls,
  BulkOperationSnapshot,
  DeliveryControls,
  SubscriptionControls,
} from "./webhook-and-bulk.js";
export type {
  AppSubscriptionInput,
  DeliveryKnobs,
  DeliveryRecord,
  Subscription,
  SubscriptionKind,
  WebhookKnobs,
} from "./webhook-sender.js";

export interface ShopifySimulatorOptions {
  /** 0 = random */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  shops: SimShopConfig[];
  seed?: number;
  /** attempts = retries after the first failure (default 8); baseDelayMs doubles per retry (default 1000) */
  webhookRetry?: { attempts: number; baseDelayMs: number };
  /** webhook deliveries in flight at once (default 16) */
  webhookConcurrency?: number;
  /** API version for subscriptions that name none (default 2026-10) */
  defaultApiVersion?: string;
  /** time source for the cost bucket and default event times (default Date.now) */
  now?: () => number;
  /** OAuth token and code lifetimes in seconds (default 3600 s access, 90 d refresh, 60 s code, …) */
  tokenLifetimes?: Partial<TokenLifetimes>;
  /** delivery faults for every webhook (drop, duplicate, reorder, delay, wrong signature…), seeded */
  webhookDelivery?: DeliveryKnobs;
  /** bulk operation pace (default: CREATED for 10 ms, then 2000 root objects per slice) */
  bulkOperations?: Partial<BulkTiming>;
}

/** `emit` (default true): send the matching webhooks to the shop's subscriptions. */
export interface EmitOption {
  emit?: boolean;
}

export interface SimulatorStats extends AccessStats {
  graphqlRequests: number;
  throttled: number;
  maxCostExceeded: number;
  invalid: number;
  /** answers carrying an ACCESS_DENIED error */
  accessDenied: number;
  webhooksQueued: number;
  webhooksDelivered: number;
  webhooksFailed: number;
  orders: number;
}

export interface ShopifySimulator {
  /** http://127.0.0.1:PORT — the connector's `adminUrl` */
  url: string;
  close(): Promise<void>;
  orders: {
    generate(shop: string, count: number, opts?: GenerateOptions & EmitOption): SimOrder[];
    add(shop: string, order: SimOrderInput, opts?: EmitOption): SimOrder;
    get(shop: string, orderGid: string): SimOrder | undefined;
    list(shop: string): SimOrder[];
    markPaid(shop: string, orderGid: string, at?: Date, opts?: EmitOption): void;
    refund(shop: string, orderGid: string, r: RefundRequest, opts?: EmitOption): void;
    /**
     * Ships (part of) an order later: one fulfillment per location, dated `at` (default now). Emits
     * `fulfillments/create` per fulfillment, then `orders/updated` and `orders/fulfilled` or
     * `orders/partially_fulfilled`, to whichever of them the shop subscribed.
     */
    fulfill(shop: string, orderGid: string, f: FulfillRequest, opts?: EmitOption): SimFulfillment[];
  };
  /** the shop's customers: create, change (signed `customers/create`/`customers/update`), read */
  customers: CustomerControls;
  webhooks: {
    /**
     * an app-specific subscription (shopify.app.toml): survives failed deliveries; `complianceTopics`
     * declares the app's compliance subscription
     */
    subscribe(s: AppSubscriptionInput): void;
    emit(shop: string, topic: string, orderGid: string, knobs?: WebhookKnobs): void;
    idle(): Promise<void>;
    deliveries(): DeliveryRecord[];
  };
  expected: { orderTotals(shop: string, orderGid: string): ExpectedTotals };
  throttle: {
    setPlan(shop: string, plan: ShopPlan): void;
    drain(shop: string): void;
    /** a throttling storm: GraphQL limits below the plan's until setPlan restores them */
    setLimits(shop: string, limits: { maximumAvailable: number; restoreRate: number }): void;
    setRestPlan(shop: string, plan: RestPlan): void;
    /** the REST call bucket is full: the next REST request gets 429 */
    fillRestBucket(shop: string): void;
  };
  /** OAuth: authorize URLs, merchant decisions, expiring and revoking tokens */
  oauth: OauthKnobs;
  /** the app's installation: uninstall (an OAuth install installs it again) */
  app: AppKnobs;
  /** the mandatory compliance webhooks (customers/data_request, customers/redact, shop/redact) */
  privacy: PrivacyKnobs;
  /** GraphQL failures for non-throttle reasons (REST fallback tests) */
  faults: FaultKnobs;
  /** webhook subscriptions of both kinds; API-created ones are deleted after a delivery's final failure */
  subscriptions: SubscriptionControls;
  /** simulator-wide webhook delivery knobs */
  delivery: DeliveryControls;
  /** bulk query operations (`bulkOperationRunQuery`) */
  bulk: BulkControls;
  stats(): SimulatorStats;
}

/** Starts Shopify's Admin GraphQL API and webhook sender for the configured shops on a real port. */
export async function startShopifySimulator(options: ShopifySimulatorOptions): Promise<ShopifySimulator> {
  const now = options.now ?? Date.now;
  const shops = options.shops;
  const store = createOrderStore({ shops, seed: options.seed ?? 42, nowMs: now });
  const buckets = new Map<string, LeakyBucket>();
  const bucket = (shop: string): LeakyBucket => {
    let b = buckets.get(shop);
    if (!b) {
      b = createLeakyBucket(shopConfig(shop).plan ?? "standard", now);
      buckets.set(shop, b);
    }
    return b;
  };
  const shopConfig = (shop: string): SimShopConfig => {
    const s = shops.find((x) => x.domain === shop);
    if (!s) throw new Error(`simulator: unknown shop ${shop}`);
    return s;
  };
  const gqlStats = { graphqlRequests: 0, throttled: 0, maxCostExceeded: 0, invalid: 0, accessDenied: 0 };
  const installations = createAppInstallations();
  const sender = createWebhookSender({
    delivers: installations.delivers,
    attempts: options.webhookRetry?.attempts ?? 8,
    baseDelayMs: options.webhookRetry?.baseDelayMs ?? 1000,
    concurrency: options.webhookConcurrency ?? 16,
    defaultApiVersion: options.defaultApiVersion ?? "2026-10",
    secretOf: (shop) => shopConfig(shop).apiSecret,
    nowMs: now,
    ...(options.webhookDelivery ? { knobs: options.webhookDelivery } : {}),
  });
  const schemas = createSchemaLoader();
  const extras = createWebhookAndBulk({
    sender,
    store,
    schemas,
    defaultApiVersion: options.defaultApiVersion ?? "2026-10",
    nowMs: now,
    timeZoneOf: (shop) => shopConfig(shop).timezone,
    ...(options.bulkOperations ? { bulkTiming: options.bulkOperations } : {}),
  });

  const emitAction = (
    shop: string,
    topics: string[],
    order: SimOrder,
    knobs: WebhookKnobs = {},
    subject: { fulfillmentId?: string } = {},
  ) => {
    const eventId = knobs.eventId ?? randomUUID();
    const tz = shopConfig(shop).timezone;
    for (const topic of topics) {
      const hasSubscriber = sender.subscriptions().some((s) => s.shop === shop && s.topics.includes(topic));
      if (!hasSubscriber) continue;
      sender.send(
        shop,
        topic,
        webhookBody(topic, order, tz, {
          stale: knobs.staleUpdatedAt ?? sender.rollStale(),
          personalData: shopConfig(shop).protectedCustomerData !== false,
          ...subject,
        }),
        eventId,
        knobs,
      );
    }
  };
  const mustGet = (shop: string, orderGid: string) => {
    const order = store.get(shop, orderGid);
    if (!order) throw new Error(`simulator: shop ${shop} has no order ${orderGid}`);
    return order;
  };

  const orders: ShopifySimulator["orders"] = {
    generate(shop, count, opts = {}) {
      const created = store.generate(shop, count, opts);
      if (opts.emit !== false) {
        for (const o of created) {
          emitAction(shop, ["orders/create"], o);
          if (o.refunds.length) emitAction(shop, ["refunds/create", "orders/updated"], o);
        }
      }
      return created;
    },
    add(shop, input, opts = {}) {
      const order = store.add(shop, input);
      if (opts.emit !== false) emitAction(shop, ["orders/create"], order);
      return order;
    },
    get: (shop, orderGid) => store.get(shop, orderGid),
    list: (shop) => store.list(shop),
    markPaid(shop, orderGid, at, opts = {}) {
      const order = store.markPaid(shop, orderGid, at);
      if (opts.emit !== false) emitAction(shop, ["orders/updated", "orders/paid"], order);
    },
    refund(shop, orderGid, r, opts = {}) {
      const order = store.refund(shop, orderGid, r);
      if (opts.emit !== false) emitAction(shop, ["refunds/create", "orders/updated"], order);
    },
    fulfill(shop, orderGid, f, opts = {}) {
      const created = store.fulfill(shop, orderGid, f);
      if (opts.emit !== false) {
        const order = mustGet(shop, orderGid);
        for (const x of created)
          emitAction(shop, ["fulfillments/create"], order, {}, { fulfillmentId: x.id });
        const whole = displayFulfillmentStatus(order) === "FULFILLED";
        emitAction(
          shop,
          ["orders/updated", whole ? "orders/fulfilled" : "orders/partially_fulfilled"],
          order,
        );
      }
      return created;
    },
  };

  const access = createAdminAccess({
    shops,
    nowMs: now,
    lifetimes: options.tokenLifetimes,
    onInstalled: (shop) => installations.markInstalled(shop),
  });
  const lifecycle = createAppLifecycle({
    shopConfig,
    installations,
    revokeAll: (shop) => access.tokens.revokeAll(shop),
    sender,
    store,
    nowMs: now,
  });
  const app = buildHttpApp({
    shops,
    access,
    graphql: { schemas, store, bucket, stats: gqlStats, extendRoot: extras.extendRoot },
    routes: [extras.registerRoutes, lifecycle.registerRoutes],
    control: {
      generate: (shop, count, seed) => ({
        orders: orders.generate(shop, count, seed === undefined ? {} : { seed }).map((o) => o.gid),
      }),
      expected: (orderGid) => {
        for (const s of shops) {
          const o = store.get(s.domain, orderGid);
          if (o) return computeExpectedTotals(o);
        }
        return undefined;
      },
      subscribe: (body) => sender.subscribe(body),
      stats: () => stats(),
    },
  });
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  extras.setBaseUrl(address.replace("[::1]", "127.0.0.1"));

  function stats(): SimulatorStats {
    const d = sender.deliveries();
    return {
      ...gqlStats,
      ...access.stats(),
      webhooksQueued: d.length,
      webhooksDelivered: d.filter((x) => x.status === "delivered").length,
      webhooksFailed: d.filter((x) => x.status === "failed").length,
      orders: shops.reduce((s, shop) => s + store.list(shop.domain).length, 0),
    };
  }

  return {
    url: address.replace("[::1]", "127.0.0.1"),
    async close() {
      extras.close();
      await app.close();
      await sender.close();
    },
    orders,
    customers: createCustomerControls({ store, sender, shopConfig }),
    webhooks: {
      subscribe: (s) => {
        shopConfig(s.shop);
        sender.subscribe(s);
      },
      emit: (shop, topic, orderGid, knobs) => emitAction(shop, [topic], mustGet(shop, orderGid), knobs),
      idle: () => sender.idle(),
      deliveries: () => sender.deliveries(),
    },
    expected: { orderTotals: (shop, orderGid) => computeExpectedTotals(mustGet(shop, orderGid)) },
    throttle: {
      setPlan: (shop, plan) => bucket(shop).setPlan(plan),
      drain: (shop) => bucket(shop).drain(),
      setLimits: (shop, limits) => bucket(shop).setLimits(limits),
      setRestPlan: (shop, plan) => access.restBucket(shopConfig(shop)).setPlan(plan),
      fillRestBucket: (shop) => access.restBucket(shopConfig(shop)).fill(),
    },
    oauth: access.oauthKnobs(address.replace("[::1]", "127.0.0.1")),
    app: lifecycle.app,
    privacy: lifecycle.privacy,
    faults: access.faultKnobs(),
    subscriptions: extras.subscriptions,
    delivery: extras.delivery,
    bulk: extras.bulk,
    stats,
  };
}

export const DEMO_SHOP: SimShopConfig = {
  domain: "demo-shop.myshopify.com",
  accessToken: "shpat_demo_token",
  apiSecret: "demo_api_secret",
  currency: "USD",
  timezone: "America/Los_Angeles",
  taxesIncluded: false,
};

/**
 * `ml-connector sim shopify --port P [--client-id ID] [--access-token-ttl-s N]`: the demo shop,
 * standalone; its app may use every OAuth grant (client credentials included).
 */
export async function startShopifySimulatorFromCli(args: {
  port: number;
  seed?: number;
  clientId?: string;
  /** lifetime of expiring access tokens (default 3600) */
  accessTokenTtlSeconds?: number;
}): Promise<ShopifySimulator> {
  const shop: SimShopConfig = {
    ...DEMO_SHOP,
    clientCredentials: true,
    ...(args.clientId ? { clientId: args.clientId } : {}),
  };
  const sim = await startShopifySimulator({
    port: args.port,
    shops: [shop],
    seed: args.seed ?? 42,
    ...(args.accessTokenTtlSeconds === undefined
      ? {}
      : { tokenLifetimes: { accessTokenSeconds: args.accessTokenTtlSeconds } }),
  });
  console.log(
    `shopify simulator: ${sim.url} (shop ${shop.domain}, token ${shop.accessToken}, client id ${sim.oauth.clientId(shop.domain)}, client secret ${shop.apiSecret})`,
  );
  return sim;
}
