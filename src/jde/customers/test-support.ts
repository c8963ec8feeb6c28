import type { JdeCustomerWrite } from "../../customers/jde-customer-port.js";
import { type JdeCustomerRecord, toJdeCustomerRecord } from "../../customers/jde-customer-record.js";
import { makeCustomer, makeCustomerSettings } from "../../customers/test-support/make-customer.js";
import type { AisClient } from "../ais-client.js";

/** Test helpers for src/jde/customers (not exported from the adapter). */

/** The §2 record of Shopify customer `id` (the demo's Ada Lovelace), with field overrides. */
export function customerRecord(id: number, overrides: Partial<JdeCustomerRecord> = {}): JdeCustomerRecord {
  const result = toJdeCustomerRecord({
    customer: makeCustomer({ id: `gid://shopify/Customer/${id}`, email: `c${id}@example.com` }),
    settings: makeCustomerSettings(),
    company: "00100",
    currency: "USD",
  });
  if (!result.ok) throw new Error(`no record for customer ${id}: ${result.reason}`);
  return { ...result.record, ...overrides };
}

/** An add of customer `id` (AN8 from Next Numbers unless `addressNumber`, the Z-table range). */
export function addRow(
  ref: string,
  id: number,
  options: { addressNumber?: string; record?: Partial<JdeCustomerRecord> } = {},
): JdeCustomerWrite {
  return {
    ref,
    kind: "add",
    addressNumber: options.addressNumber ?? null,
    record: customerRecord(id, options.record),
    update: "",
  };
}

/** A change of record `addressNumber` (customer `id`), only the groups in `update`. */
export function changeRow(
  ref: string,
  id: number,
  addressNumber: string,
  update: string,
  record: Partial<JdeCustomerRecord> = {},
): JdeCustomerWrite {
  return { ref, kind: "change", addressNumber, record: customerRecord(id, record), update };
}

/** The AIS client with each answer passed through `change` first (what the simulator cannot say). */
export function alteredAnswers(
  ais: AisClient,
  change: (body: Record<string, unknown>) => unknown,
): Pick<AisClient, "call"> {
  return {
    call: async (method, path, body, options) => {
      const answer = await ais.call(method, path, body, options);
      return path.includes("/orchestrator/") ? change({ ...(answer as Record<string, unknown>) }) : answer;
    },
  };
}
