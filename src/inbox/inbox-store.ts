import type { EnqueueJob } from "../pipeline/job-queue.js";

/**
 * The durable webhook inbox (DESIGN.md §1, §3 "Webhook endpoint"). A delivery is deduplicated on
 * `(tenantId, topic, eventKey)` where `eventKey` = `X-Shopify-Event-Id`, else `X-Shopify-Webhook-Id`.
 */
export interface InboxStore {
  /**
   * Stores a group of deliveries in ONE transaction and answers, per event and in order, whether it
   * was new ("stored") or already known ("duplicate": its `deliveryCount` goes up by one). A repeat
   * of a key inside the same group counts as a duplicate of the first.
   *
   * For each stored event, `onStored` may return a job; it is enqueued (coalesced, see
   * `JobQueue.enqueue`) in the same transaction, so a committed row always has its "sync order" job.
   * Rejects when the transaction fails; then nothing of the group was written.
   */
  appendMany(events: NewInboxEvent[], options?: AppendOptions): Promise<InboxAppendOutcome[]>;
  get(id: string): Promise<InboxEvent | undefined>;
  /** Deliveries beyond the first, summed over rows (Σ deliveryCount − 1). */
  countDuplicates(filter?: { tenantId?: string }): Promise<number>;
  /**
   * Privacy redaction: empties the stored bodies (personal data) of the tenant's deliveries, all of
   * them, those about `resourceGids`, or the rows `inboxIds` (both given: either), keeping topic, ids
   * and the body's SHA-256 as evidence. The emptied bytes do not linger in the database files either
   * (SQLite: secure delete, then the WAL is checkpointed and truncated).
   * Answers how many bodies were emptied now.
   */
  erasePayloads(filter: {
    tenantId: string;
    resourceGids?: readonly string[];
    inboxIds?: readonly string[];
  }): Promise<number>;
  /**
   * Retention: empties the bodies of deliveries received before `cutoff` (every tenant), keeping ids,
   * topic and the body's SHA-256, in chunks of `chunkSize` rows (default 500), each its own statement.
   * As with `erasePayloads`, SQLite's WAL is then checkpointed and truncated. Answers how many bodies
   * were emptied now.
   */
  erasePayloadsBefore(cutoff: Date, options?: { chunkSize?: number }): Promise<number>;
  /**
   * The deliveries about one resource (an order GID) with an id above `afterId`, oldest first, at most
   * `limit` (default 100): what arrived, never the body. For the audit lineage (`webhook.received`).
   */
  deliveriesAbout(filter: {
    tenantId: string;
    resourceGid: string;
    afterId?: string;
    limit?: number;
  }): Promise<InboxDelivery[]>;
  /** How many deliveries the inbox holds about these resources, and how many still have a body. */
  countAbout(filter: {
    tenantId: string;
    resourceGids: readonly string[];
  }): Promise<{ events: number; withBody: number }>;
}

export type InboxAppendOutcome = "stored" | "duplicate";

export interface AppendOptions {
  onStored?: (event: NewInboxEvent, inboxId: string) => EnqueueJob | null;
}

export interface NewInboxEvent {
  tenantId: string;
  shopDomain: string; // X-Shopify-Shop-Domain
  topic: string; // X-Shopify-Topic, e.g. "orders/updated"
  webhookId: string; // X-Shopify-Webhook-Id
  eventId: string | null; // X-Shopify-Event-Id (absent on older deliveries)
  apiVersion: string | null; // X-Shopify-API-Version
  triggeredAt: Date | null; // X-Shopify-Triggered-At
  receivedAt: Date;
  body: Uint8Array; // raw bytes as signed; never re-serialised
  bodySha256: string; // lowercase hex
  resourceGid: string | null; // the order (or customer) GID the signal is about, when there is one
}

export interface InboxEvent extends NewInboxEvent {
  id: string;
  eventKey: string; // eventId ?? webhookId
  deliveryCount: number; // 1 on first delivery, +1 per duplicate
  lastDeliveryAt: Date;
}

/** A delivery without its body: what the audit lineage keeps of a webhook. */
export type InboxDelivery = Omit<InboxEvent, "body">;
