import type { AuditEntry, AuditLog } from "../audit/audit-log.js";
import type { Config } from "../config/config-schema.js";
import type { Clock } from "../lib/clock.js";
import type { Job, JobQueue } from "../pipeline/job-queue.js";
import { ORDER_SYNC } from "../pipeline/order-sync-job.js";
import type { PostingDocument, PostingStore, RecordedEvent } from "../posting/posting-store.js";
import { openExistingStore } from "../store/open-store.js";

/** Everything the connector holds about one order, for `ml-connector explain`. */
export interface OrderStory {
  tenantId: string;
  orderId: string;
  /** From its documents or its audit trail; null when neither names it. */
  orderName: string | null;
  /** How the argument found it. */
  foundBy: "document-number" | "order-name" | "order-id";
  /** The customer AN8 its receivable is posted to (null: none yet, or no customers configured). */
  addressNumber: string | null;
  events: RecordedEvent[];
  /** Its documents in sequence, then any day's summary document that carries its events. */
  documents: PostingDocument[];
  /** The order-sync job still waiting, running or parked; null when none is. */
  job: Job | null;
  /** How many order-sync runs of it finished. */
  jobsDone: number;
  audit: AuditEntry[];
}

export interface OrderCandidate {
  tenantId: string;
  orderId: string;
  orderName: string | null;
}

export type OrderStoryResult =
  | { type: "found"; story: OrderStory }
  | { type: "ambiguous"; candidates: OrderCandidate[] }
  | { type: "not-found" };

export interface OrderStoryQuery {
  /** An order name ("#1042", "1042"), a JDE document number, or an order GID. */
  argument?: string;
  /** Picks the order directly (a GID or its numeric id), e.g. after an ambiguous name. */
  orderId?: string;
  /** The tenants to search, in order. */
  tenantIds: string[];
}

/** Entries read to learn which orders carry a name: each order's trail starts with a few. */
const AUDIT_NAME_ENTRIES = 200;

type Match = Pick<OrderStory, "tenantId" | "orderId" | "foundBy">;

/**
 * Finds an order by what an operator has at hand and reads its story. An argument that is all digits
 * is tried as a JDE document number first, then as an order name (some shops name orders "1042");
 * any other is an order name, tried as given and with a leading "#" — in the order's documents, and
 * for an order that has none (parked before anything was recorded) in its audit trail.
 */
export function createOrderStories(deps: { posting: PostingStore; jobs: JobQueue; audit: AuditLog }) {
  return { find };

  async function find(query: OrderStoryQuery): Promise<OrderStoryResult> {
    const matches: Match[] = [];
    for (const tenantId of query.tenantIds) matches.push(...(await matchesIn(tenantId, query)));
    // An order id matches in every tenant searched: only those that know the order count.
    const stories = (await Promise.all(matches.map(storyOf))).filter((story) => !isEmpty(story));
    const [story, ...more] = stories;
    if (!story) return { type: "not-found" };
    if (more.length === 0) return { type: "found", story };
    return {
      type: "ambiguous",
      candidates: stories.map(({ tenantId, orderId, orderName }) => ({ tenantId, orderId, orderName })),
    };
  }

  async function matchesIn(tenantId: string, query: OrderStoryQuery): Promise<Match[]> {
    const given = query.orderId ?? (query.argument?.startsWith("gid://") ? query.argument : undefined);
    if (given !== undefined) return [{ tenantId, orderId: orderGid(given), foundBy: "order-id" }];
    const argument = query.argument?.trim() ?? "";
    if (argument === "") return [];
    if (/^\d+$/.test(argument)) {
      const numbered = await deps.posting.documentsByNumber(tenantId, [argument]);
      const orderIds = [...new Set(numbered.map((d) => d.orderId))];
      if (orderIds.length > 0)
        return orderIds.map((orderId) => ({ tenantId, orderId, foundBy: "document-number" }));
    }
    const names = argument.startsWith("#") ? [argument] : [argument, `#${argument}`];
    for (const name of names) {
      const orderIds = await orderIdsNamed(tenantId, name);
      if (orderIds.length > 0)
        return orderIds.map((orderId) => ({ tenantId, orderId, foundBy: "order-name" }));
    }
    return [];
  }

  /** By its documents; an order with none yet (parked before posting) by its audit trail. */
  async function orderIdsNamed(tenantId: string, orderName: string): Promise<string[]> {
    const posted = await deps.posting.orderIdsByName(tenantId, orderName);
    if (posted.length > 0) return posted;
    const entries = await deps.audit.query({ tenantId, orderName, limit: AUDIT_NAME_ENTRIES });
    return [...new Set(entries.flatMap((entry) => (entry.orderId ? [entry.orderId] : [])))];
  }

  async function storyOf(match: Match): Promise<OrderStory> {
    const { tenantId, orderId } = match;
    const [documents, events, jobs, audit, addressNumber] = await Promise.all([
      deps.posting.documentsOfOrders(tenantId, [orderId]),
      deps.posting.recordedEvents(tenantId, orderId),
      deps.jobs.list({ tenantId, kind: ORDER_SYNC, key: orderId }),
      deps.audit.listByOrder(tenantId, orderId),
      deps.posting.orderAddressNumber(tenantId, orderId),
    ]);
    const own = new Set(documents.map((d) => d.key));
    // Summary mode: the order's events sit in the day's summary document, not in one of its own.
    const summaryKeys = [...new Set(events.flatMap((e) => (e.documentKey ? [e.documentKey] : [])))].filter(
      (key) => !own.has(key),
    );
    const summaries = await Promise.all(summaryKeys.map((key) => deps.posting.getDocument(key)));
    const orderName =
      documents.find((d) => d.kind !== "summary")?.orderName ??
      audit.find((entry) => entry.orderName !== null)?.orderName ??
      null;
    return {
      ...match,
      orderName,
      addressNumber,
      events,
      documents: [...documents, ...summaries.filter((d): d is PostingDocument => d !== undefined)],
      job: jobs.find((job) => job.status !== "done") ?? null,
      jobsDone: jobs.filter((job) => job.status === "done").length,
      audit,
    };
  }
}

function isEmpty(story: OrderStory): boolean {
  return (
    story.documents.length === 0 &&
    story.events.length === 0 &&
    story.audit.length === 0 &&
    story.job === null &&
    story.jobsDone === 0
  );
}

/** `gid://shopify/Order/1042` from itself or from `1042`. */
function orderGid(value: string): string {
  return /^\d+$/.test(value) ? `gid://shopify/Order/${value}` : value;
}

export type OrderStoriesOpened =
  | {
      found: true;
      find: (query: OrderStoryQuery) => Promise<OrderStoryResult>;
      /** This build's migrations the store has not applied (read as it is, never migrated here). */
      pendingMigrations: string[];
      close(): Promise<void>;
    }
  | { found: false; why: string };

/**
 * Opens the configured store for reading stories: never created, never migrated (explaining an order
 * must not change a production schema); no tenant is started and no secret is read.
 */
export async function openOrderStories(
  configured: Readonly<Config>,
  clock: Clock,
): Promise<OrderStoriesOpened> {
  const existing = await openExistingStore(configured.store.url, { clock });
  if (!existing.found) return { found: false, why: `no store at ${existing.path}` };
  const { store } = existing;
  try {
    const { applied, pending } = await store.migrationStatus();
    if (applied.length === 0) {
      await store.close();
      return { found: false, why: "the store has no schema yet (nothing was ever posted)" };
    }
    const stories = createOrderStories({ posting: store.posting, jobs: store.jobs, audit: store.audit });
    return { found: true, find: stories.find, pendingMigrations: pending, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
