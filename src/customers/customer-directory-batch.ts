import { ConnectorError } from "../lib/errors/connector-error.js";
import { chooseCustomer, type GenericReason } from "./choose-customer.js";
import type { BatchAnswer } from "./customer-batcher.js";
import { lookUpCustomers } from "./customer-directory-lookups.js";
import type {
  CustomerAnswers,
  CustomerDirectoryDeps,
  CustomerResolution,
  CustomerWork,
  PlannedWrite,
  ShopifyGenericReason,
} from "./customer-directory-types.js";
import { writeCustomers } from "./customer-directory-writes.js";
import { customerFingerprint } from "./customer-fingerprint.js";
import { type CustomerLink, isUnconfirmedRangeAdd } from "./customer-links.js";
import type { CustomerFieldGroup } from "./customer-settings.js";
import type { CustomerSnapshot } from "./customer-source.js";
import type { JdeCustomerPort } from "./jde-customer-port.js";
import { toJdeCustomerRecord } from "./jde-customer-record.js";
import { groupsToUpdate, updateList } from "./update-groups.js";

/**
 * True when the link can be used without reading the customer: linked, every owned group hashed, and
 * every request's Shopify `updatedAt` is the one last synced (a request without one always reads).
 */
export function isFresh(
  link: CustomerLink | undefined,
  hints: readonly (string | null)[],
  ownedFields: readonly CustomerFieldGroup[],
): link is CustomerLink & { addressNumber: string } {
  if (link?.state !== "linked" || link.addressNumber === null) return false;
  const { fingerprint, customerUpdatedAt } = link;
  if (fingerprint === null || customerUpdatedAt === null) return false;
  if (!ownedFields.every((group) => fingerprint[group] !== undefined)) return false;
  const syncedAt = customerUpdatedAt.getTime();
  return hints.length > 0 && hints.every((hint) => hint !== null && Date.parse(hint) === syncedAt);
}

/**
 * One batch of docs/customers.md §1 and §5: links from the store, customers from Shopify, the rules'
 * first pass; then, for the customers that need it, one look-up per kind in JDE and the second pass;
 * then one write for every add and change. A customer's failure is its own answer, never its batch's.
 */
export function createCustomerBatchRun(deps: CustomerDirectoryDeps) {
  const { settings } = deps;

  return async function runBatch(batch: ReadonlyMap<string, readonly (string | null)[]>) {
    const answers: CustomerAnswers = new Map();
    const links = await deps.links.getMany(deps.tenantId, [...batch.keys()]);
    const stale: string[] = [];
    for (const [customerId, hints] of batch) {
      const link = links.get(customerId);
      if (isFresh(link, hints, settings.ownedFields)) answers.set(customerId, ok(linked(link)));
      else stale.push(customerId);
    }
    const works = await firstPass(stale, links, answers);
    const plans = works.plans;
    let port: JdeCustomerPort | undefined;
    if (works.lookups.length > 0) {
      await settle(works.lookups, answers, async () => {
        port = await deps.jde();
        plans.push(...(await lookUpCustomers({ deps, port, works: works.lookups, answers })));
      });
    }
    if (plans.length > 0) {
      await settle(
        plans.map((plan) => plan.work),
        answers,
        async () => writeCustomers({ deps, port: port ?? (await deps.jde()), plans, answers }),
      );
    }
    return answers;
  };

  /** Reads the customers (concurrently) and applies the rules without JDE: generic, linked, or look up. */
  async function firstPass(
    customerIds: string[],
    links: Map<string, CustomerLink>,
    answers: CustomerAnswers,
  ): Promise<{ lookups: CustomerWork[]; plans: PlannedWrite[] }> {
    const lookups: CustomerWork[] = [];
    const plans: PlannedWrite[] = [];
    const reads = await Promise.allSettled(customerIds.map((id) => deps.customers.fetchCustomer(id)));
    for (const [index, customerId] of customerIds.entries()) {
      const read = reads[index]!;
      if (read.status === "rejected") {
        // Rule 1: a customer Shopify withholds (no protected customer data approval) is posted generic.
        const denied =
          read.reason instanceof ConnectorError && read.reason.code === "MLC_SHOPIFY_ACCESS_DENIED";
        answers.set(
          customerId,
          denied ? ok(generic("customer.access_denied")) : { ok: false, error: read.reason },
        );
        continue;
      }
      try {
        const next = await choose(customerId, read.value, links.get(customerId), answers);
        if (next?.kind === "lookup") lookups.push(next.work);
        else if (next) plans.push(next);
      } catch (error) {
        answers.set(customerId, { ok: false, error });
      }
    }
    return { lookups, plans };
  }

  /** The first pass for one customer: answered here, a change to write, or a look-up in JDE. */
  async function choose(
    customerId: string,
    customer: CustomerSnapshot | null,
    link: CustomerLink | undefined,
    answers: CustomerAnswers,
  ): Promise<PlannedWrite | { kind: "lookup"; work: CustomerWork } | undefined> {
    if (customer === null) {
      answers.set(customerId, ok(generic("customer.not_found")));
      return undefined;
    }
    const choice = chooseCustomer({ customer, settings, link: link ?? null });
    if (choice.kind === "generic") {
      answers.set(customerId, ok(generic(choice.reason)));
      return undefined;
    }
    const work = toWork(customerId, customer, link);
    if (!work.ok) {
      answers.set(customerId, ok(generic(work.reason)));
      return undefined;
    }
    if (choice.kind === "linked") return planLinked(work.work, choice.addressNumber, answers);
    return { kind: "lookup", work: work.work };
  }

  function toWork(
    customerId: string,
    customer: CustomerSnapshot,
    link: CustomerLink | undefined,
  ): { ok: true; work: CustomerWork } | { ok: false; reason: GenericReason } {
    const built = toJdeCustomerRecord({
      customer,
      settings,
      company: deps.company,
      currency: deps.currency(),
    });
    if (!built.ok) return built;
    const fingerprint = customerFingerprint(built.record, settings.ownedFields, deps.fingerprintKey);
    return {
      ok: true,
      work: { customerId, link, customer, record: built.record, truncations: built.truncations, fingerprint },
    };
  }

  /**
   * A linked customer: a change with the owned groups that differ from what was sent (ALKY too for a
   * link the connector did not make through JDE and has not synced yet), or nothing at all.
   */
  async function planLinked(
    work: CustomerWork,
    addressNumber: string,
    answers: CustomerAnswers,
  ): Promise<PlannedWrite | undefined> {
    const link = work.link!;
    if (isUnconfirmedRangeAdd(link)) {
      // R01010Z may still refuse the add: its hash must keep describing the add, so that a refused add
      // is staged again exactly when the customer changed. Orders use the number meanwhile; the
      // change goes once the check confirms the add (it asks for the customer again).
      answers.set(work.customerId, ok(linked(link)));
      return undefined;
    }
    const groups = groupsToUpdate({
      ownedFields: settings.ownedFields,
      previous: link.fingerprint,
      current: work.fingerprint,
    });
    const update = updateList({
      groups,
      // A link made without writing ALKY through a record the connector created (an operator's link), or
      // an e-mail adoption whose ALKY-only change may have been refused (the read-back erased the hash).
      crossReference: (link.source === "connector" || link.source === "email") && link.fingerprint === null,
    });
    if (update === "") {
      await markIfChanged(work);
      answers.set(work.customerId, ok(linked(link)));
      return undefined;
    }
    return {
      kind: "update",
      work,
      row: { kind: "change", addressNumber, record: work.record, update },
      groups,
      source: link.source,
    };
  }

  /** Nothing to send: remember the Shopify `updatedAt`, so the customer's next orders skip the read. */
  async function markIfChanged(work: CustomerWork): Promise<void> {
    const link = work.link!;
    const updatedAt = new Date(work.customer.updatedAt);
    if (Number.isNaN(updatedAt.getTime())) return;
    const same =
      link.customerUpdatedAt?.getTime() === updatedAt.getTime() &&
      JSON.stringify(link.fingerprint) === JSON.stringify(work.fingerprint);
    if (same) return;
    await deps.links.markSynced({
      tenantId: deps.tenantId,
      customerGid: work.customerId,
      fingerprint: work.fingerprint,
      customerUpdatedAt: updatedAt,
    });
  }

  function generic(reason: GenericReason | ShopifyGenericReason): CustomerResolution {
    return { addressNumber: settings.genericAddressNumber, reason };
  }
}

function linked(link: CustomerLink): CustomerResolution {
  return { addressNumber: link.addressNumber ?? "", reason: "customer.linked", source: link.source };
}

function ok(value: CustomerResolution): BatchAnswer<CustomerResolution> {
  return { ok: true, value };
}

/** Runs a step for some customers; when it throws, those not answered yet fail with its error. */
async function settle(
  works: readonly CustomerWork[],
  answers: CustomerAnswers,
  step: () => Promise<void>,
): Promise<void> {
  try {
    await step();
  } catch (error) {
    for (const work of works) {
      if (!answers.has(work.customerId)) answers.set(work.customerId, { ok: false, error });
    }
  }
}
