import type { CustomerFingerprint } from "./customer-fingerprint.js";
import { CUSTOMER_FIELD_GROUPS, type CustomerFieldGroup } from "./customer-settings.js";

/** The orchestration's `UPDATE` names of each group (docs/customers.md §3). */
export const UPDATE_NAMES_OF_GROUP: Readonly<Record<CustomerFieldGroup, readonly string[]>> = {
  name: ["ALPH", "MLNM"],
  address: ["ADD"],
  email: ["EMAL"],
  phone: ["PH"],
};

/**
 * The owned groups whose values differ from what was last sent (all owned groups when nothing was,
 * `previous` null), in the canonical order. A group not owned is never sent after the record's creation.
 */
export function groupsToUpdate(input: {
  ownedFields: readonly CustomerFieldGroup[];
  previous: CustomerFingerprint | null;
  current: CustomerFingerprint;
}): CustomerFieldGroup[] {
  const owned = new Set(input.ownedFields);
  return CUSTOMER_FIELD_GROUPS.filter(
    (group) => owned.has(group) && input.previous?.[group] !== input.current[group],
  );
}

/**
 * The `UPDATE` value of a change row: the groups' names, plus `ALKY` when the cross-reference is to
 * be written (a record adopted by e-mail, or one linked without it). Empty: nothing to send.
 */
export function updateList(input: {
  groups: readonly CustomerFieldGroup[];
  crossReference: boolean;
}): string {
  const groups = new Set(input.groups);
  const names = CUSTOMER_FIELD_GROUPS.filter((group) => groups.has(group)).flatMap(
    (group) => UPDATE_NAMES_OF_GROUP[group],
  );
  if (input.crossReference) names.push("ALKY");
  return names.join(",");
}
