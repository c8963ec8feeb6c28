import type { CustomerDirectoryDeps } from "./customer-directory-types.js";
import type { JdeCustomerPort, RefusedUpdate } from "./jde-customer-port.js";

/** How far back refused change rows are read: a refusal older than a week was acted on already. */
const REFUSED_UPDATES_WINDOW_MS = 7 * 86_400_000;

/**
 * Z-table path (docs/customers.md §4): the connector marks a customer synced when it writes its change
 * rows, but a processor may refuse them (`EDSP` 'N'). For each AN8 whose latest change row of a kind is
 * refused, the linked customers' hashes are erased, so their next order or customer webhook resends
 * every owned group, and each refused row is audited (`customer.update_refused`: table, transaction,
 * batch, AN8 — never values) once: the link remembers the stamp of the refusal it acted on.
 * Answers how many customers were marked.
 */
export async function readBackRefusedUpdates(
  deps: CustomerDirectoryDeps,
  port: Required<Pick<JdeCustomerPort, "refusedUpdates">>,
): Promise<number> {
  const since = new Date(deps.clock.now().getTime() - REFUSED_UPDATES_WINDOW_MS);
  const byAddressNumber = new Map<string, RefusedUpdate[]>();
  for (const refusal of await port.refusedUpdates(since)) {
    byAddressNumber.set(refusal.addressNumber, [
      ...(byAddressNumber.get(refusal.addressNumber) ?? []),
      refusal,
    ]);
  }
  let marked = 0;
  for (const [addressNumber, refusals] of byAddressNumber) {
    for (const link of await deps.links.byAddressNumber(deps.tenantId, addressNumber)) {
      // A range add not confirmed yet: its rows' refusal is the staged add's (checkPendingLinks).
      if (link.state !== "linked" || (link.reservedAddressNumber ?? null) !== null) continue;
      const seen = link.refusedUpdateAt ?? null;
      const unseen = refusals.filter((refusal) => seen === null || refusal.stampedAt > seen);
      if (unseen.length === 0) continue;
      const refusedAt = new Date(Math.max(...unseen.map((refusal) => refusal.stampedAt.getTime())));
      const customerGid = link.customerGid;
      if (!(await deps.links.markUpdateRefused({ tenantId: deps.tenantId, customerGid, refusedAt })))
        continue;
      marked += 1;
      for (const refusal of unseen) {
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
  }
  return marked;
}
