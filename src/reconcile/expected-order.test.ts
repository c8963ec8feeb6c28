import { describe, expect, it } from "vitest";
import type { AccountingPolicy } from "../domain/accounting-policy.js";
import { formatAccount, type JournalDocument } from "../domain/journal.js";
import type { OrderSnapshot } from "../domain/order.js";
import { accountBalances } from "../mapping/test-support/account-balances.js";
import {
  makeFulfillment,
  makePayment,
  makeSale,
  makeSalesEvent,
} from "../mapping/test-support/make-order.js";
import { demoAccounts, makePolicy } from "../mapping/test-support/make-policy.js";
import { mapToDocuments } from "../mapping/test-support/map-to-documents.js";
import {
  MUG_LINE_ID,
  makeOrder1042,
  minor,
  mugRefundEvents,
  TEE_LINE_ID,
} from "../mapping/test-support/reference-orders.js";
import { expectedOrder } from "./expected-order.js";
import type { ExpectedOrder, ReconcileLine } from "./reconciliation.js";

const AGREEMENT = "gid://shopify/OrderAgreement/1042";
const GIFT_CARD_PAYMENT = "gid://shopify/OrderTransaction/9001";
const CARD_PAYMENT = "gid://shopify/OrderTransaction/9002";
const RETURN_AGREEMENT = "gid://shopify/ReturnAgreement/77";
const REFUND_PAYMENT = "gid://shopify/OrderTransaction/9010";
const ORDER_EVENTS = [AGREEMENT, GIFT_CARD_PAYMENT, CARD_PAYMENT];

const MARCH = { firstDate: "2026-03-01", lastDate: "2026-03-31" };
const APRIL = { firstDate: "2026-04-01", lastDate: "2026-04-30" };

function expected(
  order: OrderSnapshot,
  options: {
    policy?: AccountingPolicy;
    period?: { firstDate: string; lastDate: string };
    posted?: Record<string, string>;
  } = {},
): ExpectedOrder | null {
  const result = expectedOrder({
    order,
    policy: options.policy ?? makePolicy(),
    period: options.period ?? MARCH,
    postedGlDates: new Map(Object.entries(options.posted ?? {})),
  });
  // Every expected date balances, whatever the test is about.
  for (const document of result?.documents ?? []) {
    expect(
      document.lines.reduce((sum, line) => sum + line.amountMinor, 0n),
      document.glDate,
    ).toBe(0n);
  }
  return result;
}

/** Net per account, zeros left out: the shape `accountBalances` gives the mapping's documents. */
function balances(lines: readonly ReconcileLine[]): Record<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const line of lines) {
    const key = formatAccount(line.account);
    totals.set(key, (totals.get(key) ?? 0n) + line.amountMinor);
  }
  return Object.fromEntries([...totals.entries()].filter(([, total]) => total !== 0n).sort());
}

const byDate = (result: ExpectedOrder | null) =>
  result?.documents.map((d) => ({ glDate: d.glDate, eventIds: d.eventIds, balances: balances(d.lines) }));

const withRefund = (base: OrderSnapshot = makeOrder1042()): OrderSnapshot => {
  const refund = mugRefundEvents("2026-03-20T15:00:00Z");
  return {
    ...base,
    salesEvents: [...base.salesEvents, refund.salesEvent],
    paymentEvents: [...base.paymentEvents, refund.payment],
  };
};

/** The order with every sales and payment event moved to `instant`. */
const retimed = (order: OrderSnapshot, instant: string): OrderSnapshot => ({
  ...order,
  salesEvents: order.salesEvents.map((event) => ({ ...event, happenedAt: instant })),
  paymentEvents: order.paymentEvents.map((payment) => ({ ...payment, processedAt: instant })),
});

const oneDocument = (documents: JournalDocument[]) => accountBalances(documents);

describe("expectedOrder", () => {
  it("expects an order paid at checkout on the events' shop day, as the mapping posts it", () => {
    const order = makeOrder1042();
    expect(byDate(expected(order))).toEqual([
      {
        glDate: "2026-03-14",
        eventIds: ORDER_EVENTS,
        balances: oneDocument(mapToDocuments(order, makePolicy())),
      },
    ]);
    const lines = balances(expected(order)?.documents[0]?.lines ?? []);
    expect(lines["100.1115"]).toBe(minor("107.44")); // Shopify Payments clearing
    expect(lines["100.1130"]).toBeUndefined(); // the receivable nets to zero within the date
  });

  it("keeps only the reconcile line fields (no kind, explanation or AN8)", () => {
    const line = expected(makeOrder1042())?.documents[0]?.lines[0];
    expect(Object.keys(line ?? {}).sort()).toEqual(["account", "amountMinor"]);
  });

  it("expects events on the date the connector posted them after a closed-period roll", () => {
    const order = makeOrder1042();
    const posted = Object.fromEntries(ORDER_EVENTS.map((id) => [id, "2026-04-01"]));
    expect(expected(order, { posted })).toBeNull();
    expect(byDate(expected(order, { period: APRIL, posted }))).toEqual([
      {
        glDate: "2026-04-01",
        eventIds: ORDER_EVENTS,
        balances: oneDocument(mapToDocuments(order, makePolicy())),
      },
    ]);
  });

  it("splits a shop day's events over the dates they were posted on: the late payment was rolled", () => {
    const order = makeOrder1042();
    const posted = {
      [AGREEMENT]: "2026-03-14",
      [GIFT_CARD_PAYMENT]: "2026-04-01",
      [CARD_PAYMENT]: "2026-04-01",
    };
    const march = expected(order, { posted });
    const april = expected(order, { period: APRIL, posted });
    expect(march?.documents.map((d) => [d.glDate, d.eventIds])).toEqual([["2026-03-14", [AGREEMENT]]]);
    expect(balances(march?.documents[0]?.lines ?? [])["100.1130"]).toBe(minor("127.44"));
    expect(april?.documents.map((d) => [d.glDate, d.eventIds])).toEqual([
      ["2026-04-01", [GIFT_CARD_PAYMENT, CARD_PAYMENT]],
    ]);
    expect(balances(april?.documents[0]?.lines ?? [])).toEqual({
      "100.1115": minor("107.44"),
      "100.1130": -minor("127.44"),
      "100.2400": minor("20.00"),
    });
  });

  it("leaves out an order whose events all fall outside the period", () => {
    expect(expected(makeOrder1042(), { period: APRIL })).toBeNull();
  });

  it("expects only the refund's lines when an order of an earlier period is refunded in the period", () => {
    const order = withRefund();
    const period = { firstDate: "2026-03-15", lastDate: "2026-04-14" };
    const refundOnly = mapToDocuments(order, makePolicy(), { alreadyPosted: new Set(ORDER_EVENTS) });
    expect(byDate(expected(order, { period }))).toEqual([
      {
        glDate: "2026-03-20",
        eventIds: [RETURN_AGREEMENT, REFUND_PAYMENT],
        balances: oneDocument(refundOnly),
      },
    ]);
  });

  it("excludes a test order unless the tenant includes test orders", () => {
    const order = makeOrder1042({ test: true });
    expect(expected(order)).toBeNull();
    const included = expected(order, { policy: makePolicy({ includeTestOrders: true }) });
    expect(included?.documents.map((d) => d.glDate)).toEqual(["2026-03-14"]);
  });

  it("excludes an order paid through the bogus gateway as a test order", () => {
    const base = makeOrder1042();
    const order = { ...base, paymentEvents: base.paymentEvents.map((p) => ({ ...p, gateway: "bogus" })) };
    expect(expected(order)).toBeNull();
  });

  it("expects nothing for events before the accounting start date, and the later refund as usual", () => {
    const policy = makePolicy({ accountingStartDate: "2026-03-15" });
    expect(expected(makeOrder1042(), { policy })).toBeNull();
    const result = expected(withRefund(), { policy });
    expect(result?.documents.map((d) => [d.glDate, d.eventIds])).toEqual([
      ["2026-03-20", [RETURN_AGREEMENT, REFUND_PAYMENT]],
    ]);
  });

  it("reports the problems and no lines when an event in the period has an unknown line type", () => {
    const base = makeOrder1042();
    const odd = makeSale({
      id: "gid://shopify/Sale/99",
      lineType: "UNKNOWN",
      totalAmountMinor: minor("1.00"),
    });
    const agreement = { ...base.salesEvents[0]!, sales: [...base.salesEvents[0]!.sales, odd] };
    const result = expected({ ...base, salesEvents: [agreement] });
    expect(result).toMatchObject({ orderId: base.id, orderName: "#1042", documents: [] });
    expect(result?.problems).toEqual([expect.stringContaining("line type 'UNKNOWN'")]);
  });

  it("reports an unmapped gateway as a problem of the order", () => {
    const { default: _none, ...clearing } = demoAccounts().clearing;
    const policy = makePolicy({ accounts: { ...demoAccounts(), clearing } });
    const base = makeOrder1042();
    const order = {
      ...base,
      paymentEvents: [makePayment({ gateway: "klarna", amountMinor: minor("127.44") })],
    };
    expect(expected(order, { policy })).toMatchObject({
      documents: [],
      problems: [expect.stringContaining("payment gateway 'klarna'")],
    });
  });

  it("keeps the period's lines when only an event of a later period fails to map", () => {
    const base = makeOrder1042();
    const odd = makeSalesEvent({
      id: "gid://shopify/RefundAgreement/88",
      reason: "REFUND",
      happenedAt: "2026-04-05T15:00:00Z",
      sales: [
        makeSale({ id: "gid://shopify/Sale/98", lineType: "UNKNOWN", totalAmountMinor: -minor("1.00") }),
      ],
    });
    const order = { ...base, salesEvents: [...base.salesEvents, odd] };
    expect(expected(order)).toMatchObject({ problems: [], documents: [{ glDate: "2026-03-14" }] });
    expect(expected(order, { period: APRIL })).toMatchObject({
      documents: [],
      problems: [expect.any(String)],
    });
  });

  describe("shop days in the shop's time zone (Los Angeles, UTC-7 in spring)", () => {
    const policy = makePolicy({ timezone: "America/Los_Angeles" });
    const paidAt = (instant: string) => retimed(makeOrder1042(), instant);

    it("puts an order at 23:30 local on the period's last day in the period", () => {
      const order = paidAt("2026-04-01T06:30:00Z");
      expect(expected(order, { policy })?.documents.map((d) => d.glDate)).toEqual(["2026-03-31"]);
      expect(expected(order, { policy, period: APRIL })).toBeNull();
    });

    it("puts an order at 00:30 local the next day in the next period", () => {
      const order = paidAt("2026-04-01T07:30:00Z");
      expect(expected(order, { policy })).toBeNull();
      expect(expected(order, { policy, period: APRIL })?.documents.map((d) => d.glDate)).toEqual([
        "2026-04-01",
      ]);
    });
  });

  it("expects an unposted event on its own day, whatever JDE's open window says today", () => {
    const closedMarch = makePolicy({
      openPeriod: { firstOpenDate: "2026-04-01", lastOpenDate: "2026-04-30" },
    });
    expect(expected(makeOrder1042(), { policy: closedMarch })?.documents.map((d) => d.glDate)).toEqual([
      "2026-03-14",
    ]);
    // An event after the window would park the order in the job; it still belongs to its own period.
    const notYetOpen = makePolicy({
      openPeriod: { firstOpenDate: "2026-02-01", lastOpenDate: "2026-02-28" },
    });
    expect(expected(makeOrder1042(), { policy: notYetOpen })).toMatchObject({ problems: [] });
  });

  it("expects a shipment's revenue move on the date it was posted under fulfillment recognition", () => {
    const policy = makePolicy({ recognition: "fulfillment" });
    const shipment = makeFulfillment({
      id: "gid://shopify/Fulfillment/501",
      happenedAt: "2026-03-31T15:00:00Z",
      lines: [
        { lineItemId: TEE_LINE_ID, quantity: 2 },
        { lineItemId: MUG_LINE_ID, quantity: 1 },
      ],
    });
    const order = makeOrder1042({ fulfillmentEvents: [shipment] });
    const onOwnDay = expected(order, { policy });
    expect(onOwnDay?.documents.map((d) => [d.glDate, d.eventIds])).toEqual([
      ["2026-03-14", ORDER_EVENTS],
      ["2026-03-31", [shipment.id]],
    ]);
    const rolled = expected(order, { policy, posted: { [shipment.id]: "2026-04-01" } });
    expect(rolled?.documents.map((d) => d.glDate)).toEqual(["2026-03-14"]);
    const all = [...(onOwnDay?.documents ?? [])].flatMap((d) => d.lines);
    expect(balances(all)).toEqual(oneDocument(mapToDocuments(order, policy)));
  });
});
