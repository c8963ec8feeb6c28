import { describe, expect, it } from "vitest";
import { compareOrdersWithConnector } from "./compare-orders-with-connector.js";
import type { ConnectorDocument, ExpectedOrder } from "./reconciliation.js";
import {
  line,
  makeConnectorDocument,
  makeExpectedOrder,
  NOVEMBER,
  saleLines,
} from "./test-support/reconcile-builders.js";

function compare(expected: ExpectedOrder[], connector: ConnectorDocument[]) {
  return compareOrdersWithConnector({ period: NOVEMBER, expected, connector });
}

/** The rule moved revenue of #1042 from BU 100 to BU 140 after it was posted. */
const remapped = makeExpectedOrder(1042, { lines: saleLines(10_000n, "140.4100") });
const postedUnderOldRule = makeConnectorDocument(1042);
const correction = (glDate: string) =>
  makeConnectorDocument(1042, {
    sequence: 2,
    kind: "correction",
    glDate,
    eventIds: [],
    lines: [line("100.4100", 10_000n), line("140.4100", -10_000n)],
  });

describe("compareOrdersWithConnector", () => {
  it("reports nothing when the order's documents hold the expected lines, split or not", () => {
    const order = makeExpectedOrder(1042, { lines: saleLines(10_000n) });
    const split = makeConnectorDocument(1042, { lines: [...saleLines(4_000n), ...saleLines(6_000n)] });
    expect(compare([order], [split])).toEqual([]);
  });

  it("reports mapping_differs as connector − expected when the events are posted with other lines", () => {
    expect(compare([remapped], [postedUnderOldRule])).toEqual([
      {
        type: "mapping_differs",
        glDate: "2026-11-27",
        lines: [line("100.4100", -10_000n), line("140.4100", 10_000n)],
        orders: [{ orderId: remapped.orderId, orderName: "#1042" }],
        connectorDocuments: ["acme/S1042A1"],
        jdeDocuments: ["10421"],
        explanation: expect.stringContaining("post a correction (ml-connector correct --order #1042)"),
      },
    ]);
  });

  it("reconciles when a correction later in the period brings the posted lines to the expected ones", () => {
    expect(compare([remapped], [postedUnderOldRule, correction("2026-11-29")])).toEqual([]);
  });

  it("still reports mapping_differs when the correction is dated after the period", () => {
    expect(compare([remapped], [postedUnderOldRule, correction("2026-12-03")])).toMatchObject([
      { type: "mapping_differs", connectorDocuments: ["acme/S1042A1"] },
    ]);
  });

  it("reports not_posted_by_connector with the expected lines negated when no document holds the events", () => {
    const order = makeExpectedOrder(1042, { glDate: "2026-11-20" });
    const [variance, ...rest] = compare([order], []);
    expect(rest).toEqual([]);
    expect(variance).toMatchObject({
      type: "not_posted_by_connector",
      glDate: "2026-11-20",
      lines: [line("100.1115", -10_000n), line("100.4100", 10_000n)],
      orders: [{ orderId: order.orderId, orderName: "#1042" }],
      connectorDocuments: [],
    });
    expect(variance?.explanation).toContain("#1042 has 1 event in 2026/11 that the connector has not posted");
  });

  it("reports not_posted_by_connector, naming the rejected document, when JDE rejected the order's only document", () => {
    const rejected = makeConnectorDocument(1042, { status: "rejected", documentNumber: null });
    const [variance] = compare([makeExpectedOrder(1042)], [rejected]);
    expect(variance).toMatchObject({ type: "not_posted_by_connector", connectorDocuments: ["acme/S1042A1"] });
    expect(variance?.explanation).toContain("JDE rejected its document S1042A1");
  });

  it("reports not_posted_by_connector for an order the mapping cannot map today, even when amounts agree", () => {
    const order = makeExpectedOrder(1042, { documents: [], problems: ["no revenue account for SKU BEAR-1"] });
    const [variance, ...rest] = compare([order], []);
    expect(rest).toEqual([]);
    expect(variance).toMatchObject({ type: "not_posted_by_connector", lines: [], glDate: "2026-11-01" });
    expect(variance?.explanation).toContain(
      "The mapping cannot map #1042 today (no revenue account for SKU BEAR-1)",
    );
  });

  it("reports an unmappable order the connector posted with the posted lines as the difference", () => {
    const order = makeExpectedOrder(1042, { documents: [], problems: ["no revenue account for SKU BEAR-1"] });
    expect(compare([order], [postedUnderOldRule])).toMatchObject([
      { type: "not_posted_by_connector", glDate: "2026-11-27", lines: saleLines(10_000n) },
    ]);
  });

  it("compares only the period: documents and expected lines of other months are left out", () => {
    const order = makeExpectedOrder(1042, {
      documents: [
        { glDate: "2026-10-31", eventIds: ["old"], lines: saleLines(5_000n) },
        { glDate: "2026-11-27", eventIds: ["evt-1042-1"], lines: saleLines(10_000n) },
      ],
    });
    expect(compare([order], [makeConnectorDocument(1042)])).toEqual([]);
  });

  it("compares an order only the connector has in the period against nothing", () => {
    const [variance] = compare([], [makeConnectorDocument(1042)]);
    expect(variance).toMatchObject({
      type: "mapping_differs",
      lines: saleLines(10_000n),
      orders: [{ orderName: "#1042" }],
    });
    expect(variance?.explanation).toContain("none of its Shopify events maps to 2026/11 today");
  });

  it("says a correction of an order without events in the period may fix an earlier period", () => {
    const [variance] = compare([], [correction("2026-11-03")]);
    expect(variance?.explanation).toContain(
      "Its correction S1042A2 in 2026/11 may fix documents of an earlier period",
    );
  });

  it("ignores summary documents (summary tenants are compared per day)", () => {
    const summary = makeConnectorDocument(1, {
      kind: "summary",
      orderId: "summary:2026-11-27",
      eventIds: ["evt-1042-1"],
    });
    expect(compare([makeExpectedOrder(1042)], [summary])).toMatchObject([{ type: "mapping_differs" }]);
  });
});
