import type { AccountRef } from "../domain/journal.js";

/**
 * The three sides a month-end reconciliation compares (issue 7), each reduced to journal lines keyed by
 * GL date, account and cost center. Amounts are signed minor units of the company currency (+ debit).
 * The account's business unit is the cost center (DESIGN.md §2: revenue-side lines take the rule's BU).
 *
 * Sign convention of every {@link Variance}: the sides form a chain, Shopify → connector → JDE entries
 * (F0911) → JDE balances (lines posted by R09801), and a variance's lines are what the LATER side holds
 * minus what the EARLIER side holds, per account, on the variance's G/L date. A negative debit is
 * therefore something the later side lacks: `missing_in_jde` and `awaiting_jde` carry the connector's
 * lines negated, `unposted_batch` the JDE document's lines negated (the balances lack them),
 * `not_posted_by_connector` the expected lines the connector lacks, negated; `posted_twice` and
 * `unknown_to_connector` carry the surplus JDE document's own lines.
 *
 * The variance lines therefore add up to the cells' differences, per account over the period:
 * Σ(connector − shopify) = Σ lines of `not_posted_by_connector` + `mapping_differs`;
 * Σ(jde − connector) = Σ lines of the connector ↔ JDE types; Σ jdeUnposted = −Σ `unposted_batch` lines.
 * `rejected_by_jde` carries no lines (cells leave rejected documents out, so the order's
 * `not_posted_by_connector` holds the amount), and `posted_on_another_date` only the connector date's
 * side (the JDE date's cell shows the document's lines; the explanation names that date).
 */

/** The dates a reconciliation covers (YYYY-MM-DD, both inclusive), e.g. a fiscal period's. */
export interface ReconcilePeriod {
  firstDate: string;
  lastDate: string;
  /** The operator's label (`2026/11`) for explanations; the dates are named when absent. */
  label?: string;
}

/** (a) What Shopify says, as the connector's mapping turns it into lines today. */
export interface ExpectedOrder {
  orderId: string;
  orderName: string;
  /**
   * Lines per GL date: the date the connector posted each event on, else the event's own shop day.
   * Only those dated in the period are compared.
   */
  documents: { glDate: string; eventIds: string[]; lines: ReconcileLine[] }[];
  /**
   * Financial events of the order dated in the period that the mapping could not turn into lines (one
   * sentence each, e.g. "no revenue account for SKU X"). Non-empty makes the order `not_posted_by_connector`
   * whatever the amounts say: its expected lines are incomplete.
   */
  problems: string[];
}

/** (b) A document the connector recorded (from the posting store). */
export interface ConnectorDocument {
  key: string;
  /** Summary documents: `summary:<glDate>` and their reference ("Shopify 2026-11-27"), as the store has them. */
  orderId: string;
  orderName: string;
  kind: "order" | "correction" | "summary";
  edtn: string;
  glDate: string;
  status: "pending" | "sent" | "accepted" | "staged" | "confirmed" | "rejected" | "unknown";
  /** JDE DOC and ICU once JDE answered. */
  documentNumber: string | null;
  batchNumber: string | null;
  eventIds: string[];
  lines: ReconcileLine[];
}

/** (c) One JDE journal document as F0911 holds it (ledger type AA), read through the data service. */
export interface JdeDocument {
  company: string;
  documentType: string;
  documentNumber: string;
  glDate: string; // YYYY-MM-DD
  batchNumber: string;
  /** Every line posted by R09801 (GLPOST 'P'); false when any line is unposted. */
  posted: boolean;
  /**
   * The reference field (VINV): the order name for the connector's documents, the summary reference for
   * summary documents. Compared without surrounding blanks (JDE's CHAR columns are blank-padded).
   */
  reference: string;
  explanation: string; // EXA of the first line
  lines: ReconcileLine[];
}

export interface ReconcileLine {
  account: AccountRef;
  amountMinor: bigint;
}

/** Why a cell or a document disagrees. */
export type VarianceType =
  /** JDE accepted the document (or the connector confirmed it), but F0911 has no such document: none with
   * its DOC, or, when the connector has no DOC, none with its reference, G/L date and lines. */
  | "missing_in_jde"
  /** JDE holds the document with other line amounts or accounts than the connector sent. */
  | "amount_mismatch"
  /** JDE holds the connector's document more than once (another DOC, same reference and lines). */
  | "posted_twice"
  /** JDE holds the document on a G/L date outside the period the connector posted it in (or the reverse). */
  | "posted_in_another_period"
  /** JDE holds the document on another G/L date of the same period: the period agrees, the days do not. */
  | "posted_on_another_date"
  /** JDE holds the document but its batch is not posted to the balances (GLPOST blank). */
  | "unposted_batch"
  /** A document in JDE, on the connector's company and document type, naming an order the connector
   * knows, that the connector never posted. */
  | "unknown_to_connector"
  /** Shopify has financial events dated in the period that the connector has not posted (parked, queued, or
   * never heard of). */
  | "not_posted_by_connector"
  /** The connector recorded the document but has no answer from JDE yet (pending, sent, staged, unknown);
   * JDE may already hold it (then named in `jdeDocuments`). */
  | "awaiting_jde"
  /** JDE refused the document. */
  | "rejected_by_jde"
  /** The connector posted other lines than Shopify's events map to today (a mapping was fixed: correct it).
   * Per order over the period; per day for summary tenants (then with no orders: the day's lines cannot be
   * split by order). */
  | "mapping_differs";

export interface Variance {
  type: VarianceType;
  /**
   * GL date of the difference, always inside the period: the connector's date; JDE's for documents only
   * JDE has, and for a document moved into the period.
   */
  glDate: string;
  /**
   * Signed difference per account, one line per account, zeros dropped, sorted by account: the later side
   * minus the earlier one (see the convention at the top of this file).
   */
  lines: ReconcileLine[];
  /** Summary documents have no order: `orderId` null and `orderName` their reference ("Shopify 2026-11-27"). */
  orders: { orderId: string | null; orderName: string }[];
  /** Connector document keys and JDE DOC numbers behind the variance. */
  connectorDocuments: string[];
  jdeDocuments: string[];
  /** One sentence a controller can act on. */
  explanation: string;
}

/**
 * One row of the comparison table: a GL date, an account (BU = cost center) and the three amounts.
 * `jdeMinor` counts only the JDE documents the reconciliation ties to the connector's orders (matched,
 * posted twice, unknown to the connector), so every difference in a cell is explained by a variance; the
 * company's own journal entries on the same accounts are counted, not summed.
 */
export interface ReconcileCell {
  glDate: string;
  account: AccountRef;
  shopifyMinor: bigint;
  connectorMinor: bigint;
  jdeMinor: bigint;
  /** The JDE amount still in unposted batches (included in `jdeMinor`). */
  jdeUnpostedMinor: bigint;
}
