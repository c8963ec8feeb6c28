import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import { type AccountRef, formatAccount, isBalanced, type JournalDocument } from "../domain/journal.js";
import { mapOrderToJournalDocuments } from "./map-order-to-journal-documents.js";
import {
  type HistoryLedger,
  type OrderHistory,
  orderHistoryArbitrary,
  snapshotOf,
} from "./test-support/generate-order-history.js";
import { makePolicy } from "./test-support/make-policy.js";

const TIMEZONES = ["America/New_York", "UTC", "Asia/Tokyo", "Pacific/Kiritimati", "America/Los_Angeles"];

/** A read of the order: how many of its steps Shopify shows yet, whether it is delivered twice. */
const reads = fc.array(fc.record({ revealSeed: fc.nat(), shuffleSeed: fc.nat(), twice: fc.boolean() }), {
  minLength: 1,
  maxLength: 5,
});

interface Replay {
  documents: JournalDocument[];
  posted: Set<string>; // the simulated store: event ids recorded as posted or adopted
  firstReadDocuments: number;
}

/**
 * Reads the order as webhooks and sweeps would: snapshots with a growing number of its events, in
 * random order, some twice, the complete one somewhere among them. After every read the store
 * records what the documents post (and what was adopted), as the posting store does.
 */
function replayReads(
  history: OrderHistory,
  policy: AccountingPolicy,
  plan: { revealSeed: number; shuffleSeed: number; twice: boolean }[],
  completeAt: number,
): Replay {
  const all = history.steps.length;
  const snapshots = plan.flatMap(({ revealSeed, shuffleSeed, twice }) => {
    const snapshot = snapshotOf(history, 1 + (revealSeed % all), shuffleSeed);
    return twice ? [snapshot, snapshot] : [snapshot];
  });
  snapshots.splice(completeAt % (snapshots.length + 1), 0, snapshotOf(history, all, completeAt));

  const replay: Replay = { documents: [], posted: new Set(), firstReadDocuments: -1 };
  for (const order of snapshots) {
    const result = mapOrderToJournalDocuments({ order, policy, alreadyPosted: new Set(replay.posted) });
    if (!result.ok) throw new Error(`order did not map: ${JSON.stringify(result.problems)}`);
    if (replay.firstReadDocuments < 0) replay.firstReadDocuments = result.documents.length;
    for (const document of result.documents) {
      for (const eventId of document.eventIds) {
        expect(replay.posted.has(eventId), `event ${eventId} posted twice`).toBe(false);
        replay.posted.add(eventId);
      }
    }
    for (const eventId of result.adoptedEventIds) replay.posted.add(eventId);
    replay.documents.push(...result.documents);
  }
  return replay;
}

/**
 * What each account must hold after the whole history, from the generator's own books and the
 * policy's account map only (+ debit, − credit). Deliberately written without any mapping code.
 */
function expectedAccountTotals(ledger: HistoryLedger, policy: AccountingPolicy): Map<string, bigint> {
  const { accounts } = policy;
  const totals = new Map<string, bigint>();
  const post = (account: AccountRef | undefined, amount: bigint) => {
    if (!account) throw new Error("the demo policy maps every account the generator uses");
    const key = formatAccount(account);
    totals.set(key, (totals.get(key) ?? 0n) + amount);
  };
  const gross = policy.discounts === "gross";
  const productDiscounts = ledger.discounts - ledger.returnDiscounts;
  const shippingDiscounts = ledger.shippingDiscounts - ledger.shippingRefundDiscounts;

  post(accounts.revenue, -(gross ? ledger.grossSales : ledger.grossSales - ledger.discounts));
  post(accounts.returns, gross ? ledger.returnsGross : ledger.returnsGross - ledger.returnDiscounts);
  if (gross) post(accounts.discounts, productDiscounts + shippingDiscounts);
  post(
    accounts.shipping,
    gross
      ? ledger.shippingRefundsGross - ledger.shippingGross
      : -(ledger.shippingGross - ledger.shippingDiscounts) +
          (ledger.shippingRefundsGross - ledger.shippingRefundDiscounts),
  );
  for (const tax of ledger.taxes) {
    const account = tax.channelLiable
      ? accounts.channelTax
      : (accounts.taxPayable[tax.title] ?? accounts.taxPayable.default);
    post(account, -tax.amountMinor);
  }
  post(accounts.giftCardLiability, -ledger.giftCardSales);
  post(accounts.tips, -ledger.tips);
  post(accounts.duties, -ledger.duties);

  let received = 0n;
  for (const [gateway, amount] of Object.entries(ledger.paymentsByGateway)) {
    const refunded = ledger.refundsByGateway[gateway] ?? 0n;
    const account =
      gateway === "gift_card"
        ? accounts.giftCardLiability
        : (accounts.clearing[gateway] ?? accounts.clearing.default);
    post(account, amount - refunded);
    received += amount - refunded;
  }
  post(accounts.receivable, ledger.customerCharges - received);
  return withoutZeros(totals);
}

function postedAccountTotals(documents: readonly JournalDocument[]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const line of documents.flatMap((document) => document.lines)) {
    const key = formatAccount(line.account);
    totals.set(key, (totals.get(key) ?? 0n) + line.amountMinor);
  }
  return withoutZeros(totals);
}

function withoutZeros(totals: Map<string, bigint>): Map<string, bigint> {
  return new Map([...totals].filter(([, amount]) => amount !== 0n).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function policyFor(
  history: OrderHistory,
  discounts: "gross" | "net",
  timezone: string,
  firstOpenDate: string | null = null,
): AccountingPolicy {
  const openPeriod = firstOpenDate === null ? null : { firstOpenDate, lastOpenDate: null };
  return makePolicy({
    currency: history.currency,
    decimals: history.decimals,
    discounts,
    timezone,
    openPeriod,
  });
}

/** JDE's first open date, somewhere in the generator's time span (or no window at all). */
const firstOpenDate = fc.option(
  fc
    .integer({ min: 0, max: 75 })
    .map((days) => new Date(Date.UTC(2026, 0, 5 + days)).toISOString().slice(0, 10)),
);

describe("mapOrderToJournalDocuments — order histories read out of order", () => {
  it("the generator's own books balance (sanity check of the expected figures)", () => {
    fc.assert(
      fc.property(orderHistoryArbitrary(), fc.constantFrom("gross", "net" as const), (history, discounts) => {
        const expected = expectedAccountTotals(history.ledger, policyFor(history, discounts, "UTC"));
        expect([...expected.values()].reduce((sum, amount) => sum + amount, 0n)).toBe(0n);
      }),
      { numRuns: 200 },
    );
  });

  it("posts every event once, balanced, with per-account totals equal to the generator's books", () => {
    fc.assert(
      fc.property(
        orderHistoryArbitrary(),
        fc.constantFrom("gross", "net" as const),
        fc.constantFrom(...TIMEZONES),
        firstOpenDate,
        reads,
        fc.nat(),
        (history, discounts, timezone, openFrom, plan, completeAt) => {
          const policy = policyFor(history, discounts, timezone, openFrom);
          const replay = replayReads(history, policy, plan, completeAt);

          for (const document of replay.documents) {
            expect(isBalanced(document)).toBe(true);
            // A closed period moves the date, never the amounts (checked by the totals below).
            if (openFrom !== null) expect(document.glDate >= openFrom).toBe(true);
          }
          expect(replay.firstReadDocuments).toBeGreaterThan(0);
          expect(postedAccountTotals(replay.documents)).toEqual(
            expectedAccountTotals(history.ledger, policy),
          );

          const everything = snapshotOf(history, history.steps.length);
          const replayed = mapOrderToJournalDocuments({
            order: everything,
            policy,
            alreadyPosted: replay.posted,
          });
          if (!replayed.ok) throw new Error(JSON.stringify(replayed.problems));
          expect(replayed.documents).toEqual([]);
          // Every event is posted, or (a return of a 1-yen unit…) comes to zero and is reported skipped.
          const accounted = new Set([...replay.posted, ...replayed.skipped.map((skip) => skip.eventId)]);
          expect(accounted).toEqual(
            new Set([
              ...everything.salesEvents.map((event) => event.id),
              ...everything.paymentEvents.map((payment) => payment.id),
            ]),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
