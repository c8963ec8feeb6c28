import { crossReferenceKey } from "./cross-reference-key.js";
import type { CustomerLinkSource, CustomerLinkState } from "./customer-links.js";
import type { CustomerSettings } from "./customer-settings.js";
import type { CustomerSnapshot } from "./customer-source.js";
import { customerNames, normalizeEmail } from "./jde-customer-record.js";

/** A JDE Address Book record a look-up found (F0101, with F01151 for the e-mail look-up). */
export interface JdeCustomerCandidate {
  addressNumber: string;
  /** `AT1`; only `C` counts for the e-mail rule. */
  searchType: string;
  /** `ALKY`, blank when the record has none. */
  crossReference: string;
}

/** The look-ups of docs/customers.md §3, done by the caller for a whole batch. */
export interface JdeCustomerLookups {
  /** Records whose ALKY is this customer's cross-reference. */
  byCrossReference: readonly JdeCustomerCandidate[];
  /** Records with this customer's e-mail (lower-cased, trimmed) in F01151, e-mail type `E`. */
  byEmail: readonly JdeCustomerCandidate[];
}

export interface ChooseCustomerInput {
  /** The order's customer; `null` for a guest checkout. */
  customer: CustomerSnapshot | null;
  settings: Pick<CustomerSettings, "sync" | "genericAddressNumber" | "excludeTags" | "crossReference">;
  /** The connector's own link of this customer (`customer_links`), if any. */
  link: { addressNumber: string | null; state: CustomerLinkState; source: CustomerLinkSource } | null;
  /** Omitted until the caller has asked JDE; the answer is then `lookup` when JDE must be asked. */
  lookups?: JdeCustomerLookups;
  /** AN8s the connector links to other Shopify customers (customer_links by address number). */
  linkedToOtherCustomers?: ReadonlySet<string>;
}

export type GenericReason =
  | "customer.guest"
  | "customer.sync_none"
  | "customer.excluded_tag"
  /** No company and no first or last name: withheld by Shopify, or never given; F0101 needs ALPH. */
  | "customer.name_missing"
  /** The GID gives no cross-reference that fits ALKY (never seen for a real customer GID). */
  | "customer.id_unusable"
  /** link-later: the F0101Z2 add waits for R01010Z; orders go generic until the AN8 is read back. */
  | "customer.link_pending";

/** Why rule 4 refused an e-mail match (audit step `customer.email_shared`; AN8s, never the e-mail). */
export interface EmailShared {
  reason: "customer.email_shared";
  why: "several-records" | "cross-referenced-elsewhere" | "linked-to-another-customer";
  addressNumbers: string[];
}

export type CustomerChoice =
  | { kind: "generic"; addressNumber: string; reason: GenericReason }
  | { kind: "linked"; addressNumber: string; source: CustomerLinkSource }
  | {
      kind: "adopt";
      addressNumber: string;
      by: "alky" | "email";
      /** The record the connector's pending link-later add became (write F03012Z1/F01151Z1 now). */
      completesPendingLink: boolean;
      /** Other records carrying the same cross-reference (lowest AN8 wins), for the audit trail. */
      duplicates: string[];
    }
  | { kind: "create"; emailShared: EmailShared | null }
  /** The rules need JDE's answer: call again with `lookups`. */
  | { kind: "lookup" };

/** Which JDE customer an order is posted to: the five rules of docs/customers.md §1, in order. */
export function chooseCustomer(input: ChooseCustomerInput): CustomerChoice {
  const { customer, settings, link, lookups } = input;
  if (customer === null) return generic(settings, "customer.guest");
  const reason = genericReason(customer, settings);
  if (reason !== null) return generic(settings, reason);
  if (link?.state === "linked" && link.addressNumber !== null) {
    return { kind: "linked", addressNumber: link.addressNumber, source: link.source };
  }
  if (lookups === undefined) return { kind: "lookup" };
  const pending = link?.state === "pending";
  const [first, ...duplicates] = sortedAddressNumbers(lookups.byCrossReference);
  if (first !== undefined) {
    return { kind: "adopt", addressNumber: first, by: "alky", completesPendingLink: pending, duplicates };
  }
  if (pending) return generic(settings, "customer.link_pending");
  return byEmail({ customer, settings, lookups, linkedToOtherCustomers: input.linkedToOtherCustomers });
}

function generic(settings: ChooseCustomerInput["settings"], reason: GenericReason): CustomerChoice {
  return { kind: "generic", addressNumber: settings.genericAddressNumber, reason };
}

/**
 * Rule 1 for an order that has a customer. Its last two tests are the ones `toJdeCustomerRecord`
 * refuses on, so a customer that passes always yields a record to create or adopt.
 */
function genericReason(
  customer: CustomerSnapshot,
  settings: ChooseCustomerInput["settings"],
): GenericReason | null {
  if (settings.sync === "none") return "customer.sync_none";
  const excluded = new Set(settings.excludeTags.map(normalizeTag));
  if (customer.tags.some((tag) => excluded.has(normalizeTag(tag)))) return "customer.excluded_tag";
  if (customerNames(customer) === null) return "customer.name_missing";
  if (crossReferenceKey(customer.id, settings.crossReference.prefix) === null) return "customer.id_unusable";
  return null;
}

/**
 * Rule 4, then rule 5. A record found by e-mail is adopted only when it is the only customer record
 * with that e-mail and nothing ties it to someone else. Any ALKY other than this customer's counts as
 * a tie: it may be another shop's prefix or another system's key, and adopting would overwrite it.
 */
function byEmail(input: {
  customer: CustomerSnapshot;
  settings: ChooseCustomerInput["settings"];
  lookups: JdeCustomerLookups;
  linkedToOtherCustomers: ReadonlySet<string> | undefined;
}): CustomerChoice {
  const { customer, settings, lookups } = input;
  if (normalizeEmail(customer.email) === "") return { kind: "create", emailShared: null };
  const records = new Map<string, JdeCustomerCandidate>();
  for (const record of lookups.byEmail) {
    if (record.searchType.trim().toUpperCase() === "C") records.set(record.addressNumber, record);
  }
  const addressNumbers = sortedAddressNumbers([...records.values()]);
  const only = addressNumbers.length === 1 ? records.get(addressNumbers[0] ?? "") : undefined;
  if (only === undefined) {
    const emailShared = addressNumbers.length === 0 ? null : shared("several-records", addressNumbers);
    return { kind: "create", emailShared };
  }
  const ours = crossReferenceKey(customer.id, settings.crossReference.prefix);
  const alky = only.crossReference.trim();
  if (alky !== "" && alky !== ours) {
    return { kind: "create", emailShared: shared("cross-referenced-elsewhere", addressNumbers) };
  }
  if (input.linkedToOtherCustomers?.has(only.addressNumber)) {
    return { kind: "create", emailShared: shared("linked-to-another-customer", addressNumbers) };
  }
  return {
    kind: "adopt",
    addressNumber: only.addressNumber,
    by: "email",
    completesPendingLink: false,
    duplicates: [],
  };
}

function shared(why: EmailShared["why"], addressNumbers: string[]): EmailShared {
  return { reason: "customer.email_shared", why, addressNumbers };
}

/** The lowest AN8 of these records (rule 3: the lowest wins); `undefined` when there are none. */
export function lowestAddressNumber(records: readonly JdeCustomerCandidate[]): string | undefined {
  return sortedAddressNumbers(records)[0];
}

/** Distinct AN8s, lowest first (numerically: JDE AN8s are numbers shown without leading zeros). */
function sortedAddressNumbers(records: readonly JdeCustomerCandidate[]): string[] {
  const distinct = [...new Set(records.map((record) => record.addressNumber))];
  return distinct.sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}

/** Shopify compares tags without regard to case; surrounding blanks never matter. */
function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase();
}
