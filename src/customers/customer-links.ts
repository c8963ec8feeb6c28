import type { CustomerFingerprint } from "./customer-fingerprint.js";

/**
 * `pending`: no usable AN8 yet — a link-later add staged in F0101Z2 whose AN8 JDE has not assigned, or
 * a range number reserved for an add not staged yet (or refused by R01010Z).
 */
export type CustomerLinkState = "linked" | "pending";

/**
 * How the link came about: `alky` / `email` adopted a JDE record found by cross-reference or e-mail
 * (docs/customers.md §1 rules 3–4); `created` by the orchestration or a link-later Z-table add (JDE
 * Next Numbers); `range` created with a number from `customers.ztable.addressNumbers`; `connector`
 * recorded by the connector itself without a JDE look-up (an operator's link, an import).
 */
export type CustomerLinkSource = "connector" | "alky" | "email" | "created" | "range";

/** Shopify customer → JDE address number, with what was last sent (hashes, never values). */
export interface CustomerLink {
  tenantId: string;
  /** gid://shopify/Customer/… */
  customerGid: string;
  /** `null` exactly while `state` is `pending`. */
  addressNumber: string | null;
  state: CustomerLinkState;
  source: CustomerLinkSource;
  /** Per owned group, the hash of what was last sent; `null` before the first sync or after a redact. */
  fingerprint: CustomerFingerprint | null;
  /** The customer's Shopify `updatedAt` at the last sync: an order skips the sync when it is unchanged. */
  customerUpdatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Z-table `range`: the number reserved for this customer's add, from before the write until the
   * periodic check reads R01010Z's `Y` (then `null`). A retried or re-staged add takes it again, so no
   * number is burnt. A linked link that holds one is usable but unconfirmed.
   */
  reservedAddressNumber: string | null;
  /** When the periodic check last read this link's staged add (`null`: never). */
  checkedAt?: Date | null;
  /** Audit stamp of the latest refused change row (F0101Z2 `C`, F03012Z1, F01151Z1) acted on. */
  refusedUpdateAt?: Date | null;
}

export type CustomerLinkInput = {
  tenantId: string;
  customerGid: string;
  source: CustomerLinkSource;
  /** Omitted: the link keeps its reservation (a new link has none); `null` clears it. */
  reservedAddressNumber?: string | null;
} & ({ state: "linked"; addressNumber: string } | { state: "pending"; addressNumber: null });

/** A linked link that still holds a reserved range number. */
export type LinkWithReservation = CustomerLink & {
  state: "linked";
  addressNumber: string;
  reservedAddressNumber: string;
};

/**
 * Linked and still holding a reserved range number: R01010Z has not confirmed that number's add yet.
 * The periodic check settles such a link by its staged add (confirms or reopens it), and the read-back
 * of refused changes leaves it to that check. Wider than {@link isUnconfirmedRangeAdd}: it also holds
 * a link linked on another number that kept its reservation (only after the tenant's write path or
 * numbering changed: an add on the orchestration path answers its own number).
 */
export function isLinkedWithReservation(link: CustomerLink): link is LinkWithReservation {
  return link.state === "linked" && link.addressNumber !== null && link.reservedAddressNumber !== null;
}

/**
 * A range add in use but not confirmed yet: linked on its reserved number (orders carry it) until the
 * periodic check reads R01010Z's `Y`.
 */
export function isUnconfirmedRangeAdd(link: CustomerLink | null | undefined): link is LinkWithReservation {
  return !!link && isLinkedWithReservation(link) && link.addressNumber === link.reservedAddressNumber;
}

/**
 * Whether orders may carry the link's reserved number: the link was linked on it (its add was written,
 * then refused or lost, and the link is pending again). Such a number is never given up: the add is
 * staged again with it. The store keeps no flag for this, but the row tells: a reopened link keeps the
 * hash of what was staged (erased only by a redaction) and changed after the reservation was made,
 * while a reservation whose add was never written is one insert without a hash. A false yes only
 * costs that customer the e-mail rule (a new record instead); a false no would strand posted orders.
 */
export function reservationCarriedByOrders(link: CustomerLink | null | undefined): boolean {
  if (!link || link.reservedAddressNumber === null) return false;
  if (link.state === "linked") return link.addressNumber === link.reservedAddressNumber;
  return link.fingerprint !== null || link.updatedAt.getTime() > link.createdAt.getTime();
}

/** The inclusive AN8 range reserved outside JDE Next Numbers (`customers.ztable.addressNumbers`). */
export interface AddressNumberRange {
  from: number;
  to: number;
}

export type AddressNumberAllocation =
  | { ok: true; addressNumbers: string[] }
  | {
      ok: false;
      reason: "range-exhausted";
      /** How many numbers the range still holds (fewer than asked for; none are handed out). */
      available: number;
      /** Names the range, the count and what to change; no personal data. */
      message: string;
    };

/** Port: the connector's cross-reference of Shopify customers to JDE customers (`customer_links`). */
export interface CustomerLinks {
  get(tenantId: string, customerGid: string): Promise<CustomerLink | undefined>;
  /** The links of these customers (a batch); customers without one are absent. */
  getMany(tenantId: string, customerGids: readonly string[]): Promise<Map<string, CustomerLink>>;
  /**
   * Records or changes the link. The fingerprint and `customerUpdatedAt` stay when the address number
   * stays, a pending link gets its number (the record holds what was sent) or a link goes back to
   * pending (they describe the add that was staged), and are cleared when it moves to another number
   * (nothing was sent to that record yet).
   */
  upsert(link: CustomerLinkInput): Promise<CustomerLink>;
  /**
   * Records what was just sent. The last call wins, even with an older `customerUpdatedAt`: the values
   * that reached JDE last are the ones the hash must describe, and a stale mark only costs one resend.
   * `false` when the customer has no link.
   */
  markSynced(sync: {
    tenantId: string;
    customerGid: string;
    fingerprint: CustomerFingerprint;
    customerUpdatedAt: Date;
  }): Promise<boolean>;
  /**
   * Links that wait for JDE — pending, or holding a reserved range number — for the periodic check:
   * never checked first, then least recently checked, then oldest; so refused adds that stay pending
   * never keep newer links from being read.
   */
  listPending(tenantId: string, limit: number): Promise<CustomerLink[]>;
  /** Stamps these links as read by the periodic check now (their `updatedAt` stays). */
  markChecked(tenantId: string, customerGids: readonly string[]): Promise<void>;
  /**
   * A change row the connector sent was refused (EDSP 'N'): forgets the hash of what was sent (so the
   * next sync resends every owned group) and remembers the row's stamp. Does nothing and answers
   * `false` when a refusal stamped `refusedAt` or later was acted on already: each refusal acts once.
   */
  markUpdateRefused(refusal: { tenantId: string; customerGid: string; refusedAt: Date }): Promise<boolean>;
  /**
   * Every customer linked to each of these AN8s, oldest link first (the e-mail rule, the read-back of
   * refused changes); AN8s no customer is linked to are absent. One query per IN-list chunk.
   */
  byAddressNumbers(tenantId: string, addressNumbers: readonly string[]): Promise<Map<string, CustomerLink[]>>;
  /**
   * `customers/redact`: forgets the hash of what was sent (and when); the link itself stays, it is not
   * personal data and keeps the order trail. `false` when the customer has no link.
   */
  eraseFingerprint(tenantId: string, customerGid: string): Promise<boolean>;
  /**
   * Forgets the link when its record is gone from JDE (merged or deleted there): the customer is then
   * matched again from the start. `false` when there was no link.
   */
  remove(tenantId: string, customerGid: string): Promise<boolean>;
  /** `shop/redact`: erases the hash of every customer of the tenant (links stay); answers how many. */
  eraseAllFingerprints(tenantId: string): Promise<number>;
  /**
   * Hands out the next `count` numbers of the range, atomically across instances: each number once per
   * tenant, ever. Numbers only go up, so a range moved below numbers already handed out is exhausted.
   * Refuses (hands out none) when fewer than `count` remain.
   */
  allocateNumbers(
    tenantId: string,
    count: number,
    range: AddressNumberRange,
  ): Promise<AddressNumberAllocation>;
}
