import type { JournalLine } from "../domain/journal.js";
import type { PostingDocument } from "./posting-store.js";

/**
 * Summary mode's ledger (DESIGN.md §2 "Summary mode"): each order's mapped lines are recorded as
 * contributions to their GL day, and each event id is still recorded once (status "summarized") in the
 * same event ledger as documents. Closing a day turns its open contributions into one document.
 */
export interface SummaryStore {
  /**
   * In ONE transaction: records the contributions and maps each event id to the tenant's ledger. Like
   * `PostingStore.recordDocuments`, a contribution whose events are all recorded is skipped
   * ("already-posted"), one that mixes new and recorded events is refused ("partially-posted").
   */
  recordContributions(request: RecordContributionsRequest): Promise<RecordContributionsResult>;
  /** Contributions not taken by a close yet, oldest day first. */
  openContributions(tenantId: string): Promise<SummaryContribution[]>;
  /**
   * In ONE transaction: records the day's next summary document (none when `lines` is empty: the
   * contributions netted to zero) and marks the contributions closed in it; their events then point to
   * the document. "already-closed" when any of them was closed meanwhile (nothing is recorded).
   */
  closeSummary(request: CloseSummaryRequest): Promise<CloseSummaryResult>;
  listContributions(filter: { tenantId: string; orderId?: string }): Promise<SummaryContribution[]>;
}

export interface NewContribution {
  glDate: string;
  currency: string;
  decimals: number;
  lines: JournalLine[];
  eventIds: string[];
}

export interface RecordContributionsRequest {
  tenantId: string;
  orderId: string;
  orderName: string;
  contributions: NewContribution[];
  now?: Date;
}

export interface RecordContributionsResult {
  recorded: SummaryContribution[];
  skipped: { eventIds: string[]; reason: "already-posted" | "partially-posted" }[];
}

export interface SummaryContribution extends NewContribution {
  id: string;
  tenantId: string;
  orderId: string;
  orderName: string;
  /** The summary document that took it; null while open, or when its day's close netted to zero. */
  documentKey: string | null;
  recordedAt: Date;
  closedAt: Date | null;
}

export interface CloseSummaryRequest {
  tenantId: string;
  glDate: string;
  currency: string;
  decimals: number;
  /** Merged lines, already balanced; empty when the contributions net to zero. */
  lines: JournalLine[];
  contributionIds: string[];
  /** The document's reference (VINV ≤ 25), e.g. "Shopify 2026-11-27". */
  reference: string;
  /** EDTN of the day's n-th summary document (1 = the close, 2… = supplements). */
  edtnForSequence: (sequence: number) => string;
  now?: Date;
}

export type CloseSummaryResult =
  | { ok: true; document: PostingDocument | null }
  | { ok: false; reason: "already-closed" };
