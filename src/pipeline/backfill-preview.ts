import type { AccountingPolicy } from "../domain/accounting-policy.js";
import { type AccountRef, formatAccount, type JournalDocument } from "../domain/journal.js";
import { mapOrderToJournalDocuments, type SkippedEvent } from "../mapping/map-order-to-journal-documents.js";
import type { PostingStore } from "../posting/posting-store.js";
import type { OrderSource } from "./order-source.js";
import { invalidAccounts, parkCodeFor } from "./order-sync-job.js";

/** One account's side of a document: debits and credits kept apart, as positive minor units. */
export interface AccountTotal {
  account: string;
  debitMinor: bigint;
  creditMinor: bigint;
}

export interface DocumentPreview {
  glDate: string;
  currency: string;
  decimals: number;
  eventIds: string[];
  accounts: AccountTotal[];
}

/**
 * What the order's sync job would do now:
 * - `post`: record `documents` (in `summary: daily` mode: contributions to their days' summaries);
 * - `nothing-new`: every event is posted, adopted or skipped already;
 * - `park`: the job would park the order with `parkCode` for `problems`;
 * - `not-found`: Shopify has no such order (any more).
 * `adoptedEventIds` (dated before accountingStartDate) would be recorded as adopted, never sent.
 */
export interface OrderPreview {
  orderId: string;
  orderName: string | null;
  outcome: "post" | "nothing-new" | "park" | "not-found";
  documents: DocumentPreview[];
  adoptedEventIds: string[];
  /** Events recorded by an earlier run (posted or adopted). */
  alreadyPostedEventIds: string[];
  skipped: SkippedEvent[];
  parkCode: string | null;
  problems: string[];
}

/**
 * The dry run of a backfill: reads each order and maps it exactly as the order-sync job would (same
 * policy, same already-posted events, same JDE account check), and returns what it would record.
 * Writes nothing.
 */
export function createBackfillPreview(deps: {
  tenantId: string;
  orders: Pick<OrderSource, "fetchOrder">;
  posting: Pick<PostingStore, "postedEventIds">;
  policy: AccountingPolicy;
  accountCheck?: (account: AccountRef) => string | null;
}) {
  return { previewOrder };

  async function previewOrder(orderId: string): Promise<OrderPreview> {
    const empty = {
      documents: [],
      adoptedEventIds: [],
      alreadyPostedEventIds: [],
      skipped: [],
      problems: [],
    };
    const order = await deps.orders.fetchOrder(orderId);
    if (!order) return { orderId, orderName: null, outcome: "not-found", parkCode: null, ...empty };
    const alreadyPosted = await deps.posting.postedEventIds(deps.tenantId, orderId);
    const base = { orderId, orderName: order.name, alreadyPostedEventIds: [...alreadyPosted].sort() };
    const mapped = mapOrderToJournalDocuments({ order, policy: deps.policy, alreadyPosted });
    if (!mapped.ok)
      return {
        ...empty,
        ...base,
        outcome: "park",
        parkCode: parkCodeFor(mapped.problems),
        problems: mapped.problems.map((p) => p.message),
      };
    const accountProblems = deps.accountCheck ? invalidAccounts(mapped.documents, deps.accountCheck) : [];
    return {
      ...base,
      // The job adopts before it checks accounts: an order parked for an account still adopts.
      adoptedEventIds: mapped.adoptedEventIds,
      skipped: mapped.skipped,
      documents: mapped.documents.map(previewDocument),
      ...(accountProblems.length > 0
        ? { outcome: "park", parkCode: "MLC_JDE_ACCOUNT_INVALID", problems: accountProblems }
        : { outcome: mapped.documents.length > 0 ? "post" : "nothing-new", parkCode: null, problems: [] }),
    };
  }
}

/** A document's lines as debit and credit totals per account, in the order the accounts first appear. */
export function previewDocument(
  document: Pick<JournalDocument, "glDate" | "currency" | "decimals" | "eventIds" | "lines">,
): DocumentPreview {
  const totals = new Map<string, AccountTotal>();
  for (const line of document.lines) addToTotals(totals, formatAccount(line.account), line.amountMinor);
  return {
    glDate: document.glDate,
    currency: document.currency,
    decimals: document.decimals,
    eventIds: [...document.eventIds],
    accounts: [...totals.values()],
  };
}

export interface PreviewSummary {
  orders: number;
  ordersToPost: number;
  ordersNothingNew: number;
  ordersParked: number;
  ordersNotFound: number;
  documents: number;
  eventsToPost: number;
  eventsToAdopt: number;
  eventsAlreadyPosted: number;
  /** Parked orders per park code. */
  parkCodes: Record<string, number>;
  /** The documents' currency and its minor-unit exponent (null when nothing would be posted). */
  currency: string | null;
  decimals: number | null;
  /** Debits and credits per account over every document, sorted by account. */
  accounts: AccountTotal[];
}

/**
 * Adds up order previews in constant memory (counts and one total per account, never the orders), so
 * a dry run over 100,000 orders ends with a summary as cheaply as one over ten.
 */
export function createPreviewTally() {
  const summary: Omit<PreviewSummary, "accounts"> = {
    orders: 0,
    ordersToPost: 0,
    ordersNothingNew: 0,
    ordersParked: 0,
    ordersNotFound: 0,
    documents: 0,
    eventsToPost: 0,
    eventsToAdopt: 0,
    eventsAlreadyPosted: 0,
    parkCodes: {},
    currency: null,
    decimals: null,
  };
  const totals = new Map<string, AccountTotal>();
  return { add, result };

  function add(preview: OrderPreview): void {
    summary.orders++;
    summary.eventsToAdopt += preview.adoptedEventIds.length;
    summary.eventsAlreadyPosted += preview.alreadyPostedEventIds.length;
    switch (preview.outcome) {
      case "not-found":
        summary.ordersNotFound++;
        return;
      case "nothing-new":
        summary.ordersNothingNew++;
        return;
      case "park":
        summary.ordersParked++;
        if (preview.parkCode)
          summary.parkCodes[preview.parkCode] = (summary.parkCodes[preview.parkCode] ?? 0) + 1;
        return;
      case "post":
        summary.ordersToPost++;
        summary.documents += preview.documents.length;
        for (const document of preview.documents) {
          summary.currency ??= document.currency;
          summary.decimals ??= document.decimals;
          summary.eventsToPost += document.eventIds.length;
          for (const total of document.accounts) {
            addToTotals(totals, total.account, total.debitMinor);
            addToTotals(totals, total.account, -total.creditMinor);
          }
        }
    }
  }

  function result(): PreviewSummary {
    const accounts = [...totals.values()].sort((a, b) =>
      a.account < b.account ? -1 : a.account > b.account ? 1 : 0,
    );
    return { ...summary, parkCodes: { ...summary.parkCodes }, accounts };
  }
}

function addToTotals(totals: Map<string, AccountTotal>, account: string, amountMinor: bigint): void {
  let total = totals.get(account);
  if (!total) {
    total = { account, debitMinor: 0n, creditMinor: 0n };
    totals.set(account, total);
  }
  if (amountMinor >= 0n) total.debitMinor += amountMinor;
  else total.creditMinor -= amountMinor;
}
