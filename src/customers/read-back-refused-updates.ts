import type { CustomerDirectoryDeps } from "./customer-directory-types.js";
import { type CustomerLink, isLinkedWithReservation } from "./customer-links.js";
import { dropGoneLinks } from "./drop-gone-links.js";
import type { JdeCustomerPort, RefusedUpdate } from "./jde-customer-port.js";

/** How far back refused change rows are read: a refusal older than a week was acted on already. */
const REFUSED_UPDATES_WINDOW_MS = 7 * 86_400_000;

export interface RefusedUpdatesReadBack {
  /** Customers whose hash was erased: their next sync resends every owned group. */
  marked: number;
  /** Links dropped because F0101 no longer holds their record: matched again on the next request. */
  dropped: number;
}

/** A linked customer with refused change rows it has not acted on yet. */
interface Unseen {
  link: CustomerLink;
  addressNumber: string;
  refusals: RefusedUpdate[];
}

/**
 * Z-table path (docs/customers.md §4): the connector marks a customer synced when it writes its change
 * rows, but a processor may refuse them (`EDSP` 'N'). For each AN8 whose latest change row of a kind is
 * refused, the linked customers' hashes are erased, so their next order or customer webhook resends
 * every owned group, and each refused row is audited (`customer.update_refused`: table, transaction,
 * batch, AN8 — never values) once: the link remembers the stamp of the refusal it acted on. A change
 * refused because F0101 no longer holds the record (merged or deleted in JDE) would be refused again
 * on every resend: that link is dropped instead (`customer.link_dropped`, one F0101 look-up for all),
 * and the customer's next request matches it again.
 */
export async function readBackRefusedUpdates(
  deps: CustomerDirectoryDeps,
  port: Pick<JdeCustomerPort, "existingAddressNumbers"> & Required<Pick<JdeCustomerPort, "refusedUpdates">>,
): Promise<RefusedUpdatesReadBack> {
  const since = new Date(deps.clock.now().getTime() - REFUSED_UPDATES_WINDOW_MS);
  const byAddressNumber = new Map<string, RefusedUpdate[]>();
  for (const refusal of await port.refusedUpdates(since)) {
    byAddressNumber.set(refusal.addressNumber, [
      ...(byAddressNumber.get(refusal.addressNumber) ?? []),
      refusal,
    ]);
  }
  const unseen = await unseenRefusals(deps, byAddressNumber);
  // A failed look-up drops nothing: those hashes are erased as for any refusal.
  const gone = await dropGoneLinks({
    deps,
    port,
    links: unseen.map(({ link, addressNumber }) => ({ customerId: link.customerGid, addressNumber })),
  });
  const readBack: RefusedUpdatesReadBack = { marked: 0, dropped: 0 };
  for (const { link, addressNumber, refusals } of unseen) {
    const customerGid = link.customerGid;
    if (gone.has(customerGid)) {
      readBack.dropped += 1;
    } else {
      const refusedAt = new Date(Math.max(...refusals.map((refusal) => refusal.stampedAt.getTime())));
      if (!(await deps.links.markUpdateRefused({ tenantId: deps.tenantId, customerGid, refusedAt })))
        continue;
      readBack.marked += 1;
    }
    for (const refusal of refusals) {
      await deps.audit.append({
        tenantId: deps.tenantId,
        step: "customer.update_refused",
        at: deps.clock.now(),
        detail: {
          customerId: customerGid,
          addressNumber,
          table: refusal.table,
          transactionNumber: refusal.transactionNumber,
          batch: refusal.batchId,
        },
      });
    }
  }
  return readBack;
}

/** Per linked customer, the refusals stamped after the one it last acted on. */
async function unseenRefusals(
  deps: CustomerDirectoryDeps,
  byAddressNumber: ReadonlyMap<string, RefusedUpdate[]>,
): Promise<Unseen[]> {
  const unseen: Unseen[] = [];
  const linksOf = await deps.links.byAddressNumbers(deps.tenantId, [...byAddressNumber.keys()]);
  for (const [addressNumber, refusals] of byAddressNumber) {
    for (const link of linksOf.get(addressNumber) ?? []) {
      // A range add not confirmed yet: its rows' refusal is the staged add's (checkPendingLinks).
      if (link.state !== "linked" || isLinkedWithReservation(link)) continue;
      const seen = link.refusedUpdateAt ?? null;
      const fresh = refusals.filter((refusal) => seen === null || refusal.stampedAt > seen);
      if (fresh.length > 0) unseen.push({ link, addressNumber, refusals: fresh });
    }
  }
  return unseen;
}
