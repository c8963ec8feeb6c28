import type { AuditLog } from "../audit/audit-log.js";
import type { Clock } from "../lib/clock.js";
import type { EmailShared, GenericReason } from "./choose-customer.js";
import type { BatchAnswer } from "./customer-batcher.js";
import type { CustomerFingerprint } from "./customer-fingerprint.js";
import type { CustomerLink, CustomerLinkSource, CustomerLinks } from "./customer-links.js";
import type { CustomerFieldGroup, CustomerSettings } from "./customer-settings.js";
import type { CustomerSnapshot, CustomerSource } from "./customer-source.js";
import type { JdeCustomerPort, JdeCustomerWrite } from "./jde-customer-port.js";
import type { FieldTruncation, JdeCustomerRecord } from "./jde-customer-record.js";

/**
 * Which AN8 an order's receivable lines carry, and why: the generic customer (with rule 1's reason,
 * `customer.link_pending` while a link-later add waits for R01010Z, `customer.not_found` when Shopify
 * no longer has the customer, `customer.access_denied` when Shopify refuses to show it — no protected
 * customer data approval), or the customer's own record (`customer.linked`).
 */
export type ShopifyGenericReason = "customer.not_found" | "customer.access_denied";

export type CustomerResolution =
  | { addressNumber: string; reason: GenericReason | ShopifyGenericReason }
  | { addressNumber: string; reason: "customer.linked"; source: CustomerLinkSource };

/** What an order's job knows about its customer without asking Shopify. */
export interface CustomerHints {
  /** The customer's `updatedAt` as the order read gave it: unchanged since the last sync = no calls. */
  customerUpdatedAt?: string | null;
}

export interface PendingLinksOutcome {
  /** Links waiting for JDE looked at (pending, or a range add not confirmed yet). */
  checked: number;
  /** Linked now (R01010Z assigned the AN8; F03012Z1 and F01151Z1 written). */
  linked: number;
  /**
   * Range adds R01010Z took (`EDSP` 'Y'): their reserved number is released, and the customer is
   * synced once more (changes are held back while the add is unconfirmed).
   */
  confirmed: number;
  /** Still waiting for R01010Z. */
  waiting: number;
  /**
   * Adds refused by R01010Z: the customer's next request stages the add again when its data changed
   * in Shopify, else parks with MLC_JDE_CUSTOMER_REJECTED.
   */
  refused: number;
  /**
   * Could not be completed now (JDE or Shopify unavailable): a pending link is tried again next time;
   * a confirmed add's follow-up sync waits for the customer's next order or webhook.
   */
  failed: number;
  /** Customers whose refused change rows were read back now: their next sync resends every owned group. */
  updatesRefused: number;
  /**
   * Links whose change rows were refused because F0101 no longer holds their record (merged or deleted
   * in JDE), dropped now: the customer's next request matches it again.
   */
  linksDropped: number;
}

/** One tenant's customers in JDE (docs/customers.md): the order sync and the customer jobs use it. */
export interface CustomerDirectory {
  /** The AN8 for an order's customer (`null`: guest checkout), bringing the JDE record up to date first. */
  addressNumberFor(customerId: string | null, hints?: CustomerHints): Promise<CustomerResolution>;
  /** `customers/create`, `customers/update`: reads the customer from Shopify and brings JDE up to date. */
  syncCustomer(customerId: string): Promise<CustomerResolution>;
  /**
   * Z-table path, periodically: completes the pending links whose staged add R01010Z has processed,
   * confirms (or reopens, when refused) range adds, and reads back refused change rows (dropping the
   * links whose record F0101 no longer holds).
   */
  resolvePendingLinks(): Promise<PendingLinksOutcome>;
}

export interface CustomerDirectoryDeps {
  tenantId: string;
  settings: CustomerSettings;
  /** The tenant's JDE company (`jde.company`): F03012 `CO`. */
  company: string;
  /** The company's currency (`CRCD`); throws (retryable) while JDE's reference data is not loaded. */
  currency(): string;
  links: CustomerLinks;
  customers: CustomerSource;
  /** The tenant's JDE customer port; throws (retryable) while the posting path is not known yet. */
  jde(): Promise<JdeCustomerPort>;
  audit: AuditLog;
  clock: Clock;
  /** The tenant's key for the hashes of what was sent (customer-fingerprint.ts); never stored. */
  fingerprintKey: Uint8Array;
}

/** One customer of a batch once read from Shopify: its JDE record as it would be sent, and its hashes. */
export interface CustomerWork {
  customerId: string;
  link: CustomerLink | undefined;
  customer: CustomerSnapshot;
  record: JdeCustomerRecord;
  truncations: FieldTruncation[];
  fingerprint: CustomerFingerprint;
}

export type CustomerAnswers = Map<string, BatchAnswer<CustomerResolution>>;

export type WriteRow = Omit<JdeCustomerWrite, "ref">;

/** One row of the batch's write, and what to record when JDE takes it. */
export type PlannedWrite = { work: CustomerWork; row: WriteRow; groups: CustomerFieldGroup[] } & (
  | { kind: "update"; source: CustomerLinkSource }
  | {
      kind: "adopt";
      source: CustomerLinkSource;
      by: "alky" | "email";
      duplicates: string[];
      completesPendingLink: boolean;
    }
  | { kind: "create"; emailShared: EmailShared | null }
);
