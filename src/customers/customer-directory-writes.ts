import { ConnectorError } from "../lib/errors/connector-error.js";
import { lowestAddressNumber } from "./choose-customer.js";
import type {
  CustomerAnswers,
  CustomerDirectoryDeps,
  CustomerResolution,
  CustomerWork,
  PlannedWrite,
} from "./customer-directory-types.js";
import { FIELDS_OF_GROUP } from "./customer-fingerprint.js";
import type { CustomerLinkSource } from "./customer-links.js";
import type { CustomerFieldGroup } from "./customer-settings.js";
import { dropGoneLinks } from "./drop-gone-links.js";
import type { JdeCustomerOutcome, JdeCustomerPort, JdeCustomerWrite } from "./jde-customer-port.js";
import type { JdeCustomerField } from "./jde-customer-record.js";
import { reserveRangeNumbers } from "./reserve-range-numbers.js";

/** F03012 goes with every change too (added when missing): its cut fields are always written. */
const CUSTOMER_MASTER_FIELDS: readonly JdeCustomerField[] = ["TRAR", "ARC", "TXA1", "EXR1"];

/** A customer row JDE refused: the job parks (replayable) with JDE's reasons, never personal values. */
export function customerRejected(
  customerId: string,
  addressNumber: string | null,
  errors: readonly { code: string; description: string }[],
): ConnectorError {
  const reasons = errors.map((error) => `${error.code} ${error.description}`.trim()).join("; ");
  return new ConnectorError(
    "MLC_JDE_CUSTOMER_REJECTED",
    `JDE refused customer ${customerId}${addressNumber ? ` (AN8 ${addressNumber})` : ""}: ${reasons || "no reason given"}`,
    { detail: { customerId, addressNumber, errors } },
  );
}

/**
 * The batch's one write: numbers of the reserved range for the adds first (Z-table `range`), then
 * every add and change in one call; each row's outcome is recorded (link, hashes, audit) on its own.
 */
export async function writeCustomers(input: {
  deps: CustomerDirectoryDeps;
  port: JdeCustomerPort;
  plans: readonly PlannedWrite[];
  answers: CustomerAnswers;
}): Promise<void> {
  const { deps, port, answers } = input;
  const plans = await assignNumbers(deps, port, input.plans, answers);
  if (plans.length === 0) return;
  const rows: JdeCustomerWrite[] = plans.map((plan, index) => ({ ref: String(index + 1), ...plan.row }));
  const outcomes = await writeRows(port, rows);
  const recorder = createRecorder(deps, port);
  const refusedChanges: PlannedWrite[] = [];
  for (const [index, plan] of plans.entries()) {
    const row = rows[index]!;
    try {
      const value = await recorder.record(plan, row, outcomes.get(row.ref));
      answers.set(plan.work.customerId, { ok: true, value });
    } catch (error) {
      answers.set(plan.work.customerId, { ok: false, error });
      const outcome = outcomes.get(row.ref);
      if (plan.kind === "update" && outcome && !(outcome instanceof Error) && !outcome.ok)
        refusedChanges.push(plan);
    }
  }
  if (refusedChanges.length === 0) return;
  // A change JDE refused may be to a record it no longer has: that customer is matched again.
  const gone = await dropGoneLinks({
    deps,
    port,
    links: refusedChanges.map((plan) => ({
      customerId: plan.work.customerId,
      addressNumber: plan.row.addressNumber ?? "",
    })),
  });
  for (const [customerId, error] of gone) answers.set(customerId, { ok: false, error });
}

/**
 * One call for the batch. When that call fails as a whole and will not succeed by waiting (the
 * orchestration refused its input, a request JDE cannot serve), one customer's row may be the cause:
 * each row is then sent alone, so only the customers JDE cannot take fail, each with its own error.
 * The orchestration is not transactional and may have stored some adds before failing: an add whose
 * cross-reference F0101 now holds is answered with that record, never sent again.
 * A retryable failure (AIS down, session lost) fails the batch: every customer retries later.
 */
async function writeRows(
  port: JdeCustomerPort,
  rows: readonly JdeCustomerWrite[],
): Promise<Map<string, JdeCustomerOutcome | Error>> {
  try {
    return new Map((await port.write(rows)).map((outcome) => [outcome.ref, outcome]));
  } catch (error) {
    if (rows.length === 1 || !(error instanceof ConnectorError) || error.retryable) throw error;
    const outcomes = await addsAlreadyMade(port, rows);
    let unavailable: Error | undefined;
    for (const row of rows) {
      if (outcomes.has(row.ref)) continue;
      // Once JDE is unavailable the rows left wait for the retry; those written are still recorded.
      if (unavailable) {
        outcomes.set(row.ref, unavailable);
        continue;
      }
      try {
        const [outcome] = await port.write([{ ...row, ref: "1" }]);
        if (outcome) outcomes.set(row.ref, { ...outcome, ref: row.ref });
      } catch (alone) {
        const failure = alone instanceof Error ? alone : new Error(String(alone));
        if (alone instanceof ConnectorError && alone.retryable) unavailable = failure;
        outcomes.set(row.ref, failure);
      }
    }
    return outcomes;
  }
}

/** The adds of a failed batch that JDE made anyway, found by cross-reference (lowest AN8 wins, rule 3). */
async function addsAlreadyMade(
  port: JdeCustomerPort,
  rows: readonly JdeCustomerWrite[],
): Promise<Map<string, JdeCustomerOutcome | Error>> {
  const made = new Map<string, JdeCustomerOutcome | Error>();
  const adds = rows.filter((row) => row.kind === "add");
  if (adds.length === 0) return made;
  const found = await port.findByCrossReference(adds.map((row) => row.record.ALKY));
  for (const row of adds) {
    const lowest = lowestAddressNumber(found.get(row.record.ALKY) ?? []);
    if (lowest !== undefined)
      made.set(row.ref, { ref: row.ref, ok: true, addressNumber: lowest, action: "created" });
  }
  return made;
}

/**
 * Z-table `range`: each add takes its reserved number or the next free one of the range; an add that
 * gets none fails alone (MLC_JDE_CUSTOMER_NUMBERS_EXHAUSTED).
 */
async function assignNumbers(
  deps: CustomerDirectoryDeps,
  port: JdeCustomerPort,
  plans: readonly PlannedWrite[],
  answers: CustomerAnswers,
): Promise<PlannedWrite[]> {
  const mode = deps.settings.ztable.addressNumbers;
  const adds = plans.filter((plan) => plan.kind === "create");
  if (port.path !== "ztable" || mode.mode !== "range" || adds.length === 0) return [...plans];
  const works = adds.map((plan) => plan.work);
  const { numbers, failed } = await reserveRangeNumbers({ deps, port, range: mode, works });
  for (const [customerId, error] of failed) answers.set(customerId, { ok: false, error });
  return plans.flatMap((plan): PlannedWrite[] => {
    if (plan.kind !== "create") return [plan];
    const addressNumber = numbers.get(plan.work.customerId);
    return addressNumber === undefined ? [] : [{ ...plan, row: { ...plan.row, addressNumber } }];
  });
}

function createRecorder(deps: CustomerDirectoryDeps, port: JdeCustomerPort) {
  const { tenantId, settings } = deps;
  const audit = (step: string, detail: Record<string, unknown>) =>
    deps.audit.append({ tenantId, step, at: deps.clock.now(), detail });

  return { record };

  async function record(
    plan: PlannedWrite,
    row: JdeCustomerWrite,
    outcome: JdeCustomerOutcome | Error | undefined,
  ): Promise<CustomerResolution> {
    const { customerId } = plan.work;
    if (outcome instanceof Error) throw outcome;
    if (!outcome) {
      throw new ConnectorError(
        "MLC_AIS_RESPONSE_INVALID",
        `JDE's answer to a customer batch has no row ${row.ref}`,
      );
    }
    if (!outcome.ok) {
      await audit("customer.rejected", {
        customerId,
        addressNumber: row.addressNumber,
        errors: outcome.errors,
      });
      throw customerRejected(customerId, row.addressNumber, outcome.errors);
    }
    if (plan.kind === "create") return recordCreated(plan, row, outcome.addressNumber ?? row.addressNumber);
    const addressNumber = row.addressNumber ?? "";
    if (plan.kind === "adopt") {
      // The record exists: a range number reserved for this customer is confirmed, or not needed.
      await deps.links.upsert({
        tenantId,
        customerGid: customerId,
        state: "linked",
        addressNumber,
        source: plan.source,
        reservedAddressNumber: null,
      });
      await audit("customer.linked", {
        customerId,
        addressNumber,
        source: plan.source,
        by: plan.by,
        ...(plan.completesPendingLink ? { completesPendingLink: true } : {}),
        ...(plan.duplicates.length > 0 ? { duplicates: plan.duplicates } : {}),
      });
    }
    await markSynced(plan.work);
    if (row.update !== "") {
      await audit("customer.updated", { customerId, addressNumber, update: row.update });
      await auditTruncations(plan.work, fieldsOf(plan.groups));
    }
    return { addressNumber, reason: "customer.linked", source: plan.source };
  }

  async function recordCreated(
    plan: PlannedWrite & { kind: "create" },
    row: JdeCustomerWrite,
    addressNumber: string | null,
  ): Promise<CustomerResolution> {
    const { customerId } = plan.work;
    if (plan.emailShared) {
      const { why, addressNumbers } = plan.emailShared;
      await audit("customer.email_shared", { customerId, why, addressNumbers });
    }
    if (addressNumber === null && port.path === "orchestration") {
      throw new ConnectorError(
        "MLC_AIS_RESPONSE_INVALID",
        `the customer orchestration created customer ${customerId} without answering its address number`,
      );
    }
    const source: CustomerLinkSource = row.addressNumber === null ? "created" : "range";
    // A range add keeps its reservation: usable at once, unconfirmed until R01010Z takes it.
    await deps.links.upsert(
      addressNumber === null
        ? { tenantId, customerGid: customerId, state: "pending", addressNumber: null, source }
        : { tenantId, customerGid: customerId, state: "linked", addressNumber, source },
    );
    await markSynced(plan.work);
    await audit("customer.created", {
      customerId,
      addressNumber,
      source,
      ...(addressNumber === null ? { pending: true } : {}),
    });
    await auditTruncations(plan.work, undefined);
    if (addressNumber === null)
      return { addressNumber: settings.genericAddressNumber, reason: "customer.link_pending" };
    return { addressNumber, reason: "customer.linked", source };
  }

  async function markSynced(work: CustomerWork): Promise<void> {
    const customerUpdatedAt = new Date(work.customer.updatedAt);
    if (Number.isNaN(customerUpdatedAt.getTime())) return;
    await deps.links.markSynced({
      tenantId,
      customerGid: work.customerId,
      fingerprint: work.fingerprint,
      customerUpdatedAt,
    });
  }

  /** Field, original length and width of each cut value that was sent (never the value). */
  async function auditTruncations(work: CustomerWork, sent: ReadonlySet<JdeCustomerField> | undefined) {
    for (const { field, length, width } of work.truncations) {
      if (sent && !sent.has(field)) continue;
      await audit("customer.truncated", { customerId: work.customerId, field, length, width });
    }
  }
}

function fieldsOf(groups: readonly CustomerFieldGroup[]): ReadonlySet<JdeCustomerField> {
  return new Set([...groups.flatMap((group) => FIELDS_OF_GROUP[group]), ...CUSTOMER_MASTER_FIELDS]);
}
