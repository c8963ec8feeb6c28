import type { CustomerFingerprint } from "./customer-fingerprint.js";

/** `pending`: a link-later add staged in F0101Z2 whose AN8 JDE has not assigned yet. */
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
}

export type CustomerLinkInput = {
  tenantId: string;
  customerGid: string;
  source: CustomerLinkSource;
} & ({ state: "linked"; addressNumber: string } | { state: "pending"; addressNumber: null });

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
   * stays or a pending link gets its number (the record holds what was sent), and are cleared when it
   * moves to another number (nothing was sent to that record yet).
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
  /** Pending (link-later) links, oldest first, for reading their AN8 back from F0101 by ALKY. */
  listPending(tenantId: string, limit: number): Promise<CustomerLink[]>;
  /** Every customer linked to this AN8, oldest link first (the e-mail rule, privacy records). */
  byAddressNumber(tenantId: string, addressNumber: string): Promise<CustomerLink[]>;
  /**
   * `customers/redact`: forgets the hash of what was sent (and when); the link itself stays, it is not
   * personal data and keeps the order trail. `false` when the customer has no link.
   */
  eraseFingerprint(tenantId: string, customerGid: string): Promise<boolean>;
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
