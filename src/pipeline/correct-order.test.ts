import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import type { OrderSnapshot } from "../domain/order.js";
import type { Clock } from "../lib/clock.js";
import { mapOrderToJournalDocuments } from "../mapping/map-order-to-journal-documents.js";
import { makeOrder, makePayment, makeSale, makeSalesEvent } from "../mapping/test-support/make-order.js";
import { makePolicy } from "../mapping/test-support/make-policy.js";
import { transactionNumberFor } from "../posting/transaction-number.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { createOrderCorrector } from "./correct-order.js";
import type { OrderSource } from "./order-source.js";

const ORDER_ID = "gid://shopify/Order/5934123456789";
const renoOrder = (withRefund = false): OrderSnapshot =>
  makeOrder({
    id: ORDER_ID,
    name: "#1042",
    retailLocationName: "Reno DC",
    salesEvents: [
      makeSalesEvent({
        id: "gid://shopify/OrderAgreement/1",
        happenedAt: "2026-11-20T15:00:00Z",
        sales: [makeSale({ totalAmountMinor: 10_000n })],
      }),
    ],
    paymentEvents: [
      makePayment({
        id: "gid://shopify/OrderTransaction/1",
        processedAt: "2026-11-20T15:00:00Z",
        amountMinor: 10_000n,
      }),
      ...(withRefund
        ? [
            makePayment({
              id: "gid://shopify/OrderTransaction/2",
              kind: "REFUND" as const,
              processedAt: "2026-11-21T15:00:00Z",
              amountMinor: 1_000n,
            }),
          ]
        : []),
    ],
  });
/** Payment on delivery, posted with its receivable on customer 6100. */
const UNPAID_ID = "gid://shopify/Order/5934123456790";
const unpaidRenoOrder = (): OrderSnapshot => {
  const reno = renoOrder();
  // Event ids are unique per tenant: its own agreement, or the ledger takes it for #1042's.
  const salesEvents = reno.salesEvents.map((e) => ({ ...e, id: "gid://shopify/OrderAgreement/2" }));
  return { ...reno, id: UNPAID_ID, name: "#1043", salesEvents, paymentEvents: [] };
};
const oldRules = makePolicy();
const newRules = makePolicy({ rules: [{ match: { location: "Reno DC" }, costCenter: "140" }] });

describe("correcting an order", () => {
  let store: Store;
  let policy: AccountingPolicy;
  let order: OrderSnapshot;
  const clock: Clock = { now: () => new Date("2026-12-03T18:00:00Z"), sleep: async () => {} };
  const orders: OrderSource = {
    fetchOrder: async (id) => (id === ORDER_ID ? order : id === UNPAID_ID ? unpaidRenoOrder() : null),
    listUpdatedOrderIds: async () => ({ orderIds: [], nextCursor: null }),
  };
  const corrector = () =>
    createOrderCorrector({
      tenant: (id) => (id === "acme" ? { orders, policy: () => policy } : undefined),
      posting: store.posting,
      audit: store.audit,
      clock,
    });
  const request = { tenantId: "acme", order: "#1042", reason: "Reno DC is BU 140", requestedBy: "ops" };

  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock });
    await store.migrate();
    order = renoOrder();
    const mapped = mapOrderToJournalDocuments({ order, policy: oldRules, alreadyPosted: new Set() });
    if (!mapped.ok) throw new Error("fixture does not map");
    await store.posting.recordDocuments({
      tenantId: "acme",
      orderId: ORDER_ID,
      orderName: "#1042",
      documents: mapped.documents,
      edtnForSequence: (sequence) => transactionNumberFor(ORDER_ID, sequence),
    });
    policy = newRules;
  });
  afterEach(async () => store.close());

  it("previews the difference on the correction date without recording it (dry run)", async () => {
    const outcome = await corrector().correctOrder({ ...request, dryRun: true });
    expect(outcome).toMatchObject({ type: "preview", glDate: "2026-12-03", orderId: ORDER_ID });
    if (outcome.type !== "preview") return;
    expect(outcome.lines.map((l) => [l.account.businessUnit, l.account.object, l.amountMinor])).toEqual([
      ["100", "4100", 10_000n],
      ["140", "4100", -10_000n],
    ]);
    expect(await store.posting.listDocuments({ tenantId: "acme", orderId: ORDER_ID })).toHaveLength(1);
  });

  it("records the correction as the order's next document, with reason and audit", async () => {
    const outcome = await corrector().correctOrder({ ...request, dryRun: false });
    expect(outcome).toMatchObject({
      type: "recorded",
      document: { sequence: 2, kind: "correction", reason: "Reno DC is BU 140", requestedBy: "ops" },
    });
    const trail = await store.audit.listByOrder("acme", ORDER_ID);
    expect(trail.at(-1)).toMatchObject({
      step: "correction.recorded",
      detail: { reason: "Reno DC is BU 140", requestedBy: "ops", ruleVersion: expect.stringMatching(/\S/) },
    });
    // The version names rules the lineage holds: their definition is recorded once per tenant.
    const { ruleVersion } = trail.at(-1)!.detail as { ruleVersion: string };
    const versions = await store.audit.query({ tenantId: "acme", step: "rules.version", limit: 10 });
    expect(versions.map((entry) => entry.detail.ruleVersion)).toContain(ruleVersion);
    expect(await corrector().correctOrder({ ...request, dryRun: false })).toMatchObject({
      type: "nothing-to-correct",
    });
  });

  it("keeps the receivable on the customer of the documents it corrects", async () => {
    const mapped = mapOrderToJournalDocuments({
      order: unpaidRenoOrder(),
      policy: oldRules,
      alreadyPosted: new Set(),
      customerAddressNumber: "6100",
    });
    if (!mapped.ok) throw new Error("fixture does not map");
    await store.posting.recordDocuments({
      tenantId: "acme",
      orderId: UNPAID_ID,
      orderName: "#1043",
      documents: mapped.documents,
      edtnForSequence: (sequence) => transactionNumberFor(UNPAID_ID, sequence),
    });
    const outcome = await corrector().correctOrder({ ...request, order: UNPAID_ID, dryRun: true });
    // Only the revenue moves: the reversed receivable and the remapped one meet on AN8 6100 and cancel.
    expect(outcome.type === "preview" && outcome.lines.map((l) => [l.kind, l.account.businessUnit])).toEqual([
      ["revenue", "100"],
      ["revenue", "140"],
    ]);
  });

  it("leaves events not recorded yet to the order sync", async () => {
    order = renoOrder(true);
    const outcome = await corrector().correctOrder({ ...request, dryRun: true });
    expect(outcome.type === "preview" && outcome.lines.map((l) => l.kind)).toEqual(["revenue", "revenue"]);
  });

  it.each([
    [{ reason: "  " }, "needs a reason"],
    [{ order: "#9999" }, "no posted order named #9999"],
    [{ tenantId: "other" }, "not configured"],
  ])("refuses %o", async (change, message) => {
    const outcome = await corrector().correctOrder({ ...request, dryRun: false, ...change });
    expect(outcome).toMatchObject({ type: "refused", reason: expect.stringContaining(message) });
  });

  it("says so when the rules give what was posted", async () => {
    policy = oldRules;
    expect(await corrector().correctOrder({ ...request, order: ORDER_ID, dryRun: false })).toMatchObject({
      type: "nothing-to-correct",
    });
  });
});
