import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { bulkFinishPayload, bulkOperationView } from "./bulk-operation-views.js";
import {
  type BulkErrorCode,
  type BulkOperation,
  type BulkTiming,
  createBulkOperations,
} from "./bulk-operations.js";
import type { DeliveryKnobs } from "./delivery-knobs.js";
import type { OrderStore } from "./order-store.js";
import type { SchemaLoader } from "./schema-loader.js";
import type {
  CreateSubscriptionResult,
  ShopSubscriptionInput,
  Subscription,
  SubscriptionKind,
} from "./subscription-registry.js";
import { createWebhookAndBulkApi } from "./webhook-and-bulk-api.js";
import { registerWebhookAndBulkRoutes } from "./webhook-and-bulk-routes.js";
import type { WebhookSender } from "./webhook-sender.js";

/** A bulk operation as GraphQL shows it, plus why the simulator failed it (if it did). */
export type BulkOperationSnapshot = ReturnType<typeof bulkOperationView> & { simulatorError: string | null };

export interface SubscriptionControls {
  /** the shop's subscriptions of both kinds (`kind`: "app" = toml, "shop" = API-created) */
  list(shop: string): Subscription[];
  /** deletes the shop's API-created subscriptions (or `kind`), as Shopify does after failures; returns how many */
  deleteAll(shop: string, kind?: SubscriptionKind | "all"): number;
  /** a shop-specific subscription, as `webhookSubscriptionCreate` would make it */
  create(input: ShopSubscriptionInput): CreateSubscriptionResult;
}

export interface DeliveryControls {
  /** replaces every delivery knob (and restarts the seeded sequence) */
  setKnobs(knobs: DeliveryKnobs): void;
  knobs(): DeliveryKnobs;
}

export interface BulkControls {
  /** the shop's most recent bulk query operation */
  current(shop: string): BulkOperationSnapshot | undefined;
  get(shop: string, id: string): BulkOperationSnapshot | undefined;
  /** resolves when the operation is COMPLETED, FAILED or CANCELED */
  finished(shop: string, id: string): Promise<BulkOperationSnapshot>;
  /** the shop's running operation fails at its next step; false when none runs */
  fail(shop: string, errorCode?: BulkErrorCode): boolean;
  setTiming(timing: Partial<BulkTiming>): void;
}

/**
 * Webhook subscriptions through the API, delivery knobs and bulk operations, wired for the simulator:
 * the GraphQL root extension, the HTTP routes and the test-facing controls. `setBaseUrl` once the
 * server listens (result URLs are absolute).
 */
export function createWebhookAndBulk(deps: {
  sender: WebhookSender;
  store: OrderStore;
  schemas: SchemaLoader;
  defaultApiVersion: string;
  nowMs: () => number;
  timeZoneOf: (shop: string) => string;
  bulkTiming?: Partial<BulkTiming>;
}) {
  let baseUrl = "";
  const { sender } = deps;
  const bulk = createBulkOperations({
    nowMs: deps.nowMs,
    ...(deps.bulkTiming ? { timing: deps.bulkTiming } : {}),
    onFinish: (op) =>
      sender.send(
        op.shop,
        "bulk_operations/finish",
        bulkFinishPayload(op, deps.timeZoneOf(op.shop)),
        randomUUID(),
      ),
  });
  const snapshot = (op: BulkOperation): BulkOperationSnapshot => ({
    ...bulkOperationView(op, bulk.statusOf(op), baseUrl),
    simulatorError: op.simulatorError,
  });

  return {
    extendRoot: createWebhookAndBulkApi({
      registry: sender.registry,
      bulk,
      schemas: deps.schemas,
      store: deps.store,
      defaultApiVersion: deps.defaultApiVersion,
      baseUrl: () => baseUrl,
      nowMs: deps.nowMs,
    }),
    registerRoutes: (app: FastifyInstance) =>
      registerWebhookAndBulkRoutes(app, { sender, bulk, baseUrl: () => baseUrl }),
    setBaseUrl: (url: string) => {
      baseUrl = url;
    },
    subscriptions: {
      list: (shop) => sender.registry.list(shop).map((s) => ({ ...s, topics: [...s.topics] })),
      deleteAll: (shop, kind = "shop") => sender.registry.removeAll(shop, kind),
      create: (input) => sender.registry.createShopSpecific(input),
    } satisfies SubscriptionControls,
    delivery: { setKnobs: sender.setKnobs, knobs: sender.knobs } satisfies DeliveryControls,
    bulk: {
      current: (shop) => {
        const op = bulk.current(shop);
        return op ? snapshot(op) : undefined;
      },
      get: (shop, id) => {
        const op = bulk.get(shop, id);
        return op ? snapshot(op) : undefined;
      },
      finished: async (shop, id) => snapshot(await bulk.finished(shop, id)),
      fail: (shop, errorCode) => bulk.fail(shop, errorCode),
      setTiming: (timing) => bulk.setTiming(timing),
    } satisfies BulkControls,
    close: () => bulk.close(),
  };
}
