import { z } from "zod";
import type { CustomerLinks } from "../customers/customer-links.js";
import type { InboxEvent, InboxStore } from "../inbox/inbox-store.js";
import { extractCustomerId, extractPrivacyOrderIds } from "../ingest/extract-resource.js";
import type { Clock } from "../lib/clock.js";
import { coerceError } from "../lib/errors/connector-error.js";
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

const shopEventPayload = z.object({ inboxId: z.string().min(1) });
export type ShopEventPayload = z.infer<typeof shopEventPayload>;

/** Shopify sends `shop/redact` about 48 hours after the uninstall (reference §1.7). */
const SHOP_REDACT_DELAY_MS = 48 * 3_600_000;

/** Where the customer's personal data stays after a redaction: JDE's Address Book is the merchant's. */
const HELD_IN_JDE = "held in JDE for the merchant's own retention process";

/** Z-table path (docs/customers.md §4): named, never read; purging them is the merchant's process. */
const Z_TABLE_STAGING_ROWS =
  "the connector's staging rows in F0101Z2 (SZALKY = the customer's cross-reference, SZAN8), F03012Z1 (VOAN8) and F01151Z1 (EBAN8) hold the customer's data as sent; the merchant's retention process can purge them by that cross-reference and the address numbers listed";

/** What a redaction leaves, because it holds references and amounts, never personal data (DESIGN.md §6). */
const KEPT_WITHOUT_PERSONAL_DATA = ["ledger", "documents", "audit"];

/** The JDE records that may hold a customer's data, for the redaction record (docs/customers.md §5). */
export interface JdeCustomerRecords {
  /**
   * Every F0101 record whose ALKY carries the customer's cross-reference: the connector's own, and
   * duplicates keyed by hand or by an earlier install. Throws when JDE cannot be asked.
   */
  addressNumbersOf(customerGid: string): Promise<string[]>;
  /** How customers reach the tenant's JDE; undefined while the posting path is not known yet. */
  writePath(): "orchestration" | "ztable" | undefined;
}

export interface ShopEventDeps {
  inbox: Pick<InboxStore, "get" | "erasePayloads" | "countAbout">;
  installations: Pick<InstallationStore, "get" | "save" | "markUninstalled">;
  privacyRequests: Pick<PrivacyRequestStore, "record" | "complete">;
  posting: Pick<PostingStore, "listDocuments">;
  /** Shopify customer → JDE AN8 (docs/customers.md §5): the redaction erases its hash, lists the AN8s. */
  customerLinks?: Pick<CustomerLinks, "get" | "eraseFingerprint" | "eraseAllFingerprints">;
  /** The tenant's JDE customer records, when it has a `customers` block; undefined otherwise. */
  jdeCustomers?(tenantId: string): JdeCustomerRecords | undefined;
  /**
   * The tenant's stored Shopify tokens are deleted and its held token forgotten; the running tenant
   * then reads its Shopify state again, so `/healthz` shows MLC_SHOPIFY_UNINSTALLED.
   */
  forgetShopAccess(tenantId: string): Promise<void>;
  clock: Clock;
}

/**
 * The app lifecycle and the mandatory privacy topics:
 * - `app/uninstalled`: the installation is marked uninstalled and its tokens deleted, so the tenant's
 *   Shopify work stops (order jobs park with MLC_SHOPIFY_UNINSTALLED, replayable after a new install;
 *   the sweep and subscription checks skip it); documents already recorded still go to JDE, because
 *   the sales happened.
 * - `shop/redact` (about 48 h after the uninstall): every stored webhook body of the shop is emptied,
 *   and the shop's access is removed unless the app was installed again since.
 * - `customers/redact`: the bodies of the deliveries about the named orders and the customer, and the
 *   hash of what was last sent to JDE about the customer; the link GID → AN8 stays (it keeps the order
 *   trail) and the request lists the JDE records that may still hold the customer's data: the linked
 *   AN8, every F0101 record carrying the customer's cross-reference, and on the Z-table path the
 *   staging rows. JDE down leaves that listing marked incomplete; the erasure completes regardless.
 * - `customers/data_request`: what the connector holds for the customer is listed (ids, counts and
 *   JDE document numbers) for the merchant to answer; the request's own body is then emptied.
 * Each privacy request is recorded with what was done. The ledger, documents and audit trail hold no
 * personal data (DESIGN.md §6), so they stay: the order-to-journal trail survives a redaction.
 */
export function createShopEventHandler(deps: ShopEventDeps) {
  return async function handleShopEvent(job: LeasedJob): Promise<JobResult> {
    const payload = shopEventPayload.safeParse(job.payload);
    const event = payload.success ? await deps.inbox.get(payload.data.inboxId) : undefined;
    if (!event)
      return {
        type: "park",
        code: "MLC_CONFIG_INVALID",
        reason: `shop event ${payload.success ? payload.data.inboxId : "?"} is not in the inbox`,
      };
    if (event.topic === "app/uninstalled") {
      await stopShopWork(event.tenantId, event.shopDomain, event.triggeredAt ?? event.receivedAt);
      return { type: "done" };
    }
    if (isPrivacyTopic(event.topic)) await answerPrivacyRequest(event, event.topic);
    return { type: "done" };
  };

  /** Marks the installation uninstalled (once: the first time is kept) and deletes its tokens. */
  async function stopShopWork(tenantId: string, shopDomain: string, uninstalledAt: Date): Promise<void> {
    const now = deps.clock.now();
    const installation = await deps.installations.get(tenantId);
    // A late (retried) uninstall must not stop an installation made after it.
    if (installation?.status === "installed" && installation.installedAt.getTime() > uninstalledAt.getTime())
      return;
    if (installation?.status === "installed") await deps.installations.markUninstalled(tenantId, now);
    else if (!installation)
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

  async function answerPrivacyRequest(event: InboxEvent, topic: PrivacyRequest["topic"]): Promise<void> {
    const raw = Buffer.from(event.body).toString("utf8");
    const id = await deps.privacyRequests.record({
      tenantId: event.tenantId,
      shopDomain: event.shopDomain,
      topic,
      webhookId: event.webhookId,
      customerId: extractCustomerId(topic, raw),
      receivedAt: event.receivedAt,
    });
    const outcome =
      topic === "shop/redact"
        ? await redactShop(event)
        : raw.length === 0
          ? {
              requestBodyErased: true,
              note: "the request's body was already erased; nothing names whom it is about",
              // The delivery's row still names the customer (a GID, not personal data).
              ...(topic === "customers/redact"
                ? await forgetCustomerLink(event.tenantId, customerOf(event))
                : {}),
            }
          : topic === "customers/redact"
            ? await redactCustomer(event.tenantId, raw)
            : await describeWhatIsHeld(event, raw);
    await deps.privacyRequests.complete(id, deps.clock.now(), outcome);
    // Only once the answer is recorded (a retry must still be able to read whom it is about): the
    // request names the customer's e-mail and phone, which the connector has no use for.
    if (topic === "customers/data_request")
      await deps.inbox.erasePayloads({ tenantId: event.tenantId, inboxIds: [event.id] });
  }

  async function redactShop(event: InboxEvent): Promise<Record<string, unknown>> {
    const bodiesErased = await deps.inbox.erasePayloads({ tenantId: event.tenantId });
    // Shopify sends shop/redact only to an app that stayed uninstalled, but a lost app/uninstalled must
    // not leave the tenant running; an install since the uninstall (a reinstall) is left alone.
    const installation = await deps.installations.get(event.tenantId);
    const sentAt = (event.triggeredAt ?? event.receivedAt).getTime();
    const installedAgain =
      installation?.status === "installed" &&
      installation.installedAt.getTime() > sentAt - SHOP_REDACT_DELAY_MS;
    if (!installedAgain)
      await stopShopWork(event.tenantId, event.shopDomain, new Date(sentAt - SHOP_REDACT_DELAY_MS));
    const customerHashesErased = (await deps.customerLinks?.eraseAllFingerprints(event.tenantId)) ?? 0;
    return {
      bodiesErased,
      customerHashesErased,
      shopifyAccess: installedAgain ? "kept: installed again since the uninstall" : "tokens deleted",
      keptWithoutPersonalData: KEPT_WITHOUT_PERSONAL_DATA,
    };
  }

  async function redactCustomer(tenantId: string, raw: string): Promise<Record<string, unknown>> {
    const { customerId, orderIds } = subjectOf("customers/redact", raw);
    const resourceGids = customerId ? [...orderIds, customerId] : orderIds;
    const bodiesErased = await deps.inbox.erasePayloads({ tenantId, resourceGids });
    return {
      orders: orderIds.length,
      bodiesErased,
      keptWithoutPersonalData: KEPT_WITHOUT_PERSONAL_DATA,
      ...(await forgetCustomerLink(tenantId, customerId)),
    };
  }

  /**
   * Erases the hash of what was last sent to JDE about the customer and lists the JDE records that may
   * hold their data: the connector never deletes the merchant's customer records. JDE being down never
   * fails the erasure: the listing is then marked incomplete, with why.
   */
  async function forgetCustomerLink(tenantId: string, customerId: string | null) {
    const records = deps.jdeCustomers?.(tenantId);
    if (!customerId || (!deps.customerLinks && !records)) return {};
    const link = await deps.customerLinks?.get(tenantId, customerId);
    if (!link && !records) return { jdeAddressNumbers: [] };
    // The connector's own erasure first: the JDE listing below may wait on an AIS timeout.
    const hashErased = link ? { customerLinkHashErased: await eraseHash(tenantId, customerId) } : {};
    const listing = records ? await listByCrossReference(records, customerId) : undefined;
    return {
      ...hashErased,
      // A range number reserved for a staged add is in F0101Z2 before F0101 has it.
      jdeAddressNumbers: distinctAddressNumbers([
        link?.addressNumber,
        link?.reservedAddressNumber,
        ...(listing?.addressNumbers ?? []),
      ]),
      ...(listing ? { jdeListing: listing.problem ? "incomplete" : "complete" } : {}),
      ...(listing?.problem ? { jdeListingProblem: listing.problem } : {}),
      jdeNote:
        link?.state === "pending"
          ? `a customer add staged in F0101Z2 (not processed yet) holds the customer's data, ${HELD_IN_JDE}`
          : HELD_IN_JDE,
      ...(records ? stagingRowsNote(records.writePath()) : {}),
    };
  }

  async function eraseHash(tenantId: string, customerId: string): Promise<boolean> {
    return (await deps.customerLinks?.eraseFingerprint(tenantId, customerId)) ?? false;
  }

  /** F0101 by the customer's cross-reference; a failure is the listing's gap, not the request's. */
  async function listByCrossReference(
    records: JdeCustomerRecords,
    customerId: string,
  ): Promise<{ addressNumbers: string[]; problem?: string }> {
    try {
      return { addressNumbers: await records.addressNumbersOf(customerId) };
    } catch (error) {
      const failure = coerceError(error);
      return {
        addressNumbers: [],
        problem: `JDE could not be asked for the records carrying the customer's cross-reference (${failure.code}: ${failure.message}); only the connector's own link is listed`,
      };
    }
  }

  /** Ids, counts and JDE document numbers only: the merchant answers the customer from them. */
  async function describeWhatIsHeld(event: InboxEvent, raw: string): Promise<Record<string, unknown>> {
    const { customerId, orderIds } = subjectOf("customers/data_request", raw);
    const resourceGids = customerId ? [...orderIds, customerId] : orderIds;
    const held = await deps.inbox.countAbout({ tenantId: event.tenantId, resourceGids });
    const journalDocuments = [];
    for (const orderId of orderIds) {
      for (const document of await deps.posting.listDocuments({ tenantId: event.tenantId, orderId })) {
        journalDocuments.push({
          orderId,
          orderName: document.orderName,
          kind: document.kind,
          status: document.status,
          jdeDocument: document.documentNumber,
          jdeBatch: document.batchNumber,
        });
      }
    }
    const link = customerId ? await deps.customerLinks?.get(event.tenantId, customerId) : undefined;
    return {
      orders: orderIds.length,
      webhookDeliveriesRecorded: held.events,
      webhookBodiesHeld: held.withBody,
      journalDocuments,
      ...(link?.addressNumber ? { jdeAddressNumbers: [link.addressNumber] } : {}),
      requestBodyErased: true,
      note: "JDE holds the journal documents listed, with no personal data; customer master data in JDE follows the merchant's own retention",
    };
  }
}

/** The Z-table path leaves staging rows with the customer's data; while the path is unknown, say when. */
function stagingRowsNote(writePath: "orchestration" | "ztable" | undefined): { jdeStagingRows?: string } {
  if (writePath === "orchestration") return {};
  if (writePath === "ztable") return { jdeStagingRows: Z_TABLE_STAGING_ROWS };
  return {
    jdeStagingRows: `the posting path is not known yet; if the tenant writes customers through the Z-tables, ${Z_TABLE_STAGING_ROWS}`,
  };
}

/** Each address number once, in numeric order. */
function distinctAddressNumbers(numbers: ReadonlyArray<string | null | undefined>): string[] {
  const present = numbers.filter((n): n is string => typeof n === "string" && n !== "");
  return [...new Set(present)].sort((a, b) => Number(a) - Number(b));
}

/** The customer a stored delivery is about, when its row names one. */
function customerOf(event: InboxEvent): string | null {
  return event.resourceGid?.startsWith("gid://shopify/Customer/") ? event.resourceGid : null;
}

function isPrivacyTopic(topic: string): topic is PrivacyRequest["topic"] {
  return topic === "shop/redact" || topic === "customers/redact" || topic === "customers/data_request";
}

/** The customer and orders a request names, as GIDs (read from the raw text: ids exceed 2^53). */
function subjectOf(topic: PrivacyRequest["topic"], raw: string) {
  return { customerId: extractCustomerId(topic, raw), orderIds: extractPrivacyOrderIds(raw) };
}
