import type { InboxStore } from "../inbox/inbox-store.js";
import { extractCustomerId, extractPrivacyOrderIds } from "../ingest/extract-resource.js";
import type { Clock } from "../lib/clock.js";
import type { PostingStore } from "../posting/posting-store.js";
import type { InstallationStore } from "./installation-store.js";
import type { LeasedJob } from "./job-queue.js";
import type { JobResult } from "./job-runner.js";
import type { PrivacyRequest, PrivacyRequestStore } from "./privacy-request-store.js";

export const SHOP_EVENT = "shop-event";

/** Topics about the shop and the app rather than one order; each becomes a SHOP_EVENT job. */
export const SHOP_EVENT_TOPICS = new Set([
  "app/uninstalled",
  "shop/redact",
  "customers/redact",
  "customers/data_request",
]);

export interface ShopEventPayload {
  inboxId: string;
}

export interface ShopEventDeps {
  inbox: Pick<InboxStore, "get" | "erasePayloads" | "countAbout">;
  installations: Pick<InstallationStore, "get" | "save" | "markUninstalled">;
  privacyRequests: PrivacyRequestStore;
  posting: Pick<PostingStore, "listDocuments">;
  /** The tenant's stored Shopify tokens are deleted and its held token forgotten. */
  forgetShopAccess(tenantId: string): Promise<void>;
  clock: Clock;
}

/**
 * The app lifecycle and the mandatory privacy topics:
 * - `app/uninstalled`: the installation is marked uninstalled and its tokens deleted, so the tenant's
 *   Shopify work stops (order jobs park with MLC_SHOPIFY_UNINSTALLED, replayable after a new install);
 *   documents already computed still go to JDE, because the sales happened.
 * - `shop/redact` (about 48 h after uninstall): every stored webhook body of the shop is emptied.
 * - `customers/redact`: the bodies of the deliveries about the named orders and the customer.
 * - `customers/data_request`: what the connector holds for the customer is listed (ids and counts) for
 *   the merchant to answer; the connector never sends personal data anywhere.
 * Each privacy request is recorded with what was done. The ledger, documents and audit trail hold no
 * personal data (DESIGN.md §6), so they stay: the order-to-journal trail survives a redaction.
 */
export function createShopEventHandler(deps: ShopEventDeps) {
  return async function handleShopEvent(job: LeasedJob): Promise<JobResult> {
    const { inboxId } = (job.payload ?? {}) as Partial<ShopEventPayload>;
    const event = inboxId ? await deps.inbox.get(inboxId) : undefined;
    if (!event)
      return {
        type: "park",
        code: "MLC_CONFIG_INVALID",
        reason: `shop event ${inboxId ?? "?"} is not in the inbox`,
      };
    const raw = Buffer.from(event.body).toString("utf8");
    const now = deps.clock.now();
    switch (event.topic) {
      case "app/uninstalled":
        await uninstall(event.tenantId, event.shopDomain, now);
        return { type: "done" };
      case "shop/redact":
      case "customers/redact":
      case "customers/data_request": {
        const id = await deps.privacyRequests.record({
          tenantId: event.tenantId,
          shopDomain: event.shopDomain,
          topic: event.topic,
          webhookId: event.webhookId,
          customerId: extractCustomerId(event.topic, raw),
          receivedAt: event.receivedAt,
        });
        const outcome = await answerPrivacyRequest(event.topic, event.tenantId, raw);
        await deps.privacyRequests.complete(id, deps.clock.now(), outcome);
        return { type: "done" };
      }
      default:
        return { type: "done" };
    }
  };

  async function uninstall(tenantId: string, shopDomain: string, now: Date): Promise<void> {
    const installation = await deps.installations.get(tenantId);
    if (installation) await deps.installations.markUninstalled(tenantId, now);
    else
      await deps.installations.save({
        tenantId,
        shopDomain,
        status: "uninstalled",
        grantType: "static",
        scopes: [],
        accessExpiresAt: null,
        refreshExpiresAt: null,
        installedAt: now,
        uninstalledAt: now,
      });
    await deps.forgetShopAccess(tenantId);
  }

  async function answerPrivacyRequest(
    topic: PrivacyRequest["topic"],
    tenantId: string,
    raw: string,
  ): Promise<Record<string, unknown>> {
    if (topic === "shop/redact") {
      const bodiesErased = await deps.inbox.erasePayloads({ tenantId });
      await deps.forgetShopAccess(tenantId);
      return { bodiesErased, tokensDeleted: true, keptWithoutPersonalData: ["ledger", "documents", "audit"] };
    }
    const customerId = extractCustomerId(topic, raw);
    const orderIds = extractPrivacyOrderIds(raw);
    const resources = customerId ? [...orderIds, customerId] : orderIds;
    if (topic === "customers/redact") {
      const bodiesErased = await deps.inbox.erasePayloads({ tenantId, resourceGids: resources });
      return {
        orders: orderIds.length,
        bodiesErased,
        keptWithoutPersonalData: ["ledger", "documents", "audit"],
      };
    }
    const held = await deps.inbox.countAbout({ tenantId, resourceGids: resources });
    const documents = [];
    for (const orderId of orderIds) {
      for (const document of await deps.posting.listDocuments({ tenantId, orderId })) {
        documents.push({
          orderId,
          orderName: document.orderName,
          status: document.status,
          jdeDocument: document.documentNumber,
          jdeBatch: document.batchNumber,
        });
      }
    }
    return {
      orders: orderIds.length,
      webhookDeliveriesHeld: held.events,
      webhookBodiesHeld: held.withBody,
      journalDocuments: documents,
      note: "JDE holds the journal documents listed; customer master data in JDE follows the merchant's own retention",
    };
  }
}
