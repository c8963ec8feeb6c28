import { checkPendingLinks } from "./check-pending-links.js";
import type { GenericReason } from "./choose-customer.js";
import { createCustomerBatcher } from "./customer-batcher.js";
import { createCustomerBatchRun, isFresh } from "./customer-directory-batch.js";
import type {
  CustomerDirectory,
  CustomerDirectoryDeps,
  CustomerHints,
  CustomerResolution,
  PendingLinksOutcome,
} from "./customer-directory-types.js";
import { readBackRefusedUpdates } from "./read-back-refused-updates.js";

export type {
  CustomerDirectory,
  CustomerDirectoryDeps,
  CustomerHints,
  CustomerResolution,
  PendingLinksOutcome,
} from "./customer-directory-types.js";

/** Links looked at per check: one `stagedAdds` look-up (IN lists) for all of them. */
const PENDING_LINKS_PER_CHECK = 500;
/**
 * Refused change rows are read back at most this often: each time, per Z-table (F0101Z2, F03012Z1,
 * F01151Z1), one query for its refused rows and, when it has some, one per IN list of their AN8s.
 */
const REFUSED_UPDATES_EVERY_MS = 60_000;

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

  let refusalsReadAtMs: number | undefined;

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

  /**
   * The periodic check (Z-table path): staged adds of the links waiting for JDE, least recently
   * checked first, then (at most once a minute) the refused change rows of the last days. Nothing
   * waiting and no read due: no JDE call at all.
   */
  async function resolvePendingLinks(): Promise<PendingLinksOutcome> {
    const outcome: PendingLinksOutcome = {
      checked: 0,
      linked: 0,
      confirmed: 0,
      waiting: 0,
      refused: 0,
      failed: 0,
      updatesRefused: 0,
      linksDropped: 0,
    };
    const links = await deps.links.listPending(tenantId, PENDING_LINKS_PER_CHECK);
    const nowMs = deps.clock.now().getTime();
    const refusalsDue =
      refusalsReadAtMs === undefined || nowMs - refusalsReadAtMs >= REFUSED_UPDATES_EVERY_MS;
    if (links.length === 0 && !refusalsDue) return outcome;
    const port = await deps.jde();
    const { stagedAdds, refusedUpdates } = port;
    if (links.length > 0 && stagedAdds) {
      const request = (customerId: string) => batcher.request(customerId, null);
      await checkPendingLinks({ deps, port: { ...port, stagedAdds }, links, request, outcome });
    }
    if (refusalsDue) {
      if (refusedUpdates) {
        const readBack = await readBackRefusedUpdates(deps, { ...port, refusedUpdates });
        outcome.updatesRefused = readBack.marked;
        outcome.linksDropped = readBack.dropped;
      }
      refusalsReadAtMs = nowMs;
    }
    return outcome;
  }
}
