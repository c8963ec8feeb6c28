import { createHmac } from "node:crypto";
import type { CustomerFieldGroup } from "./customer-settings.js";
import type { JdeCustomerField, JdeCustomerRecord } from "./jde-customer-record.js";

/**
 * Per owned group, the HMAC-SHA256 (hex) of the values last sent to JDE. Holds no values; a group
 * absent here was not owned (or not sent) then, and counts as changed.
 */
export type CustomerFingerprint = Readonly<Partial<Record<CustomerFieldGroup, string>>>;

/** The JDE fields of each group of `customers.ownedFields`. */
export const FIELDS_OF_GROUP: Readonly<Record<CustomerFieldGroup, readonly JdeCustomerField[]>> = {
  name: ["ALPH", "MLNM"],
  address: ["ADD1", "ADD2", "CTY1", "ADDS", "ADDZ", "CTR"],
  email: ["EMAL"],
  phone: ["AR1", "PH1", "PHTP"],
};

/** Bump when the hashed form changes: every customer then counts as changed once. */
const VERSION = "mlc-customer-fingerprint/2";

/**
 * Hashes each owned group of the record as sent, keyed: `key` is the tenant's fingerprint key, derived
 * from the master key (never stored), so a copy of the database alone cannot confirm a guessed e-mail
 * or address. The cross-reference goes in too, so two customers with one address differ.
 * A new master key changes every hash: each customer's owned groups are then sent once more.
 */
export function customerFingerprint(
  record: JdeCustomerRecord,
  ownedFields: readonly CustomerFieldGroup[],
  key: Uint8Array,
): CustomerFingerprint {
  const fingerprint: Partial<Record<CustomerFieldGroup, string>> = {};
  for (const group of ownedFields) {
    const values = FIELDS_OF_GROUP[group].map((field) => [field, record[field]]);
    fingerprint[group] = createHmac("sha256", key)
      .update(JSON.stringify([VERSION, group, record.ALKY, values]))
      .digest("hex");
  }
  return fingerprint;
}
