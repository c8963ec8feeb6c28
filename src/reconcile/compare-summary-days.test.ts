import { describe, expect, it } from "vitest";
import { compareSummaryDays } from "./compare-summary-days.js";
import type { ConnectorDocument, ExpectedOrder } from "./reconciliation.js";
import {
  line,
  makeConnectorDocument,
  makeExpectedOrder,
  NOVEMBER,
  orderIds,
  saleLines,
} from "./test-support/reconcile-builders.js";

function compare(expected: ExpectedOrder[], connector: ConnectorDocument[]) {
  return compareSummaryDays({ period: NOVEMBER, expected, connector });
}

/** The day's summary document, holding the given orders' events and lines. */
function summaryOf(glDate: string, numbers: number[], lines: ConnectorDocument["lines"]): ConnectorDocument {
  return makeConnectorDocument(0, {
    key: `acme/D${glDate}-1`,
    kind: "summary",
    orderId: `summary:${glDate}`,
    orderName: `Shopify ${glDate}`,
    glDate,
    documentNumber: "7001",
    eventIds: numbers.map((number) => orderIds(number).eventId),
    lines,
  });
}

describe("compareSummaryDays", () => {
  it("reports nothing when a day's summary holds the sum of its orders' expected lines", () => {
    const orders = [
      makeExpectedOrder(1, { lines: saleLines(300n) }),
      makeExpectedOrder(2, { lines: saleLines(700n) }),
    ];
    expect(compare(orders, [summaryOf("2026-11-27", [1, 2], saleLines(1_000n))])).toEqual([]);
  });

  it("reports not_posted_by_connector naming the orders whose events no document holds", () => {
    const orders = [
      makeExpectedOrder(1, { lines: saleLines(300n) }),
      makeExpectedOrder(2, { lines: saleLines(700n) }),
    ];
    const [variance, ...rest] = compare(orders, [summaryOf("2026-11-27", [1], saleLines(300n))]);
    expect(rest).toEqual([]);
    expect(variance).toMatchObject({
      type: "not_posted_by_connector",
      glDate: "2026-11-27",
      lines: [line("100.1115", -700n), line("100.4100", 700n)],
      orders: [{ orderId: orderIds(2).orderId, orderName: "#2" }],
      connectorDocuments: ["acme/D2026-11-27-1"],
      jdeDocuments: ["7001"],
    });
  });

  it("reports mapping_differs for a day whose summary holds every event with other lines", () => {
    const orders = [makeExpectedOrder(1, { lines: saleLines(300n, "140.4100") })];
    expect(compare(orders, [summaryOf("2026-11-27", [1], saleLines(300n))])).toMatchObject([
      { type: "mapping_differs", orders: [], lines: [line("100.4100", -300n), line("140.4100", 300n)] },
    ]);
  });

  it("reports each order the mapping cannot map today on its own", () => {
    const order = makeExpectedOrder(3, { documents: [], problems: ["no clearing account for gateway X"] });
    expect(compare([order], [])).toMatchObject([
      { type: "not_posted_by_connector", glDate: "2026-11-01", lines: [], orders: [{ orderName: "#3" }] },
    ]);
  });

  it("leaves out days outside the period and rejected summaries", () => {
    const october = makeExpectedOrder(1, { glDate: "2026-10-31" });
    const rejected = { ...summaryOf("2026-11-27", [], saleLines(5n)), status: "rejected" as const };
    expect(compare([october], [rejected, summaryOf("2026-12-01", [], saleLines(5n))])).toEqual([]);
  });
});
