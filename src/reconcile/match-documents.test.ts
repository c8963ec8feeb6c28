import { describe, expect, it } from "vitest";
import { matchDocuments, uniqueJdeDocuments } from "./match-documents.js";
import { makeConnectorDocument, makeJdeDocument, saleLines } from "./test-support/reconcile-builders.js";

describe("matchDocuments", () => {
  it("pairs a document with the JDE document of its DOC number, whatever the reference says", () => {
    const doc = makeConnectorDocument(1042, { documentNumber: "4711" });
    const jde = makeJdeDocument(1042, { documentNumber: "4711", reference: "typed over" });
    const { jdeOf, unmatchedJde } = matchDocuments([doc], [jde]);
    expect(jdeOf.get(doc.key)).toBe(jde);
    expect(unmatchedJde).toEqual([]);
  });

  it("pairs a document JDE numbered otherwise with nothing when the connector knows its DOC", () => {
    const doc = makeConnectorDocument(1042, { documentNumber: "4711" });
    const jde = makeJdeDocument(1042, { documentNumber: "4712" });
    const { jdeOf, unmatchedJde } = matchDocuments([doc], [jde]);
    expect(jdeOf.size).toBe(0);
    expect(unmatchedJde).toEqual([jde]);
  });

  it.each([
    { name: "same reference, date and lines", overrides: {}, pairs: true },
    { name: "reference padded with blanks", overrides: { reference: "#1042     " }, pairs: true },
    { name: "another G/L date", overrides: { glDate: "2026-11-28" }, pairs: false },
    { name: "other lines", overrides: { lines: saleLines(9_999n) }, pairs: false },
    { name: "another reference", overrides: { reference: "#1043" }, pairs: false },
  ])("without a DOC, pairs by reference, date and lines: $name → $pairs", ({ overrides, pairs }) => {
    const doc = makeConnectorDocument(1042, { documentNumber: null, status: "staged" });
    const jde = makeJdeDocument(1042, overrides);
    expect(matchDocuments([doc], [jde]).jdeOf.has(doc.key)).toBe(pairs);
  });

  it("lets a DOC pair claim first, so a reference pair never takes a document another names", () => {
    // Sorted first by key, the DOC-less document would otherwise take 4711 by reference.
    const withoutNumber = makeConnectorDocument(1042, { key: "a", documentNumber: null });
    const withNumber = makeConnectorDocument(1042, { key: "b", documentNumber: "4711" });
    const jde = makeJdeDocument(1042, { documentNumber: "4711" });
    const { jdeOf } = matchDocuments([withoutNumber, withNumber], [jde]);
    expect(jdeOf.get("b")).toBe(jde);
    expect(jdeOf.has("a")).toBe(false);
  });

  it("pairs each JDE document with one connector document only", () => {
    const first = makeConnectorDocument(1042, { key: "a", documentNumber: null });
    const second = makeConnectorDocument(1042, { key: "b", documentNumber: null });
    const copies = [
      makeJdeDocument(1042, { documentNumber: "1" }),
      makeJdeDocument(1042, { documentNumber: "2" }),
    ];
    const { jdeOf, unmatchedJde } = matchDocuments([second, first], copies);
    expect([jdeOf.get("a")?.documentNumber, jdeOf.get("b")?.documentNumber]).toEqual(["1", "2"]);
    expect(unmatchedJde).toEqual([]);
  });

  it("pairs no rejected document, so a JDE document like it stays unclaimed", () => {
    const doc = makeConnectorDocument(1042, { status: "rejected" });
    const jde = makeJdeDocument(1042);
    expect(matchDocuments([doc], [jde]).unmatchedJde).toEqual([jde]);
  });
});

describe("uniqueJdeDocuments", () => {
  it("drops a document read twice (by period and by DOC), keeping other companies' same number", () => {
    const jde = makeJdeDocument(1042);
    const otherCompany = { ...jde, company: "00200" };
    expect(uniqueJdeDocuments([jde, { ...jde }, otherCompany])).toEqual([jde, otherCompany]);
  });
});
