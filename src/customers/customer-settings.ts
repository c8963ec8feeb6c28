/**
 * A tenant's `customers` block as the customer rules read it (docs/customers.md). `config/` parses and
 * validates it; this is the same shape, declared here so the rules depend on nothing outside `domain/`.
 */
export interface CustomerSettings {
  readonly sync: "all" | "none";
  /** The "web customer" AN8 (digits, no leading zeros). */
  readonly genericAddressNumber: string;
  readonly excludeTags: readonly string[];
  readonly crossReference: { readonly field: "ALKY"; readonly prefix: string };
  readonly ownedFields: readonly CustomerFieldGroup[];
  readonly defaults: CustomerDefaults;
  readonly batch: { readonly maxCustomers: number; readonly maxWaitMs: number };
  readonly ztable: { readonly addressNumbers: AddressNumberMode };
}

/** The groups of JDE fields the connector may keep up to date (`customers.ownedFields`). */
export type CustomerFieldGroup = "name" | "address" | "email" | "phone";

/** Every group, in the order UPDATE lists and fingerprints name them. */
export const CUSTOMER_FIELD_GROUPS: readonly CustomerFieldGroup[] = ["name", "address", "email", "phone"];

/** F0101 `MCU` and the F03012 attributes of a new customer. */
export interface CustomerDefaults {
  readonly businessUnit: string;
  readonly paymentTerms: string;
  readonly arClass: string;
  readonly taxArea: string;
  /** Absent: `ACL` blank, JDE's default applies (the Z-table path cannot leave a number blank: 0). */
  readonly creditLimit?: number | undefined;
}

/** How the Z-table path obtains an address number (docs/customers.md §4). */
export type AddressNumberMode =
  | { readonly mode: "link-later" }
  | { readonly mode: "range"; readonly from: number; readonly to: number };
