import { ConnectorError } from "../lib/errors/connector-error.js";
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
import type { JdeCustomerOutcome, JdeCustomerPort, JdeCustomerWrite } from "./jde-customer-port.js";
import type { JdeCustomerField } from "./jde-customer-record.js";

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
 * The batch's one write: numbers from the reserved range for the adds first (Z-table `range`), then
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
  const outcomes = new Map((await port.write(rows)).map((outcome) => [outcome.ref, outcome]));
  const recorder = createRecorder(deps, port);
  for (const [index, plan] of plans.entries()) {
    const row = rows[index]!;
    try {
      const value = await recorder.record(plan, row, outcomes.get(row.ref));
      answers.set(plan.work.customerId, { ok: true, value });
    } catch (error) {
      answers.set(plan.work.customerId, { ok: false, error });
    }
  }
}

/** Z-table `range`: the adds take the next numbers of the range, all or none (exhausted: they fail). */
async function assignNumbers(
  deps: CustomerDirectoryDeps,
  port: JdeCustomerPort,
  plans: readonly PlannedWrite[],
  answers: CustomerAnswers,
): Promise<PlannedWrite[]> {
  const mode = deps.settings.ztable.addressNumbers;
  const adds = plans.filter((plan) => plan.kind === "create");
  if (port.path !== "ztable" || mode.mode !== "range" || adds.length === 0) return [...plans];
  const allocation = await deps.links.allocateNumbers(deps.tenantId, adds.length, mode);
  if (!allocation.ok) {
    const error = new ConnectorError("MLC_JDE_CUSTOMER_NUMBERS_EXHAUSTED", allocation.message, {
      detail: { available: allocation.available, requested: adds.length },
    });
    for (const plan of adds) answers.set(plan.work.customerId, { ok: false, error });
    return plans.filter((plan) => plan.kind !== "create");
  }
  const numbers = [...allocation.addressNumbers];
  return plans.map((plan) =>
    plan.kind === "create" ? { ...plan, row: { ...plan.row, addressNumber: numbers.shift() ?? null } } : plan,
  );
}

function createRecorder(deps: CustomerDirectoryDeps, port: JdeCustomerPort) {
  const { tenantId, settings } = deps;
  const audit = (step: string, detail: Record<string, unknown>) =>
    deps.audit.append({ tenantId, step, at: deps.clock.now(), detail });

  return { record };

  async function record(
    plan: PlannedWrite,
    row: JdeCustomerWrite,
    outcome: JdeCustomerOutcome | undefined,
  ): Promise<CustomerResolution> {
    const { customerId } = plan.work;
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
      await deps.links.upsert({
        tenantId,
        customerGid: customerId,
        state: "linked",
        addressNumber,
        source: plan.source,
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
