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
  const { deps, port, works } = input;
  const keys = distinct(works.map((work) => work.record.ALKY));
  const staged = port.stagedAdds ? await port.stagedAdds(keys) : new Map<string, StagedAdd>();
  const byAlky = await port.findByCrossReference(keys);
  for (const [key, add] of staged) {
    // A processed add is the record its cross-reference finds, even before F0101 is read again.
    if (add.state === "done") {
      const found = byAlky.get(key) ?? [];
      byAlky.set(key, [...found, { addressNumber: add.addressNumber, searchType: "C", crossReference: key }]);
    }
  }
  const needsEmail = works.filter(
    (work) =>
      (byAlky.get(work.record.ALKY) ?? []).length === 0 &&
      work.link?.state !== "pending" &&
      !staged.has(work.record.ALKY) &&
      work.record.EMAL !== "",
  );
  const emails = distinct(needsEmail.map((work) => work.record.EMAL));
  const byEmail =
    emails.length > 0 ? await port.findByEmail(emails) : new Map<string, JdeCustomerCandidate[]>();
  const linkedTo = await customersLinkedTo(deps, [...byEmail.values()].flat());
  const second = createSecondPass({ ...input, staged, byAlky, byEmail, linkedTo });
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

  return async function secondPass(work: CustomerWork): Promise<PlannedWrite | undefined> {
    const key = work.record.ALKY;
    const alky = byAlky.get(key) ?? [];
    const add = staged.get(key);
    if (alky.length === 0 && add?.state === "refused") {
      await deps.audit.append({
        tenantId: deps.tenantId,
        step: "customer.rejected",
        at: deps.clock.now(),
        detail: { customerId: work.customerId, errors: add.errors },
      });
      answers.set(work.customerId, {
        ok: false,
        error: customerRejected(work.customerId, null, add.errors.map(asJdeError)),
      });
      return undefined;
    }
    if (alky.length === 0 && add?.state === "waiting") {
      // A staged add this connector has no pending link for (its answer was lost): wait for it.
      if (work.link?.state !== "pending") {
        await deps.links.upsert({
          tenantId: deps.tenantId,
          customerGid: work.customerId,
          state: "pending",
          addressNumber: null,
          source: "created",
        });
      }
      answers.set(work.customerId, generic("customer.link_pending"));
      return undefined;
    }
    const candidates = work.link?.state === "pending" ? [] : (byEmail.get(work.record.EMAL) ?? []);
    const choice = chooseCustomer({
      customer: work.customer,
      settings,
      link: work.link ?? null,
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
    const previous = choice.completesPendingLink ? (work.link?.fingerprint ?? null) : null;
    const groups = groupsToUpdate({ ownedFields: settings.ownedFields, previous, current: work.fingerprint });
    // Link-later: F01151Z1 needs the AN8, so the e-mail could not go with the add; it goes now.
    if (choice.completesPendingLink && work.record.EMAL !== "" && !groups.includes("email"))
      groups.push("email");
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

/** Every customer the connector links to each of these records (rule 4: never share a record). */
async function customersLinkedTo(
  deps: CustomerDirectoryDeps,
  records: readonly JdeCustomerCandidate[],
): Promise<Map<string, Set<string>>> {
  const linkedTo = new Map<string, Set<string>>();
  for (const addressNumber of distinct(records.map((record) => record.addressNumber))) {
    const links = await deps.links.byAddressNumber(deps.tenantId, addressNumber);
    linkedTo.set(addressNumber, new Set(links.map((link) => link.customerGid)));
  }
  return linkedTo;
}

function asJdeError(message: string): { code: string; description: string } {
  return { code: "R01010Z", description: message };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
