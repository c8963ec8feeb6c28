import type { GenericReason } from "./choose-customer.js";
import { crossReferenceKey } from "./cross-reference-key.js";
import { createCustomerBatcher } from "./customer-batcher.js";
import { createCustomerBatchRun, isFresh } from "./customer-directory-batch.js";
import type {
  CustomerDirectory,
  CustomerDirectoryDeps,
  CustomerHints,
  CustomerResolution,
  PendingLinksOutcome,
} from "./customer-directory-types.js";

export type {
  CustomerDirectory,
  CustomerDirectoryDeps,
  CustomerHints,
  CustomerResolution,
  PendingLinksOutcome,
} from "./customer-directory-types.js";

/** Pending links looked at per check: one `stagedAdds` look-up (an IN list) for all of them. */
const PENDING_LINKS_PER_CHECK = 500;

/**
 * Creates a tenant's customer directory. Every request goes through one batcher, so concurrent order
 * jobs share one look-up by cross-reference, one by e-mail and one write per batch; a customer whose
 * link is current (same Shopify `updatedAt`, every owned group hashed) costs one store read and no call.
 */
export function createCustomerDirectory(deps: CustomerDirectoryDeps): CustomerDirectory {
  const { settings, tenantId } = deps;
  const batcher = createCustomerBatcher({
    maxCustomers: settings.batch.maxCustomers,
    maxWaitMs: settings.batch.maxWaitMs,
    clock: deps.clock,
    run: createCustomerBatchRun(deps),
  });
  const generic = (reason: GenericReason): CustomerResolution => ({
    addressNumber: settings.genericAddressNumber,
    reason,
  });

  return { addressNumberFor, syncCustomer, resolvePendingLinks };

  async function addressNumberFor(
    customerId: string | null,
    hints: CustomerHints = {},
  ): Promise<CustomerResolution> {
    if (customerId === null) return generic("customer.guest");
    if (settings.sync === "none") return generic("customer.sync_none");
    const hint = hints.customerUpdatedAt ?? null;
    const link = await deps.links.get(tenantId, customerId);
    if (isFresh(link, [hint], settings.ownedFields)) {
      return { addressNumber: link.addressNumber, reason: "customer.linked", source: link.source };
    }
    return batcher.request(customerId, hint);
  }

  async function syncCustomer(customerId: string): Promise<CustomerResolution> {
    if (settings.sync === "none") return generic("customer.sync_none");
    return batcher.request(customerId, null);
  }

  async function resolvePendingLinks(): Promise<PendingLinksOutcome> {
    const outcome: PendingLinksOutcome = { checked: 0, linked: 0, waiting: 0, refused: 0, failed: 0 };
    const pending = await deps.links.listPending(tenantId, PENDING_LINKS_PER_CHECK);
    if (pending.length === 0) return outcome;
    const port = await deps.jde();
    if (!port.stagedAdds) return outcome;
    const keyOf = (gid: string) => crossReferenceKey(gid, settings.crossReference.prefix) ?? "";
    const staged = await port.stagedAdds(pending.map((link) => keyOf(link.customerGid)));
    outcome.checked = pending.length;
    // A refused add is reported when the customer's next order comes (it parks, replayable); reading
    // the customer again on every tick would change nothing.
    const due = pending.filter((link) => {
      const state = staged.get(keyOf(link.customerGid))?.state;
      if (state === "waiting") outcome.waiting += 1;
      if (state === "refused") outcome.refused += 1;
      return state !== "waiting" && state !== "refused";
    });
    const results = await Promise.allSettled(due.map((link) => batcher.request(link.customerGid, null)));
    for (const result of results) {
      if (result.status === "rejected") outcome.failed += 1;
      else if (result.value.reason === "customer.linked") outcome.linked += 1;
      else if (result.value.reason === "customer.link_pending") outcome.waiting += 1;
    }
    return outcome;
  }
}
