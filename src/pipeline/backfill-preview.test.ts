import { describe, expect, it } from "vitest";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { AccountRef, JournalLine } from "../domain/journal.js";
import type { OrderSnapshot } from "../domain/order.js";
import { makeOrder, makePayment, makeSale, makeSalesEvent } from "../mapping/test-support/make-order.js";
import { makePolicy } from "../mapping/test-support/make-policy.js";
import {
  createBackfillPreview,
  createPreviewTally,
  type OrderPreview,
  previewDocument,
} from "./backfill-preview.js";

const SALE = "gid://shopify/OrderAgreement/1";
const PAYMENT = "gid://shopify/OrderTransaction/1";

/** A 100.00 sale on 27 November (New York) paid the next day: two documents. */
const order: OrderSnapshot = makeOrder({
  id: "gid://shopify/Order/1",
  name: "#1",
  salesEvents: [
    makeSalesEvent({
      id: SALE,
      happenedAt: "2026-11-27T15:00:00Z",
      sales: [makeSale({ totalAmountMinor: 10_000n })],
    }),
  ],
  paymentEvents: [makePayment({ id: PAYMENT, processedAt: "2026-11-28T15:00:00Z", amountMinor: 10_000n })],
});

function preview(
  options: {
    policy?: AccountingPolicy;
    posted?: string[];
    accountCheck?: (account: AccountRef) => string | null;
    found?: OrderSnapshot | null;
  } = {},
) {
  const found = options.found === undefined ? order : options.found;
  return createBackfillPreview({
    tenantId: "acme",
    orders: { fetchOrder: async (id) => (found && id === found.id ? found : null) },
    posting: { postedEventIds: async () => new Set(options.posted ?? []) },
    policy: options.policy ?? makePolicy(),
    ...(options.accountCheck ? { accountCheck: options.accountCheck } : {}),
  }).previewOrder(order.id);
}

describe("backfill preview", () => {
  it("shows each document the order would post with debit and credit totals per account", async () => {
    expect(await preview()).toEqual({
      orderId: order.id,
      orderName: "#1",
      outcome: "post",
      documents: [
        {
          glDate: "2026-11-27",
          currency: "USD",
          decimals: 2,
          eventIds: [SALE],
          accounts: [
            { account: "100.4100", debitMinor: 0n, creditMinor: 10_000n },
            { account: "100.1130", debitMinor: 10_000n, creditMinor: 0n },
          ],
        },
        {
          glDate: "2026-11-28",
          currency: "USD",
          decimals: 2,
          eventIds: [PAYMENT],
          accounts: [
            { account: "100.1115", debitMinor: 10_000n, creditMinor: 0n },
            { account: "100.1130", debitMinor: 0n, creditMinor: 10_000n },
          ],
        },
      ],
      adoptedEventIds: [],
      alreadyPostedEventIds: [],
      skipped: [],
      parkCode: null,
      problems: [],
    });
  });

  it("adopts the events dated before accountingStartDate instead of posting them", async () => {
    const result = await preview({ policy: makePolicy({ accountingStartDate: "2026-11-28" }) });
    expect(result).toMatchObject({ outcome: "post", adoptedEventIds: [SALE] });
    expect(result.documents.map((d) => d.eventIds)).toEqual([[PAYMENT]]);
  });

  it("has nothing new to post when every event was posted or adopted before", async () => {
    expect(await preview({ posted: [PAYMENT, SALE] })).toMatchObject({
      outcome: "nothing-new",
      documents: [],
      alreadyPostedEventIds: [PAYMENT, SALE].sort(),
    });
  });

  it("would park with the job's code when JDE refuses an account, and still adopt", async () => {
    const result = await preview({
      policy: makePolicy({ accountingStartDate: "2026-11-28" }),
      accountCheck: (a) =>
        a.object === "1115" ? "account 100.1115 does not exist in JDE company 00100" : null,
    });
    expect(result).toMatchObject({
      outcome: "park",
      parkCode: "MLC_JDE_ACCOUNT_INVALID",
      problems: ["account 100.1115 does not exist in JDE company 00100"],
      adoptedEventIds: [SALE],
    });
  });

  it("would park an order the mapping refuses", async () => {
    expect(await preview({ policy: makePolicy({ currency: "EUR" }) })).toMatchObject({
      outcome: "park",
      parkCode: "MLC_CURRENCY_MISMATCH",
      documents: [],
    });
  });

  it("reports an order Shopify no longer has", async () => {
    expect(await preview({ found: null })).toMatchObject({ outcome: "not-found", orderName: null });
  });

  it("keeps debits and credits of one account apart", () => {
    const line = (amountMinor: bigint): JournalLine => ({
      account: { businessUnit: "100", object: "1130", subsidiary: "" },
      amountMinor,
      kind: "receivable",
      explanation: "",
    });
    const document = {
      glDate: "2026-11-27",
      currency: "USD",
      decimals: 2,
      eventIds: [],
      lines: [line(5n), line(-3n), line(2n)],
    };
    expect(previewDocument(document).accounts).toEqual([
      { account: "100.1130", debitMinor: 7n, creditMinor: 3n },
    ]);
  });
});

describe("preview tally", () => {
  it("adds up outcomes, events and account totals without keeping the orders", async () => {
    const tally = createPreviewTally();
    const previews: OrderPreview[] = [
      await preview(),
      await preview({ policy: makePolicy({ accountingStartDate: "2026-11-28" }) }),
      await preview({ posted: [SALE, PAYMENT] }),
      await preview({ policy: makePolicy({ currency: "EUR" }) }),
      await preview({ found: null }),
    ];
    for (const p of previews) tally.add(p);
    expect(tally.result()).toEqual({
      orders: 5,
      ordersToPost: 2,
      ordersNothingNew: 1,
      ordersParked: 1,
      ordersNotFound: 1,
      documents: 3,
      eventsToPost: 3,
      eventsToAdopt: 1,
      eventsAlreadyPosted: 2,
      parkCodes: { MLC_CURRENCY_MISMATCH: 1 },
      currency: "USD",
      decimals: 2,
      accounts: [
        { account: "100.1115", debitMinor: 20_000n, creditMinor: 0n },
        { account: "100.1130", debitMinor: 10_000n, creditMinor: 20_000n },
        { account: "100.4100", debitMinor: 0n, creditMinor: 10_000n },
      ],
    });
  });
});
