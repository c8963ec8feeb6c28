import {
  chooseCustomer,
  type EmailShared,
  type GenericReason,
  type JdeCustomerCandidate,
} from "./choose-customer.js";
import type {
  CustomerAnswers,
  CustomerDirectoryDeps,
  CustomerWork,
  PlannedWrite,
} from "./customer-directory-types.js";
import { customerRejected } from "./customer-directory-writes.js";
import type { CustomerFingerprint } from "./customer-fingerprint.js";
import { type CustomerLink, reservationCarriedByOrders } from "./customer-links.js";
import type { CustomerFieldGroup } from "./customer-settings.js";
import type { JdeCustomerPort, StagedAdd } from "./jde-customer-port.js";
import { groupsToUpdate, updateList } from "./update-groups.js";

interface LookupInput {
  deps: CustomerDirectoryDeps;
  port: JdeCustomerPort;
  /** The batch's customers the rules could not place without JDE (no link, or a pending one). */
  works: readonly CustomerWork[];
  answers: CustomerAnswers;
}

/**
 * Rules 3 to 5 for a batch: what R01010Z made of staged adds (Z-table path), one look-up by
 * cross-reference, one by e-mail for the customers it did not find, then the rules' second pass.
 * Answers the customers that end generic or refused; returns the adds and changes to write.
 */
export async function lookUpCustomers(input: LookupInput): Promise<PlannedWrite[]> {
  const { deps, port } = input;
  const keys = distinct(input.works.map((work) => work.record.ALKY));
  const staged = port.stagedAdds ? await port.stagedAdds(keys) : new Map<string, StagedAdd>();
  const byAlky = await port.findByCrossReference(keys);
  await findProcessedAdds(port, staged, byAlky);
  const works = input.works.map((work) => asRulesSeeIt(work, staged));
  const needsEmail = works.filter(
    (work) =>
      (byAlky.get(work.record.ALKY) ?? []).length === 0 &&
      work.ruleLink?.state !== "pending" &&
      !staged.has(work.record.ALKY) &&
      work.record.EMAL !== "",
  );
  const emails = distinct(needsEmail.map((work) => work.record.EMAL));
  const byEmail =
    emails.length > 0 ? await port.findByEmail(emails) : new Map<string, JdeCustomerCandidate[]>();
  const linkedTo = await customersLinkedTo(deps, [...byEmail.values()].flat());
  const second = createSecondPass({ ...input, works, staged, byAlky, byEmail, linkedTo });
  const plans: PlannedWrite[] = [];
  for (const work of works) {
    const plan = await second(work);
    if (plan) plans.push(plan);
  }
  return plans;
}

function createSecondPass(
  input: LookupInput & {
    staged: Map<string, StagedAdd>;
    byAlky: Map<string, JdeCustomerCandidate[]>;
    byEmail: Map<string, JdeCustomerCandidate[]>;
    linkedTo: Map<string, Set<string>>;
  },
) {
  const { deps, port, answers, staged, byAlky, byEmail, linkedTo } = input;
  const { settings } = deps;
  // Records adopted by e-mail earlier in this batch: a second customer with that e-mail must not share it.
  const claimed = new Map<string, string>();
  const generic = (reason: GenericReason) => ({
    ok: true as const,
    value: { addressNumber: settings.genericAddressNumber, reason },
  });

  return async function secondPass(work: RulesWork): Promise<PlannedWrite | undefined> {
    const key = work.record.ALKY;
    const alky = ownRecords(work, byAlky.get(key) ?? []);
    const add = staged.get(key);
    if (alky.length === 0 && add?.state === "refused") {
      // The customer's data was fixed in Shopify since the refused add: stage it again (a range add
      // takes its reserved number again). The same data would only be refused again: park.
      if (work.link && !sameFingerprint(work.link.fingerprint, work.fingerprint)) return create(work, null);
      await refuse(work, add);
      return undefined;
    }
    if (alky.length === 0 && add?.state === "waiting") {
      await awaitStagedAdd(work, add);
      return undefined;
    }
    const candidates = work.ruleLink?.state === "pending" ? [] : (byEmail.get(work.record.EMAL) ?? []);
    const choice = chooseCustomer({
      customer: work.customer,
      settings,
      link: work.ruleLink,
      lookups: { byCrossReference: alky, byEmail: candidates },
      linkedToOtherCustomers: othersOf(work.customerId, candidates),
    });
    switch (choice.kind) {
      case "adopt": {
        if (choice.by === "email") claimed.set(choice.addressNumber, work.customerId);
        return adopt(work, choice);
      }
      case "create":
        return create(work, choice.emailShared);
      case "generic": {
        // The pending add is gone from the Z-tables (deleted after a refusal) or never reached JDE: add it again.
        const gone = choice.reason === "customer.link_pending" && add === undefined;
        if (gone && (port.stagedAdds !== undefined || port.path === "orchestration"))
          return create(work, null);
        answers.set(work.customerId, generic(choice.reason));
        return undefined;
      }
      default:
        throw new Error(`customer rules answered ${choice.kind} after the look-ups`);
    }
  };

  async function refuse(work: CustomerWork, add: StagedAdd & { state: "refused" }): Promise<void> {
    await deps.audit.append({
      tenantId: deps.tenantId,
      step: "customer.rejected",
      at: deps.clock.now(),
      detail: {
        customerId: work.customerId,
        transactionNumber: add.transactionNumber,
        batch: add.batchId,
        errors: add.errors,
      },
    });
    answers.set(work.customerId, {
      ok: false,
      error: customerRejected(work.customerId, null, add.errors.map(asJdeError)),
    });
  }

  /**
   * A staged add R01010Z has not read yet. With a range number it is usable at once, as when its
   * write answered (unconfirmed: the periodic check reads it back); without, orders go generic.
   */
  async function awaitStagedAdd(work: CustomerWork, add: StagedAdd & { state: "waiting" }): Promise<void> {
    const { tenantId } = deps;
    const customerGid = work.customerId;
    if (add.addressNumber !== null) {
      const { addressNumber } = add;
      const reservedAddressNumber = addressNumber; // unconfirmed until R01010Z takes it
      await deps.links.upsert({
        tenantId,
        customerGid,
        state: "linked",
        addressNumber,
        source: "range",
        reservedAddressNumber,
      });
      answers.set(customerGid, {
        ok: true,
        value: { addressNumber, reason: "customer.linked", source: "range" },
      });
      return;
    }
    // A staged add this connector has no pending link for (its answer was lost): wait for it.
    if (work.link?.state !== "pending") {
      await deps.links.upsert({
        tenantId,
        customerGid,
        state: "pending",
        addressNumber: null,
        source: "created",
      });
    }
    answers.set(customerGid, generic("customer.link_pending"));
  }

  function othersOf(customerId: string, candidates: readonly JdeCustomerCandidate[]): Set<string> {
    const others = new Set<string>();
    for (const { addressNumber } of candidates) {
      const gids = linkedTo.get(addressNumber) ?? new Set();
      const claimer = claimed.get(addressNumber);
      if ([...gids].some((gid) => gid !== customerId) || (claimer && claimer !== customerId))
        others.add(addressNumber);
    }
    return others;
  }

  function adopt(
    work: CustomerWork,
    choice: {
      addressNumber: string;
      by: "alky" | "email";
      completesPendingLink: boolean;
      duplicates: string[];
    },
  ): PlannedWrite {
    const groups = groupsOfAdoption(work, choice);
    const update = updateList({ groups, crossReference: choice.by === "email" });
    return {
      kind: "adopt",
      work,
      row: { kind: "change", addressNumber: choice.addressNumber, record: work.record, update },
      groups,
      source: choice.completesPendingLink ? (work.link?.source ?? "created") : choice.by,
      by: choice.by,
      duplicates: choice.duplicates,
      completesPendingLink: choice.completesPendingLink,
    };
  }

  /**
   * Completing a pending link or adopting the connector's own record (by ALKY): the owned groups that
   * differ from what was sent. A record found by e-mail was keyed by hand: only the cross-reference
   * (and F03012 for the company when missing) is written; its name and address stay as finance keyed
   * them, and the customer's current hash counts as sent, so later Shopify changes go as usual.
   */
  function groupsOfAdoption(
    work: CustomerWork,
    choice: { by: "alky" | "email"; completesPendingLink: boolean },
  ): CustomerFieldGroup[] {
    if (choice.by === "email" && !choice.completesPendingLink) return [];
    const previous = choice.completesPendingLink ? (work.link?.fingerprint ?? null) : null;
    const groups = groupsToUpdate({ ownedFields: settings.ownedFields, previous, current: work.fingerprint });
    // Link-later: F01151Z1 needs the AN8, so the e-mail could not go with the add; it goes now.
    if (choice.completesPendingLink && work.record.EMAL !== "" && !groups.includes("email"))
      groups.push("email");
    return groups;
  }
}

function create(work: CustomerWork, emailShared: EmailShared | null): PlannedWrite {
  return {
    kind: "create",
    work,
    row: { kind: "add", addressNumber: null, record: work.record, update: "" },
    groups: [],
    emailShared,
  };
}

/**
 * A processed add is the record its cross-reference finds, even before F0101 is read again. When the
 * cross-reference does not find it, F0101 is asked for its AN8 (one look-up for all): a record JDE no
 * longer holds (merged or deleted; the link to it was dropped) is no match, and its add is forgotten,
 * so the customer is matched again rather than linked back to a gone record.
 */
async function findProcessedAdds(
  port: JdeCustomerPort,
  staged: Map<string, StagedAdd>,
  byAlky: Map<string, JdeCustomerCandidate[]>,
): Promise<void> {
  const unfound = new Map<string, string>();
  for (const [key, add] of staged) {
    if (add.state !== "done") continue;
    const found = byAlky.get(key) ?? [];
    if (!found.some((record) => record.addressNumber === add.addressNumber))
      unfound.set(key, add.addressNumber);
  }
  if (unfound.size === 0) return;
  const existing = await port.existingAddressNumbers([...unfound.values()]);
  for (const [key, addressNumber] of unfound) {
    if (!existing.has(addressNumber)) {
      staged.delete(key);
      continue;
    }
    const found = byAlky.get(key) ?? [];
    byAlky.set(key, [...found, { addressNumber, searchType: "C", crossReference: key }]);
  }
}

/** A customer of the look-ups, with its link as the rules see it. */
type RulesWork = CustomerWork & { ruleLink: CustomerLink | null };

/**
 * A range number reserved for an add that was never staged (its write failed) and never served an
 * order is no pending add: the rules run as for a new customer (e-mail included), and an add takes the
 * reserved number again. A reservation the link was once linked on stays the pending add it was, even
 * when its F0101Z2 row is gone: orders carry that number, so it is staged again, never given up.
 */
function asRulesSeeIt(work: CustomerWork, staged: ReadonlyMap<string, StagedAdd>): RulesWork {
  const link = work.link ?? null;
  const reservationOnly =
    link?.state === "pending" &&
    link.reservedAddressNumber !== null &&
    !staged.has(work.record.ALKY) &&
    !reservationCarriedByOrders(link);
  return { ...work, ruleLink: reservationOnly ? null : link };
}

/**
 * The records rule 3 may adopt. For a reservation orders carry, only the record with that number (its
 * add, processed): adopting another record carrying the cross-reference would strand those orders,
 * so without it the add is staged again with the number.
 */
function ownRecords(work: CustomerWork, found: JdeCustomerCandidate[]): JdeCustomerCandidate[] {
  if (!reservationCarriedByOrders(work.link)) return found;
  return found.filter((record) => record.addressNumber === work.link?.reservedAddressNumber);
}

/** The same hash per group: what Shopify holds now is what was staged. */
function sameFingerprint(sent: CustomerFingerprint | null, current: CustomerFingerprint): boolean {
  if (sent === null) return false;
  const groups = new Set([...Object.keys(sent), ...Object.keys(current)]) as Set<CustomerFieldGroup>;
  return [...groups].every((group) => sent[group] === current[group]);
}

/** Every customer the connector links to each of these records (rule 4: never share a record). */
async function customersLinkedTo(
  deps: CustomerDirectoryDeps,
  records: readonly JdeCustomerCandidate[],
): Promise<Map<string, Set<string>>> {
  const addressNumbers = distinct(records.map((record) => record.addressNumber));
  const links = await deps.links.byAddressNumbers(deps.tenantId, addressNumbers);
  return new Map(
    addressNumbers.map((addressNumber) => [
      addressNumber,
      new Set((links.get(addressNumber) ?? []).map((link) => link.customerGid)),
    ]),
  );
}

function asJdeError(message: string): { code: string; description: string } {
  return { code: "R01010Z", description: message };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
