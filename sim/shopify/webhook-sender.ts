import { createHmac, randomUUID } from "node:crypto";
import { Agent, request } from "undici";

export interface WebhookKnobs {
  /** the same delivery (same Webhook-Id and Event-Id) is sent twice */
  duplicate?: boolean;
  /** signed with a secret that is not the app's */
  wrongSecret?: boolean;
  /** one byte changes after signing */
  tamperBody?: boolean;
  /** wait before the first attempt */
  delayMs?: number;
  /** never sent (a lost webhook; the sweep must find the change) */
  drop?: boolean;
  /** payload `updated_at` older than the order's current one */
  staleUpdatedAt?: boolean;
  /** force the X-Shopify-Event-Id (default: one per merchant action) */
  eventId?: string;
}

export interface Subscription {
  shop: string;
  topics: string[];
  uri: string;
  apiVersion?: string;
}

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
}

export interface WebhookSenderOptions {
  attempts: number;
  baseDelayMs: number;
  concurrency: number;
  defaultApiVersion: string;
  secretOf: (shop: string) => string;
}

/**
 * Shopify's HTTPS webhook delivery: one POST per subscription, HMAC over the exact bytes, 1 s connect
 * and 5 s total timeout, only 2xx succeeds (no redirects), `attempts` retries with exponential backoff
 * carrying the original payload, URI, Webhook-Id and Triggered-At; bounded parallelism.
 */
export function createWebhookSender(options: WebhookSenderOptions) {
  const subscriptions: Subscription[] = [];
  const records: DeliveryRecord[] = [];
  const agent = new Agent({ connect: { timeout: 1000 }, headersTimeout: 5000, bodyTimeout: 5000 });
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let outstanding = 0;
  let idleWaiters: (() => void)[] = [];

  return {
    subscribe,
    send,
    idle,
    deliveries: () => records.map((r) => ({ ...r })),
    close,
    subscriptions: () => [...subscriptions],
  };

  function subscribe(s: Subscription): void {
    subscriptions.push({ ...s, topics: [...s.topics] });
  }

  /** Queues `body` (already serialized) for every subscription of `topic`. */
  function send(shop: string, topic: string, body: string, eventId: string, knobs: WebhookKnobs = {}): void {
    for (const sub of subscriptions.filter((s) => s.shop === shop && s.topics.includes(topic))) {
      const record: DeliveryRecord = {
        shop,
        topic,
        uri: sub.uri,
        webhookId: randomUUID(),
        eventId: knobs.eventId ?? eventId,
        triggeredAt: new Date().toISOString(),
        attempts: 0,
        status: "pending",
        lastStatusCode: null,
        lastError: null,
      };
      records.push(record);
      if (knobs.drop) {
        record.status = "dropped";
        continue;
      }
      const copies = knobs.duplicate ? [record, { ...record }] : [record];
      if (knobs.duplicate) records.push(copies[1]!);
      for (const copy of copies) schedule(copy, sub.apiVersion ?? options.defaultApiVersion, body, knobs);
    }
  }

  function schedule(record: DeliveryRecord, apiVersion: string, body: string, knobs: WebhookKnobs) {
    outstanding++;
    const secret = knobs.wrongSecret
      ? `wrong-${options.secretOf(record.shop)}`
      : options.secretOf(record.shop);
    const hmac = createHmac("sha256", secret).update(body, "utf8").digest("base64");
    const sent = knobs.tamperBody ? `${body} ` : body;
    const headers = {
      "content-type": "application/json",
      "user-agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": record.topic,
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Shop-Domain": record.shop,
      "X-Shopify-API-Version": apiVersion,
      "X-Shopify-Webhook-Id": record.webhookId,
      "X-Shopify-Event-Id": record.eventId,
      "X-Shopify-Triggered-At": record.triggeredAt,
    };
    const attempt = async (): Promise<void> => {
      await acquire();
      record.attempts++;
      try {
        const res = await request(record.uri, {
          method: "POST",
          headers,
          body: sent,
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
      setTimeout(attempt, options.baseDelayMs * 2 ** (record.attempts - 1));
    };
    setTimeout(attempt, knobs.delayMs ?? 0);
  }

  function finish(record: DeliveryRecord, status: DeliveryRecord["status"]) {
    record.status = status;
    outstanding--;
    if (outstanding === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
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

  async function close(): Promise<void> {
    await agent.close();
  }
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
