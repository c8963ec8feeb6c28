import { crossReferenceKey } from "./cross-reference-key.js";
import type {
  CustomerDirectoryDeps,
  CustomerResolution,
  PendingLinksOutcome,
} from "./customer-directory-types.js";
import { type CustomerLink, isLinkedWithReservation, type LinkWithReservation } from "./customer-links.js";
import type { JdeCustomerPort, StagedAdd } from "./jde-customer-port.js";

/**
 * One round of the periodic check over links waiting for JDE (docs/customers.md §4), with one
 * `stagedAdds` look-up for all of them. A pending link whose add R01010Z processed (or whose add is
 * gone) goes through `request`, which completes or re-stages it; a waiting or refused add is counted
 * (a refused add is reported when the customer's next request comes: it re-stages or parks). A range
 * add in use but unconfirmed is confirmed on `Y`, or reopened on `N` — pending again with its reserved
 * number and the hash of what was staged, for the next request to decide. A confirmed customer goes
 * through `request` once more: its changes were held back while the add was unconfirmed.
 */
export async function checkPendingLinks(input: {
  deps: CustomerDirectoryDeps;
  port: JdeCustomerPort & Required<Pick<JdeCustomerPort, "stagedAdds">>;
  links: readonly CustomerLink[];
  request: (customerId: string) => Promise<CustomerResolution>;
  outcome: PendingLinksOutcome;
}): Promise<void> {
  const { deps, port, outcome } = input;
  const keyOf = (gid: string) => crossReferenceKey(gid, deps.settings.crossReference.prefix) ?? "";
  const staged = await port.stagedAdds(input.links.map((link) => keyOf(link.customerGid)));
  await deps.links.markChecked(
    deps.tenantId,
    input.links.map((link) => link.customerGid),
  );
  outcome.checked = input.links.length;
  const due: CustomerLink[] = [];
  const gone: LinkWithReservation[] = [];
  const confirmed: LinkWithReservation[] = [];
  for (const link of input.links) {
    const add = staged.get(keyOf(link.customerGid));
    if (isLinkedWithReservation(link)) {
      if (add === undefined) gone.push(link);
      else if (await settleRangeAdd(deps, link, add, outcome)) confirmed.push(link);
    } else if (add?.state === "waiting") outcome.waiting += 1;
    else if (add?.state === "refused") outcome.refused += 1;
    else due.push(link);
  }
  const settled = await settleGoneRangeAdds(deps, port, gone, outcome);
  due.push(...settled.due);
  confirmed.push(...settled.confirmed);
  const [results, followUps] = await Promise.all([
    Promise.allSettled(due.map((link) => input.request(link.customerGid))),
    Promise.allSettled(confirmed.map((link) => input.request(link.customerGid))),
  ]);
  for (const result of results) {
    if (result.status === "rejected") outcome.failed += 1;
    else if (result.value.reason === "customer.linked") outcome.linked += 1;
    else if (result.value.reason === "customer.link_pending") outcome.waiting += 1;
  }
  for (const result of followUps) if (result.status === "rejected") outcome.failed += 1;
}

/** Confirms (answers `true`) or reopens a range add by what R01010Z made of it, or counts it waiting. */
async function settleRangeAdd(
  deps: CustomerDirectoryDeps,
  link: LinkWithReservation,
  add: StagedAdd,
  outcome: PendingLinksOutcome,
): Promise<boolean> {
  if (add.state === "waiting") {
    outcome.waiting += 1;
  } else if (add.state === "done") {
    await confirm(deps, link, add.addressNumber);
    outcome.confirmed += 1;
    return true;
  } else {
    await reopen(deps, link);
    await deps.audit.append({
      tenantId: deps.tenantId,
      step: "customer.rejected",
      at: deps.clock.now(),
      detail: {
        customerId: link.customerGid,
        addressNumber: link.reservedAddressNumber,
        table: "F0101Z2",
        transactionNumber: add.transactionNumber,
        batch: add.batchId,
      },
    });
    outcome.refused += 1;
  }
  return false;
}

/**
 * Range adds whose F0101Z2 row is gone (purged after processing, or deleted): confirmed when F0101
 * has the record, else reopened and due to be re-staged now with the reserved number.
 */
async function settleGoneRangeAdds(
  deps: CustomerDirectoryDeps,
  port: JdeCustomerPort,
  links: readonly LinkWithReservation[],
  outcome: PendingLinksOutcome,
): Promise<{ due: CustomerLink[]; confirmed: LinkWithReservation[] }> {
  const due: CustomerLink[] = [];
  const confirmed: LinkWithReservation[] = [];
  if (links.length === 0) return { due, confirmed };
  const existing = await port.existingAddressNumbers(links.map((link) => link.reservedAddressNumber));
  for (const link of links) {
    if (existing.has(link.reservedAddressNumber)) {
      await confirm(deps, link, link.reservedAddressNumber);
      outcome.confirmed += 1;
      confirmed.push(link);
    } else {
      await reopen(deps, link);
      due.push(link);
    }
  }
  return { due, confirmed };
}

/** R01010Z took the add: the link's number is final and the reservation is released. */
async function confirm(deps: CustomerDirectoryDeps, link: CustomerLink, addressNumber: string) {
  await deps.links.upsert({
    tenantId: deps.tenantId,
    customerGid: link.customerGid,
    state: "linked",
    addressNumber,
    source: link.source,
    reservedAddressNumber: null,
  });
}

/** Pending again: the reservation and the hash of what was staged stay (the store keeps them). */
async function reopen(deps: CustomerDirectoryDeps, link: CustomerLink) {
  await deps.links.upsert({
    tenantId: deps.tenantId,
    customerGid: link.customerGid,
    state: "pending",
    addressNumber: null,
    source: link.source,
  });
}
