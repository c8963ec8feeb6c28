import { ConnectorError } from "../lib/errors/connector-error.js";
import type { CustomerDirectoryDeps, CustomerWork } from "./customer-directory-types.js";
import { type AddressNumberRange, reservationCarriedByOrders } from "./customer-links.js";
import type { JdeCustomerPort } from "./jde-customer-port.js";

/** Allocations in a row that may find their numbers keyed in F0101 before the adds give up. */
const MAX_ALLOCATIONS = 5;

export interface RangeNumbers {
  /** By customer: the number its add carries, reserved on its link and not in F0101. */
  numbers: Map<string, string>;
  /** By customer: why its add gets no number (the range cannot supply one). */
  failed: Map<string, ConnectorError>;
}

/**
 * Z-table `range` (docs/customers.md §4): each add takes the number its link reserves, else the next
 * ones of the range, reserved on the link at once, before anything is written, so a failed write's
 * retry or a refused add's re-staging takes the same number instead of burning another. Every new or
 * never-used number is checked against F0101 first: one someone keyed in JDE is skipped
 * (`customer.range_number_taken`, AN8 only) and another is allocated. A number orders carry already
 * is kept as it is: should F0101 hold it, R01010Z refuses the add and the customer parks with that
 * reason, rather than the orders' number being silently replaced.
 */
export async function reserveRangeNumbers(input: {
  deps: CustomerDirectoryDeps;
  port: JdeCustomerPort;
  range: AddressNumberRange;
  works: readonly CustomerWork[];
}): Promise<RangeNumbers> {
  const { deps, port, range } = input;
  const numbers = new Map<string, string>();
  const failed = new Map<string, ConnectorError>();
  const byId = new Map(input.works.map((work) => [work.customerId, work]));
  let toCheck = new Map<string, string>();
  let toNumber: CustomerWork[] = [];
  for (const work of input.works) {
    const reserved = work.link?.reservedAddressNumber ?? null;
    if (reserved === null) toNumber.push(work);
    else if (reservationCarriedByOrders(work.link)) numbers.set(work.customerId, reserved);
    else toCheck.set(work.customerId, reserved);
  }
  for (let allocations = 0; ; ) {
    if (toNumber.length > 0) {
      allocations += 1;
      const given =
        allocations > MAX_ALLOCATIONS
          ? { ok: false as const, error: keepsBeingTaken(range, toNumber.length) }
          : await allocateAndReserve(deps, range, toNumber);
      for (const [index, work] of toNumber.entries()) {
        if (given.ok) toCheck.set(work.customerId, given.addressNumbers[index]!);
        else failed.set(work.customerId, given.error);
      }
    }
    if (toCheck.size === 0) break;
    const taken = await port.existingAddressNumbers([...toCheck.values()]);
    toNumber = [];
    for (const [customerId, addressNumber] of toCheck) {
      if (!taken.has(addressNumber)) {
        numbers.set(customerId, addressNumber);
        continue;
      }
      await deps.audit.append({
        tenantId: deps.tenantId,
        step: "customer.range_number_taken",
        at: deps.clock.now(),
        detail: { addressNumber },
      });
      toNumber.push(byId.get(customerId)!);
    }
    toCheck = new Map();
  }
  return { numbers, failed };
}

/** The next numbers of the range, one per customer, each reserved on the customer's link. */
async function allocateAndReserve(
  deps: CustomerDirectoryDeps,
  range: AddressNumberRange,
  works: readonly CustomerWork[],
): Promise<{ ok: true; addressNumbers: string[] } | { ok: false; error: ConnectorError }> {
  const allocation = await deps.links.allocateNumbers(deps.tenantId, works.length, range);
  if (!allocation.ok) {
    const error = new ConnectorError("MLC_JDE_CUSTOMER_NUMBERS_EXHAUSTED", allocation.message, {
      detail: { available: allocation.available, requested: works.length },
    });
    return { ok: false, error };
  }
  for (const [index, work] of works.entries()) {
    // A reservation alone is a pending link: no usable AN8 until the add is written.
    await deps.links.upsert({
      tenantId: deps.tenantId,
      customerGid: work.customerId,
      state: "pending",
      addressNumber: null,
      source: "range",
      reservedAddressNumber: allocation.addressNumbers[index]!,
    });
  }
  return allocation;
}

function keepsBeingTaken({ from, to }: AddressNumberRange, requested: number): ConnectorError {
  return new ConnectorError(
    "MLC_JDE_CUSTOMER_NUMBERS_EXHAUSTED",
    `customers.ztable.addressNumbers range ${from}-${to}: ${MAX_ALLOCATIONS} allocations in a row found ` +
      "their numbers already in F0101. JDE Next Numbers or its users assign numbers in this range; " +
      "configure a range nobody else uses.",
    { detail: { requested } },
  );
}
