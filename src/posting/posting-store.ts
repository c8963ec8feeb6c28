import type { JournalLine } from "../domain/journal.js";

/**
 * The exactly-once ledger of DESIGN.md §2: which financial events are posted, in which document, and
 * what JDE answered. An event id is recorded once per tenant; a replay, re-read, duplicate or sweep
 * finds nothing new to post. Documents of an order are numbered by a per-order sequence.
 */
export interface PostingStore {
  /** Event ids of the order already recorded (posted or adopted). */
  postedEventIds(tenantId: string, orderId: string): Promise<Set<string>>;
  /**
   * In ONE transaction: reserves the order's next sequences, inserts the documents (status "pending")
   * and maps each of their event ids to the document. A document whose events are all recorded
   * already is skipped ("already-posted"); one that mixes new and recorded events is refused
   * ("partially-posted") — the caller must rebuild it. Nothing is ever recorded twice.
   */
  recordDocuments(request: RecordDocumentsRequest): Promise<RecordDocumentsResult>;
  /** Records events before `accountingStartDate` as posted elsewhere ("adopted"); returns the new ones. */
  recordAdoptedEvents(request: AdoptEventsRequest): Promise<string[]>;
  /** Pending documents, oldest order first and each order's documents in sequence. */
  pendingDocuments(tenantId: string, limit: number): Promise<PostingDocument[]>;
  /** Marks pending (or unknown, before a re-send) documents as sent in `batchId`; returns how many. */
  markSent(keys: string[], batchId: string, options?: { now?: Date }): Promise<number>;
  /** Records JDE's answer for one document. False when the key is unknown. */
  markOutcome(key: string, outcome: DocumentOutcome, options?: { now?: Date }): Promise<boolean>;
  documentsAwaiting(tenantId: string, statuses: DocumentStatus[]): Promise<PostingDocument[]>;
  getDocument(key: string): Promise<PostingDocument | undefined>;
  listDocuments(filter: { tenantId: string; orderId?: string }): Promise<PostingDocument[]>;
  /** Number of documents per status (every status present, zero when none). */
  countDocuments(filter?: { tenantId?: string }): Promise<Record<DocumentStatus, number>>;
  /**
   * The customer AN8 an order is posted to: the one on the receivable lines of its earliest recorded
   * document that carries one (documents recorded before customers were configured carry none). Null
   * when the order has no such document. Every later document of the order keeps this AN8, so the
   * order's receivable sits on one customer in JDE and nets off there (docs/customers.md §5).
   */
  orderAddressNumber(tenantId: string, orderId: string): Promise<string | null>;
  /** Order ids whose documents carry this order name ("#1042"), for operator commands. */
  orderIdsByName(tenantId: string, orderName: string): Promise<string[]>;
  /**
   * Records a correction (DESIGN.md §2) as the order's next document, with no events of its own. Refused
   * ("stale") when the order got another document since the caller read `basedOnSequence`: the correction
   * was computed from what was posted then, and recording it now could post a difference twice.
   */
  recordCorrection(request: RecordCorrectionRequest): Promise<RecordCorrectionResult>;
  /**
   * The documents JDE numbered with these DOCs (`documentNumber`), every kind and status, by order and
   * sequence. Several documents may carry one DOC (JDE numbers per company and document type).
   */
  documentsByNumber(tenantId: string, documentNumbers: string[]): Promise<PostingDocument[]>;
  /**
   * Every document (every kind and status) whose GL date lies in `firstDate`…`lastDate` (ISO dates,
   * both included), ordered by GL date, order id and sequence — a reconciliation reads a month with it.
   */
  documentsInGlDateRange(tenantId: string, firstDate: string, lastDate: string): Promise<PostingDocument[]>;
  /** Every document of these orders, by order id and each order's in sequence. */
  documentsOfOrders(tenantId: string, orderIds: string[]): Promise<PostingDocument[]>;
  /** The order's financial events as recorded in the ledger, oldest first. */
  recordedEvents(tenantId: string, orderId: string): Promise<RecordedEvent[]>;
  /**
   * The ledger's events of these orders, or these events, each with its order, by order id and event id.
   * Reconciliation finds through it which orders a summary document holds, and where they were summarized.
   */
  recordedEventsOf(
    tenantId: string,
    by: { orderIds: string[] } | { eventIds: string[] },
  ): Promise<(RecordedEvent & { orderId: string })[]>;
  /**
   * Replays a `rejected` document (`ml-connector replay`): puts it back to `unknown`, its errors and any
   * JDE numbers cleared, its batch id (EDBT) and its events kept. False unless the document was `rejected`.
   *
   * Why `unknown` and not `pending`: a rejection does not prove JDE holds nothing. A document rejected
   * after staging (`MLC_JDE_BATCH_UNPROCESSED`, a rejection read back from F0911Z1) may still have rows
   * at EDSP '0' that a later R09110Z run posts, or that someone fixed in P0911Z1 and posted. As `unknown`
   * the batch sender looks it up first (DESIGN.md §2): found in the ledger → confirmed, never re-sent;
   * still staged → it waits (or is rejected again, the rows still in error); absent → re-sent with the
   * same EDTN and its first EDBT, so a late commit of the old rows is refused by the F0911Z1 key.
   */
  requeueRejected(key: string, options?: { now?: Date }): Promise<boolean>;
}

/** An event id in the ledger: posted in a document, adopted (booked before the connector), or summarized. */
export interface RecordedEvent {
  eventId: string;
  status: "posted" | "adopted" | "summarized";
  /** The document that carries it; null when adopted, or summarized into a day not closed yet. */
  documentKey: string | null;
  recordedAt: Date;
}

/** Why a document exists: an order's events, an operator's correction, or a day's summary. */
export type DocumentKind = "order" | "correction" | "summary";

export interface RecordCorrectionRequest {
  tenantId: string;
  orderId: string;
  orderName: string;
  glDate: string;
  currency: string;
  decimals: number;
  lines: JournalLine[];
  reason: string;
  requestedBy: string;
  /** The order's highest document sequence the correction was computed from (0 when none). */
  basedOnSequence: number;
  edtnForSequence: (sequence: number) => string;
  now?: Date;
}

export type RecordCorrectionResult =
  | { ok: true; document: PostingDocument }
  | { ok: false; reason: "stale"; lastSequence: number };

export type DocumentStatus =
  | "pending"
  | "sent"
  | "accepted"
  | "staged"
  | "confirmed"
  | "rejected"
  | "unknown";

export interface NewPostingDocument {
  glDate: string; // YYYY-MM-DD
  currency: string;
  decimals: number;
  lines: JournalLine[];
  eventIds: string[];
}

export interface RecordDocumentsRequest {
  tenantId: string;
  orderId: string;
  orderName: string;
  documents: NewPostingDocument[];
  /** Builds the JDE `EDTN` (≤ 22 chars) from the reserved per-order sequence (1, 2, 3…). */
  edtnForSequence: (sequence: number) => string;
  now?: Date;
}

export interface RecordDocumentsResult {
  recorded: PostingDocument[];
  skipped: { eventIds: string[]; reason: "already-posted" | "partially-posted" }[];
}

export interface AdoptEventsRequest {
  tenantId: string;
  orderId: string;
  eventIds: string[];
  now?: Date;
}

export interface PostingDocument {
  /** Opaque, unique across tenants: `${tenantId}/${edtn}`. */
  key: string;
  tenantId: string;
  orderId: string;
  orderName: string;
  sequence: number;
  edtn: string;
  kind: DocumentKind;
  /** Corrections: the operator's reason and who asked; null otherwise. */
  reason: string | null;
  requestedBy: string | null;
  glDate: string;
  currency: string;
  decimals: number;
  lines: JournalLine[];
  eventIds: string[];
  status: DocumentStatus;
  batchId: string | null;
  documentNumber: string | null; // JDE DOC
  batchNumber: string | null; // JDE ICU
  errors: DocumentError[];
  createdAt: Date;
  updatedAt: Date;
}

export interface DocumentOutcome {
  status: "accepted" | "staged" | "confirmed" | "rejected" | "unknown";
  documentNumber?: string;
  batchNumber?: string;
  errors?: DocumentError[];
}

export interface DocumentError {
  code: string;
  description: string;
}
