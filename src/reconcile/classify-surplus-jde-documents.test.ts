import { describe, expect, it } from "vitest";
import { classifySurplusJdeDocuments } from "./classify-surplus-jde-documents.js";
import type { JdeDocument } from "./reconciliation.js";
import {
  makeConnectorDocument,
  makeJdeDocument,
  NOVEMBER,
  orderIds,
  saleLines,
} from "./test-support/reconcile-builders.js";

const order1042 = { orderId: orderIds(1042).orderId, orderName: "#1042" };
const original = { connector: makeConnectorDocument(1042), jde: makeJdeDocument(1042) };

function classify(surplus: JdeDocument) {
  return classifySurplusJdeDocuments({
    period: NOVEMBER,
    unmatchedJde: [surplus],
    matched: [original],
    ordersByName: new Map([["#1042", order1042]]),
  });
}

describe("classifySurplusJdeDocuments", () => {
  it("reports a copy of a matched document (reference, date and lines) as posted_twice with both DOCs", () => {
    const copy = makeJdeDocument(1042, { documentNumber: "99001" });
    const outcome = classify(copy);
    expect(outcome.variances).toEqual([
      {
        type: "posted_twice",
        glDate: "2026-11-27",
        lines: saleLines(10_000n),
        orders: [order1042],
        connectorDocuments: ["acme/S1042A1"],
        jdeDocuments: ["10421", "99001"],
        explanation: expect.stringContaining("JDE document 99001 (#1042) repeats JDE document 10421"),
      },
    ]);
    expect(outcome.attributed).toEqual([copy]);
    expect(outcome.otherDocumentCount).toBe(0);
  });

  it.each([
    { name: "other lines", overrides: { lines: saleLines(4_000n) } },
    { name: "another date", overrides: { glDate: "2026-11-28" } },
  ])("reports a document naming a known order with $name as unknown_to_connector", ({ overrides }) => {
    const surplus = makeJdeDocument(1042, { documentNumber: "99001", ...overrides });
    const outcome = classify(surplus);
    expect(outcome.variances).toMatchObject([
      {
        type: "unknown_to_connector",
        lines: surplus.lines,
        orders: [order1042],
        connectorDocuments: [],
        jdeDocuments: ["99001"],
      },
    ]);
    expect(outcome.attributed).toEqual([surplus]);
  });

  it("counts a document naming no known order as the company's own and reports nothing", () => {
    const outcome = classify(makeJdeDocument(7, { reference: "ACCRUAL NOV", documentNumber: "88001" }));
    expect(outcome).toEqual({ variances: [], attributed: [], otherDocumentCount: 1 });
  });

  it("leaves out surplus documents dated outside the period", () => {
    const outcome = classify(makeJdeDocument(1042, { documentNumber: "99001", glDate: "2026-12-01" }));
    expect(outcome).toEqual({ variances: [], attributed: [], otherDocumentCount: 0 });
  });
});
