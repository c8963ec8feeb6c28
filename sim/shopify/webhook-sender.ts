import { createHmac, randomUUID } from "node:crypto";
import { Agent, request } from "undici";
import {
  createDeliveryPlanner,
  type DeliveryKnobs,
  type SignatureMode,
  type WebhookKnobs,
} from "./delivery-knobs.js";
import { trimToIncludeFields } from "./include-fields.js";
import { createReorderWindow } from "./reorder-window.js";
import {
  type AppSubscriptionInput,
  createSubscriptionRegistry,
  type Subscription,
} from "./subscription-registry.js";
import { matchesWebhookFilter } from "./webhook-filter.js";

export type { DeliveryKnobs, WebhookKnobs } from "./delivery-knobs.js";
export type { AppSubscriptionInput, Subscription, SubscriptionKind } from "./subscription-registry.js";

/** One delivery (one subscription, one copy) and what the delivery knobs did to it. */
export interface DeliveryRecord {
  shop: string;
  topic: string;
  uri: string;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
  attempts: number;
  status: "pending" | "delivered" | "failed" | "dropped";
  lastStatusCode: number | null;
  lastError: string | null;
  subscriptionId: string;
  subscriptionKind: Subscription["kind"];
  /** never sent */
  dropped: boolean;
  /** the second copy of a delivery: same Webhook-Id and Event-Id as the one before it */
  duplicate: boolean;
  /** a second delivery of the action: new Webhook-Id, same Event-Id as the delivery with this Webhook-Id */
  redeliveryOf: string | null;
  /** held in a reorder window and released at a different position than it arrived */
  reordered: boolean;
  /** wait before the first attempt */
  delayedMs: number;
  /** attempts signed with a wrong secret */
  wrongSignatureAttempts: number;
  /** the body changed after signing */
  tamperedBody: boolean;
  /** position of the first attempt among all first attempts (1-based); null while unsent */
  sendSequence: number | null;
  /** the shop-specific subscription was deleted after this delivery's final failure */
  removedSubscription: boolean;
}

export interface WebhookSenderOptions {
  attempts: number;
  baseDelayMs: number;
  concurrency: number;
  defaultApiVersion: string;
  secretOf: (shop: string) => string;
  nowMs?: () => number;
  knobs?: DeliveryKnobs;
  /** whether Shopify sends `topic` for `shop` now (an uninstalled app gets compliance topics only); default always */
  delivers?: (shop: string, topic: string) => boolean;
}

interface Delivery {
  record: DeliveryRecord;
  apiVersion: string;
  name: string | null;
  body: string;
  signature: SignatureMode;
  tamper: boolean;
}

/**
 * Shopify's HTTPS webhook delivery: one POST per subscription, HMAC over the exact bytes, 1 s connect
 * and 5 s total timeout, only 2xx succeeds (no redirects), `attempts` retries with exponential backoff
 * carrying the original payload, URI, Webhook-Id and Triggered-At; bounded parallelism. After the final
 * failure a shop-specific subscription is deleted (reference §1.4, §7.2 item 2). Delivery faults come
 * from per-emit knobs or the seeded simulator-wide `DeliveryKnobs`.
 */
export function createWebhookSender(options: WebhookSenderOptions) {
  const registry = createSubscriptionRegistry({ nowMs: options.nowMs ?? Date.now });
  const planner = createDeliveryPlanner(options.knobs);
  const records: DeliveryRecord[] = [];
  const agent = new Agent({ connect: { timeout: 1000 }, headersTimeout: 5000, bodyTimeout: 5000 });
  const timers = new Set<NodeJS.Timeout>();
  const waiting: (() => void)[] = [];
  const reorderWindow = createReorderWindow<Delivery>({ shuffle: planner.shuffle, release: releaseInOrder });
  let inFlight = 0;
  let outstanding = 0;
  let firstAttempts = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  return {
    subscribe,
    send,
    idle,
    deliveries: () => records.map((r) => ({ ...r })),
    close,
    subscriptions: () => registry.list(),
    registry,
    setKnobs,
    knobs: () => planner.get(),
    rollStale: () => planner.rollStale(),
  };

  /** An app-specific subscription (shopify.app.toml): never removed after failures. */
  function subscribe(s: AppSubscriptionInput): Subscription {
    return registry.addAppSpecific(s);
  }

  function setKnobs(knobs: DeliveryKnobs): void {
    planner.set(knobs);
    if (!knobs.reorderWindow) reorderWindow.flush();
  }

  /** Queues `body` (already serialized) for every subscription of `topic`. */
  function send(shop: string, topic: string, body: string, eventId: string, knobs: WebhookKnobs = {}): void {
    if (options.delivers && !options.delivers(shop, topic)) return;
    let parsed: unknown;
    const payload = () => (parsed ??= JSON.parse(body));
    for (const sub of registry.matching(shop, topic)) {
      if (sub.filter && !matchesWebhookFilter(payload(), sub.filter)) continue;
      const plan = planner.plan(knobs);
      const record = newRecord(sub, topic, knobs.eventId ?? eventId);
      const delivery: Delivery = {
        record,
        apiVersion: sub.apiVersion ?? options.defaultApiVersion,
        name: sub.name,
        body: trimToIncludeFields(body, sub.includeFields),
        signature: plan.signature,
        tamper: knobs.tamperBody ?? false,
      };
      if (plan.drop) {
        Object.assign(record, { status: "dropped", dropped: true });
        continue;
      }
      dispatch(delivery, plan.delayMs);
      if (plan.duplicate) {
        const copy = { ...delivery, record: { ...record, duplicate: true } };
        records.push(copy.record);
        dispatch(copy, plan.duplicateDelayMs);
      }
      if (plan.redeliver) {
        const again = newRecord(sub, topic, record.eventId);
        Object.assign(again, { redeliveryOf: record.webhookId, triggeredAt: record.triggeredAt });
        dispatch({ ...delivery, record: again }, plan.redeliveryDelayMs);
      }
    }
  }

  function newRecord(sub: Subscription, topic: string, eventId: string): DeliveryRecord {
    const record: DeliveryRecord = {
      shop: sub.shop,
      topic,
      uri: sub.uri,
      webhookId: randomUUID(),
      eventId,
      triggeredAt: new Date().toISOString(),
      attempts: 0,
      status: "pending",
      lastStatusCode: null,
      lastError: null,
      subscriptionId: sub.id,
      subscriptionKind: sub.kind,
      dropped: false,
      duplicate: false,
      redeliveryOf: null,
      reordered: false,
      delayedMs: 0,
      wrongSignatureAttempts: 0,
      tamperedBody: false,
      sendSequence: null,
      removedSubscription: false,
    };
    records.push(record);
    return record;
  }

  function dispatch(delivery: Delivery, delayMs: number): void {
    outstanding++;
    delivery.record.delayedMs = delayMs;
    later(() => {
      const reorder = planner.get().reorderWindow;
      if (reorder) reorderWindow.hold(delivery, reorder);
      else void attempt(delivery);
    }, delayMs);
  }

  /** A released window goes out one delivery at a time, so the shuffled order is the arrival order. */
  async function releaseInOrder(batch: { item: Delivery; arrival: number }[]): Promise<void> {
    for (const [position, { item, arrival }] of batch.entries()) {
      item.record.reordered = position !== arrival;
      await attempt(item);
    }
  }

  /** One HTTP attempt; schedules the next one on failure. Resolves when this attempt has an answer. */
  async function attempt(d: Delivery): Promise<void> {
    const record = d.record;
    if (closed) return;
    await acquire();
    record.attempts++;
    record.sendSequence ??= ++firstAttempts;
    const wrong = d.signature === "wrong-always" || (d.signature === "wrong-first" && record.attempts === 1);
    if (wrong) record.wrongSignatureAttempts++;
    record.tamperedBody = d.tamper;
    try {
      const res = await request(record.uri, {
        method: "POST",
        headers: headers(d, wrong),
        body: d.tamper ? `${d.body} ` : d.body,
        dispatcher: agent,
        signal: AbortSignal.timeout(5000),
      });
      await res.body.dump();
      record.lastStatusCode = res.statusCode;
      record.lastError = null;
      if (res.statusCode >= 200 && res.statusCode < 300) return finish(record, "delivered");
    } catch (e) {
      record.lastError = (e as Error).message;
    } finally {
      release();
    }
    if (record.attempts > options.attempts) return finish(record, "failed");
    later(() => void attempt(d), options.baseDelayMs * 2 ** (record.attempts - 1));
  }

  function headers(d: Delivery, wrongSecret: boolean): Record<string, string> {
    const secret = options.secretOf(d.record.shop);
    const key = wrongSecret ? `wrong-${secret}` : secret;
    return {
      "content-type": "application/json",
      "user-agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": d.record.topic,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", key).update(d.body, "utf8").digest("base64"),
      "X-Shopify-Shop-Domain": d.record.shop,
      "X-Shopify-API-Version": d.apiVersion,
      "X-Shopify-Webhook-Id": d.record.webhookId,
      "X-Shopify-Event-Id": d.record.eventId,
      "X-Shopify-Triggered-At": d.record.triggeredAt,
      ...(d.name ? { "X-Shopify-Name": d.name } : {}),
    };
  }

  function finish(record: DeliveryRecord, status: DeliveryRecord["status"]) {
    record.status = status;
    if (status === "failed" && record.subscriptionKind === "shop") {
      record.removedSubscription = registry.remove(record.subscriptionId);
    }
    outstanding--;
    if (outstanding === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  function later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }

  function acquire(): Promise<void> {
    if (inFlight < options.concurrency) {
      inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release() {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  }

  function idle(): Promise<void> {
    if (outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  /** Stops pending retries and held deliveries (they stay `pending`), then closes the connections. */
  async function close(): Promise<void> {
    closed = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    reorderWindow.flush();
    await agent.close();
  }
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
