import { describe, expect, it } from "vitest";
import type { OrderSnapshot } from "../domain/order.js";
import { makeOrder } from "../mapping/test-support/make-order.js";
import { makePolicy } from "../mapping/test-support/make-policy.js";
import type { PostingDocument } from "../posting/posting-store.js";
import type { JdeDocument } from "../reconcile/reconciliation.js";
import { makeJdeDocument, saleLines } from "../reconcile/test-support/reconcile-builders.js";
import type { OrderSource } from "./order-source.js";
import { type LedgerSource, reconcilePeriod } from "./reconcile-period.js";

const PERIOD = {
  fiscalYear: 2026,
  period: 11,
  firstDate: "2026-11-01",
  lastDate: "2026-11-30",
  label: "2026/11",
};

function document(orderId: string, glDate: string, documentNumber: string | null): PostingDocument {
  return {
    key: `acme/${orderId}-${glDate}`,
    tenantId: "acme",
    orderId,
    orderName: `#${orderId}`,
    sequence: 1,
    edtn: `S${orderId}`,
    kind: "order",
    reason: null,
    requestedBy: null,
    glDate,
    currency: "USD",
    decimals: 2,
    lines: [],
    eventIds: [],
    status: "accepted",
    batchId: "b1",
    documentNumber,
    batchNumber: "1",
    errors: [],
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

/** A store whose event ledger holds nothing (per-order tenants do not ask it). */
const noEvents = { recordedEventsOf: async () => [], getDocument: async () => undefined };

/** Shopify lists `listed` over two pages; every id in `existing` can be fetched. */
function fakeOrders(listed: string[], existing: string[]) {
  const fetched: string[] = [];
  const asked: Date[] = [];
  const source: Pick<OrderSource, "fetchOrder" | "listUpdatedOrderIds"> = {
    async listUpdatedOrderIds({ updatedAfter, cursor }) {
      asked.push(updatedAfter);
      const page = cursor === undefined ? listed.slice(0, 1) : listed.slice(1);
      return {
        orderIds: page.map((id) => ({ id, updatedAt: "2026-11-03T00:00:00Z" })),
        nextCursor: cursor === undefined && listed.length > 1 ? "page-2" : null,
      };
    },
    async fetchOrder(id): Promise<OrderSnapshot | null> {
      fetched.push(id);
      return existing.includes(id) ? makeOrder({ id, name: `#${id}` }) : null;
    },
  };
  return { source, fetched, asked };
}

describe("reconcilePeriod", () => {
  it("reads every listed order and every order posted in the period, and JDE's documents found elsewhere by DOC", async () => {
    const orders = fakeOrders(["A", "B", "GONE"], ["A", "B", "LATE"]);
    const inPeriod = [document("A", "2026-11-03", "101"), document("LATE", "2026-11-04", "102")];
    const ofOrders = [...inPeriod, document("A", "2026-12-01", "103"), document("B", "2026-11-05", null)];
    const byNumber: string[][] = [];
    const ledger: LedgerSource = {
      documentsInPeriod: async () => [makeJdeDocument(1, { documentNumber: "101" })],
      documentsByNumber: async (numbers): Promise<JdeDocument[]> => {
        byNumber.push(numbers);
        return [];
      },
    };
    const report = await reconcilePeriod(
      {
        tenantId: "acme",
        period: PERIOD,
        policy: makePolicy({ timezone: "America/New_York" }),
        summary: "none",
      },
      {
        orders: orders.source,
        posting: {
          documentsInGlDateRange: async () => inPeriod,
          documentsOfOrders: async (_tenant, ids) => ofOrders.filter((d) => ids.includes(d.orderId)),
          documentsByNumber: async (_tenant, numbers) =>
            ofOrders.filter((d) => d.documentNumber !== null && numbers.includes(d.documentNumber)),
          ...noEvents,
        },
        ledger,
      },
    );

    // Listed since the period's first shop day began (New York: 04:00 UTC), over both pages.
    expect(orders.asked.map((d) => d.toISOString())).toEqual([
      "2026-11-01T04:00:00.000Z",
      "2026-11-01T04:00:00.000Z",
    ]);
    expect(orders.fetched.sort()).toEqual(["A", "B", "GONE", "LATE"]);
    // Each connector document once, the ones of fetched orders included; only DOCs JDE's period read lacks.
    expect(report.counts.connectorDocuments).toBe(4);
    expect(byNumber).toEqual([["102", "103"]]);
    expect(report.counts.jdeDocuments).toBe(1);
    expect(report.period).toEqual({ label: "2026/11", firstDate: "2026-11-01", lastDate: "2026-11-30" });
    expect([report.currency, report.timeZone]).toEqual(["USD", "America/New_York"]);
  });

  it("reads the order behind a connector document someone moved into the period in JDE", async () => {
    // #OLD was posted on 2026-10-30 as DOC 500; in JDE it now sits on 2026-11-03. Shopify lists no update.
    const orders = fakeOrders([], ["OLD"]);
    const old = {
      ...document("OLD", "2026-10-30", "500"),
      lines: saleLines(10_000n).map((l) => ({ ...l, kind: "revenue" as const, explanation: "#OLD" })),
    };
    const moved = makeJdeDocument(1, {
      documentNumber: "500",
      reference: "#OLD",
      glDate: "2026-11-03",
      lines: saleLines(10_000n),
    });
    const otherYearsDoc500 = { ...document("NEW", "2027-01-05", "500"), orderName: "#NEW" };
    const report = await reconcilePeriod(
      {
        tenantId: "acme",
        period: PERIOD,
        policy: makePolicy({ timezone: "America/New_York" }),
        summary: "none",
      },
      {
        orders: orders.source,
        posting: {
          documentsInGlDateRange: async () => [],
          documentsOfOrders: async (_tenant, ids) => (ids.includes("OLD") ? [old] : []),
          documentsByNumber: async () => [old, otherYearsDoc500],
          ...noEvents,
        },
        ledger: { documentsInPeriod: async () => [moved], documentsByNumber: async () => [] },
      },
    );
    expect(orders.fetched).toEqual(["OLD"]);
    expect(report.reconciled).toBe(false);
    expect(report.variances.map((v) => [v.type, v.orders.map((o) => o.orderName)])).toEqual([
      ["posted_in_another_period", ["#OLD"]],
    ]);
    expect(report.otherJdeDocuments).toBe(0);
  });

  it("takes a JDE document found by DOC elsewhere only when its reference names the connector's order", async () => {
    const orders = fakeOrders(["A"], ["A"]);
    const posted = document("A", "2026-11-03", "700");
    const sameNumberOtherYear = makeJdeDocument(2, {
      documentNumber: "700",
      reference: "#Z",
      glDate: "2025-03-01",
    });
    const report = await reconcilePeriod(
      {
        tenantId: "acme",
        period: PERIOD,
        policy: makePolicy({ timezone: "America/New_York" }),
        summary: "none",
      },
      {
        orders: orders.source,
        posting: {
          documentsInGlDateRange: async () => [posted],
          documentsOfOrders: async () => [posted],
          documentsByNumber: async () => [],
          ...noEvents,
        },
        ledger: { documentsInPeriod: async () => [], documentsByNumber: async () => [sameNumberOtherYear] },
      },
    );
    expect(report.counts.jdeDocuments).toBe(0);
    expect(report.variances.map((v) => v.type)).not.toContain("posted_in_another_period");
  });

  it("summary tenants: reads the orders a summary of the period holds, and asks where their events were summarized", async () => {
    const orders = fakeOrders([], ["LATE"]);
    const summary = {
      ...document("summary:2026-11-02", "2026-11-02", "900"),
      kind: "summary" as const,
      eventIds: ["e-late"],
    };
    const asked: unknown[] = [];
    const report = await reconcilePeriod(
      {
        tenantId: "acme",
        period: PERIOD,
        policy: makePolicy({ timezone: "America/New_York" }),
        summary: "daily",
      },
      {
        orders: orders.source,
        posting: {
          documentsInGlDateRange: async () => [summary],
          documentsOfOrders: async () => [],
          documentsByNumber: async () => [],
          recordedEventsOf: async (_tenant, by) => {
            asked.push(by);
            return [
              {
                eventId: "e-late",
                orderId: "LATE",
                status: "summarized" as const,
                documentKey: summary.key,
                recordedAt: new Date(),
              },
            ];
          },
          getDocument: async (key) => (key === summary.key ? summary : undefined),
        },
        ledger: { documentsInPeriod: async () => [], documentsByNumber: async () => [] },
      },
    );
    expect(orders.fetched).toEqual(["LATE"]);
    expect(asked).toEqual([{ eventIds: ["e-late"] }, { orderIds: ["LATE"] }]);
    expect(report.counts.connectorDocuments).toBe(1);
  });
});
