/**
 * A journal document as the connector sends it to JD Edwards: one `EDTN`, lines that net to zero in
 * the company currency's minor units. Debits are positive, credits negative (JDE's sign convention).
 */
export interface JournalDocument {
  tenantId: string;
  orderId: string; // Shopify order GID
  orderName: string; // "#1042"
  glDate: string; // YYYY-MM-DD in the shop's timezone (after any closed-period roll)
  currency: string;
  decimals: number; // minor-unit exponent of the currency
  eventIds: string[]; // financial events this document posts (each exactly once)
  /** Events rolled out of a closed period: event id → the event's own (original) GL date. */
  originalGlDates?: Record<string, string>;
  lines: JournalLine[];
}

export interface JournalLine {
  account: AccountRef;
  amountMinor: bigint; // + debit, − credit
  kind: JournalLineKind; // why the line exists (audit, reconciliation)
  explanation: string; // EXR, ≤ 30 chars
  addressNumber?: string; // customer AN8, when linked
}

/** A JDE account `BU.OBJ[.SUB]`; `businessUnit` unpadded. */
export interface AccountRef {
  businessUnit: string;
  object: string;
  subsidiary: string; // "" when none
}

export type JournalLineKind =
  | "receivable"
  | "revenue"
  | "discount"
  | "returns"
  | "shipping"
  | "tax"
  | "channel-tax"
  | "gift-card-liability"
  | "store-credit"
  | "tip"
  | "duty"
  | "fee"
  | "refund-adjustment"
  | "deferred-revenue"
  | "clearing"
  | "rounding";

export function formatAccount(account: AccountRef): string {
  const base = `${account.businessUnit}.${account.object}`;
  return account.subsidiary ? `${base}.${account.subsidiary}` : base;
}

export function documentTotalMinor(document: Pick<JournalDocument, "lines">): bigint {
  return document.lines.reduce((sum, line) => sum + line.amountMinor, 0n);
}

export function isBalanced(document: Pick<JournalDocument, "lines">): boolean {
  return document.lines.length > 0 && documentTotalMinor(document) === 0n;
}

/** Guards every document that leaves the domain: JDE rejects an unbalanced one, and we never send it. */
export function assertBalanced(document: Pick<JournalDocument, "lines"> & { orderName?: string }): void {
  if (!isBalanced(document)) {
    throw new Error(
      `journal document for ${document.orderName ?? "?"} does not balance: total ${documentTotalMinor(document)} over ${document.lines.length} lines`,
    );
  }
}
