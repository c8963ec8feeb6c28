import { createHash } from "node:crypto";
import type { CustomerFieldGroup } from "./customer-settings.js";
import type { JdeCustomerField, JdeCustomerRecord } from "./jde-customer-record.js";

/**
 * Per owned group, the SHA-256 (hex) of the values last sent to JDE. Holds no values; a group absent
 * here was not owned (or not sent) then, and counts as changed.
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
const VERSION = "mlc-customer-fingerprint/1";

/**
 * Hashes each owned group of the record as sent. The customer's cross-reference is hashed with the
 * values, so two customers with the same address do not share a hash and a hash cannot be matched
 * against a table of hashed e-mail addresses computed once for everyone.
 */
export function customerFingerprint(
  record: JdeCustomerRecord,
  ownedFields: readonly CustomerFieldGroup[],
): CustomerFingerprint {
  const fingerprint: Partial<Record<CustomerFieldGroup, string>> = {};
  for (const group of ownedFields) {
    const values = FIELDS_OF_GROUP[group].map((field) => [field, record[field]]);
    fingerprint[group] = createHash("sha256")
      .update(JSON.stringify([VERSION, group, record.ALKY, values]))
      .digest("hex");
  }
  return fingerprint;
}
