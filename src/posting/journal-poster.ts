import type { JournalDocument } from "../domain/journal.js";

/**
 * The port through which documents reach JD Edwards: AIS orchestration (v3 Generic or v2 JDE
 * Standard) or a direct F0911Z1 insert. Implementations live in src/jde/.
 */
export interface JournalPoster {
  /** A name for logs and `connect test` ("orchestration v3 MLC_JournalEntryBatch"). */
  readonly description: string;
  /** Sends one batch (`EDBT` = batchId) in one call; returns one outcome per document, in any order. */
  postBatch(batch: JournalBatch): Promise<DocumentOutcome[]>;
  /**
   * Reads back what JDE holds for these keys (F0911Z1 by EDUS+EDTN across batches, F0911 by the
   * reference field). Used to confirm staged documents and before re-sending an unknown outcome.
   */
  lookup(documents: KeyedDocument[]): Promise<DocumentOutcome[]>;
  /** JDE's state of these batches (F0011 approval, posted or not), for reconciliation. */
  batchStates(batchNumbers: readonly number[]): Promise<JdeBatchState[]>;
}

export interface JdeBatchState {
  batchNumber: number; // ICU
  status: string; // F0011 ICIST as JDE holds it
  approved: boolean;
  posted: boolean;
  documents: number; // ICNDO
}

export interface JournalBatch {
  batchId: string; // EDBT, ≤ 15 chars
  documents: KeyedDocument[];
}

export interface KeyedDocument {
  ediUser: string; // EDUS, ≤ 10 chars
  transactionNumber: string; // EDTN, ≤ 22 chars, deterministic per order and sequence
  reference: string; // the reference field (VINV by default): the Shopify order name or id
  explanation: string; // EXA, ≤ 30 chars ("Shopify #1042")
  company: string; // KCO
  documentType: string; // DCT, "JE"
  document: JournalDocument;
  /**
   * JDE document numbers (DOC) already confirmed for other documents of the same order: a ledger
   * look-up must never match these, or a missing twin (same date and amounts) would pass for posted.
   */
  confirmedTwins?: readonly number[];
}

export type DocumentStatus = "accepted" | "staged" | "rejected" | "not-found";

export interface DocumentOutcome {
  transactionNumber: string;
  status: DocumentStatus;
  documentNumber?: number; // JDE DOC once known
  batchNumber?: number; // JDE ICU once known
  errors?: { code: string; description: string }[];
}
