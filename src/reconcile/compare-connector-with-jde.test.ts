import { describe, expect, it } from "vitest";
import { compareConnectorWithJde } from "./compare-connector-with-jde.js";
import type { ConnectorDocument, JdeDocument } from "./reconciliation.js";
import {
  line,
  makeConnectorDocument,
  makeJdeDocument,
  NOVEMBER,
  saleLines,
} from "./test-support/reconcile-builders.js";

/** Compares one connector document with the JDE document it was paired with (or none). */
function compareOne(doc: ConnectorDocument, jde?: JdeDocument) {
  const jdeOf = new Map(jde ? [[doc.key, jde]] : []);
  return compareConnectorWithJde({ period: NOVEMBER, connector: [doc], jdeOf });
}

const types = (variances: { type: string }[]) => variances.map((variance) => variance.type);

describe("compareConnectorWithJde", () => {
  it("reports nothing for a confirmed document JDE holds on its date with its lines, posted", () => {
    expect(compareOne(makeConnectorDocument(1042), makeJdeDocument(1042))).toEqual([]);
  });

  it.each([
    ["pending", "queued and not sent yet"],
    ["sent", "JDE has not answered yet"],
    ["staged", "waits for R09110Z"],
    ["unknown", "unknown outcome"],
  ] as const)("reports a %s document of the period as awaiting_jde (%s)", (status, wording) => {
    const [variance, ...rest] = compareOne(makeConnectorDocument(1042, { status, documentNumber: null }));
    expect(rest).toEqual([]);
    expect(variance).toMatchObject({
      type: "awaiting_jde",
      glDate: "2026-11-27",
      orders: [{ orderId: "gid://shopify/Order/1042", orderName: "#1042" }],
      connectorDocuments: ["acme/S1042A1"],
      jdeDocuments: [],
      lines: [line("100.1115", -10_000n), line("100.4100", 10_000n)],
    });
    expect(variance?.explanation).toContain(wording);
  });

  it("names the JDE document an awaiting document already has, with no line difference", () => {
    const [variance] = compareOne(
      makeConnectorDocument(1042, { status: "staged", documentNumber: null }),
      makeJdeDocument(1042),
    );
    expect(variance).toMatchObject({ type: "awaiting_jde", lines: [], jdeDocuments: ["10421"] });
    expect(variance?.explanation).toContain("JDE already holds it as document 10421");
  });

  it("reports a rejected document of the period without lines (cells leave it out of the connector's side)", () => {
    const doc = makeConnectorDocument(1042, { status: "rejected", documentNumber: null });
    expect(compareOne(doc)).toMatchObject([
      { type: "rejected_by_jde", lines: [], connectorDocuments: ["acme/S1042A1"], jdeDocuments: [] },
    ]);
  });

  it.each([
    { name: "a DOC JDE does not hold", documentNumber: "4711", wording: "F0911 has no document 4711" },
    {
      name: "no DOC and no document like it",
      documentNumber: null,
      wording: "no document with reference #1042",
    },
  ])(
    "reports a confirmed document with $name as missing_in_jde (JDE − connector)",
    ({ documentNumber, wording }) => {
      const [variance, ...rest] = compareOne(makeConnectorDocument(1042, { documentNumber }));
      expect(rest).toEqual([]);
      expect(variance).toMatchObject({
        type: "missing_in_jde",
        jdeDocuments: [],
        lines: [line("100.1115", -10_000n), line("100.4100", 10_000n)],
      });
      expect(variance?.explanation).toContain(wording);
    },
  );

  it("reports other amounts per account as JDE − connector", () => {
    const jde = makeJdeDocument(1042, {
      lines: [...saleLines(9_000n), line("100.1115", 1_000n), line("100.7990", -1_000n)],
    });
    expect(compareOne(makeConnectorDocument(1042), jde)).toMatchObject([
      {
        type: "amount_mismatch",
        glDate: "2026-11-27",
        jdeDocuments: ["10421"],
        lines: [line("100.4100", 1_000n), line("100.7990", -1_000n)],
      },
    ]);
  });

  it("reports an unposted batch beside an amount mismatch, with the balances' shortfall", () => {
    const jde = makeJdeDocument(1042, { posted: false, lines: saleLines(9_000n) });
    const variances = compareOne(makeConnectorDocument(1042), jde);
    expect(types(variances)).toEqual(["amount_mismatch", "unposted_batch"]);
    expect(variances[1]?.lines).toEqual([line("100.1115", -9_000n), line("100.4100", 9_000n)]);
    expect(variances[1]?.explanation).toContain("batch 900001");
  });

  it.each([
    {
      name: "JDE moved it out of the period",
      connectorDate: "2026-11-30",
      jdeDate: "2026-12-02",
      reportedOn: "2026-11-30",
      lines: [line("100.1115", -10_000n), line("100.4100", 10_000n)],
      explanation:
        "JDE document 10421 (#1042) was posted on 2026-12-02, outside 2026/11; the connector posted it on 2026-11-30.",
    },
    {
      name: "JDE moved it into the period",
      connectorDate: "2026-10-31",
      jdeDate: "2026-11-02",
      reportedOn: "2026-11-02",
      lines: saleLines(9_000n),
      explanation:
        "JDE document 10421 (#1042) was posted on 2026-11-02 in 2026/11; the connector posted it on 2026-10-31, outside 2026/11.",
    },
  ])("reports one posted_in_another_period when $name, on the date inside", (example) => {
    const doc = makeConnectorDocument(1042, { glDate: example.connectorDate });
    // Other amounts too: the move alone is reported, not also an amount mismatch.
    const jde = makeJdeDocument(1042, { glDate: example.jdeDate, lines: saleLines(9_000n) });
    const variances = compareOne(doc, jde);
    expect(variances).toEqual([
      {
        type: "posted_in_another_period",
        glDate: example.reportedOn,
        lines: example.lines,
        orders: [{ orderId: "gid://shopify/Order/1042", orderName: "#1042" }],
        connectorDocuments: ["acme/S1042A1"],
        jdeDocuments: ["10421"],
        explanation: example.explanation,
      },
    ]);
  });

  it("reports a move inside the period as posted_on_another_date on the connector's date", () => {
    const variances = compareOne(
      makeConnectorDocument(1042),
      makeJdeDocument(1042, { glDate: "2026-11-28" }),
    );
    expect(variances).toMatchObject([{ type: "posted_on_another_date", glDate: "2026-11-27" }]);
  });

  it.each([
    [
      "confirmed, JDE on another period's date too",
      makeConnectorDocument(1, { glDate: "2026-10-30" }),
      makeJdeDocument(1, { glDate: "2026-10-31" }),
    ],
    ["confirmed and missing", makeConnectorDocument(1, { glDate: "2026-12-01" }), undefined],
    ["rejected", makeConnectorDocument(1, { glDate: "2026-10-31", status: "rejected" }), undefined],
    ["sent", makeConnectorDocument(1, { glDate: "2026-12-01", status: "sent" }), undefined],
    [
      "unposted in another period",
      makeConnectorDocument(1, { glDate: "2026-12-01" }),
      makeJdeDocument(1, { glDate: "2026-12-01", posted: false }),
    ],
  ])("ignores a document outside the period: %s", (_name, doc, jde) => {
    expect(compareOne(doc, jde)).toEqual([]);
  });
});
