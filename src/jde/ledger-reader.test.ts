import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildDefaultSeed, isoToJulian, type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import { chunk } from "../lib/chunk.js";
import type { KeyedDocument } from "../posting/journal-poster.js";
import type { AisClient } from "./ais-client.js";
import { type LedgerDocument, readLedgerDocuments, readLedgerDocumentsByNumber } from "./ledger-reader.js";
import { account, makeDocument, simClient, simPoster } from "./test-support.js";

const MARCH = {
  company: "00100",
  documentType: "JE",
  firstDate: "2026-03-01",
  lastDate: "2026-03-31",
  decimals: 2,
  referenceField: "VINV",
  dateFormat: "MM/dd/yyyy",
} as const;

/** The demo chart plus a subsidiary account and a yen company (0 decimals). */
function testSeed() {
  const seed = buildDefaultSeed(Date.parse("2026-03-15"));
  seed.companies.push({ ...seed.companies[0]!, co: "00300", name: "Yen Co", currency: "JPY" });
  seed.businessUnits.push({ mcu: "300", company: "00300", description: "Tokyo" });
  seed.accounts.push(
    { account: "100.1115.SHOP", description: "Clearing - shop" },
    { account: "300.1115", description: "Clearing" },
    { account: "300.4100", description: "Revenue" },
  );
  return seed;
}

function onAccounts(document: KeyedDocument, accounts: string[]): KeyedDocument {
  const lines = document.document.lines.map((line, index) => ({
    ...line,
    account: account(accounts[index]!),
  }));
  return { ...document, document: { ...document.document, lines } };
}

/** Records every call and its body (conditions, page size) on the way to the simulator. */
function recording(ais: Pick<AisClient, "call">) {
  const requests: { path: string; body: Record<string, unknown> }[] = [];
  const spy: Pick<AisClient, "call"> = {
    call: (method, path, body, options) => {
      requests.push({ path, body: body as Record<string, unknown> });
      return ais.call(method, path, body, options);
    },
  };
  return { ais: spy, requests };
}

/** The condition on `column` of a recorded BROWSE body. */
function condition(request: { body: Record<string, unknown> }, column: string) {
  const query = request.body.query as { condition: { controlId: string; value: unknown }[] };
  return query.condition.find((c) => c.controlId === `F0911.${column}`);
}

/**
 * The simulator answers one page without a next link (browseTable then asks once more unbounded).
 * This splits the simulator's whole answer into pages of `size` rows linked by `rel: "next"`, as AIS
 * does with enableNextPageProcessing, to read a period across many pages.
 */
function linkedPages(ais: Pick<AisClient, "call">, size: number) {
  let pages: unknown[] = [];
  const paths: string[] = [];
  const paged: Pick<AisClient, "call"> = {
    call: async (method, path, body, options) => {
      paths.push(path);
      if (path !== "/jderest/v2/dataservice") return pages[Number(path.split("/").pop())];
      const whole = (await ais.call(
        method,
        path,
        { ...(body as object), maxPageSize: "No Max" },
        options,
      )) as {
        fs_DATABROWSE_F0911: { data: { gridData: { rowset: unknown[] } } };
      };
      const parts = chunk(whole.fs_DATABROWSE_F0911.data.gridData.rowset, size);
      pages = parts.map((rowset, index) => {
        const more = index < parts.length - 1;
        const gridData = { rowset, summary: { records: rowset.length, moreRecords: more } };
        const links = more
          ? [{ rel: "next", href: `http://ais:9300/jderest/v2/dataservice/next/${index + 1}` }]
          : [];
        return { fs_DATABROWSE_F0911: { data: { gridData } }, links };
      });
      return pages[0];
    },
  };
  return { ais: paged, paths };
}

describe("reading F0911 documents from the JDE simulator", () => {
  let sim: JdeSimulator;
  let ais: AisClient;
  beforeEach(async () => {
    sim = await startJdeSimulator({ processing: "sync", seed: testSeed() });
    ais = simClient(sim.url);
  });
  afterEach(async () => {
    await ais.close();
    await sim.close();
  });

  async function post(batchId: string, documents: KeyedDocument[]) {
    const outcomes = await simPoster(ais).postBatch({ batchId, documents });
    expect(outcomes.map((o) => o.status)).toEqual(documents.map(() => "accepted"));
    return outcomes.map((o) => ({ doc: String(o.documentNumber), icu: String(o.batchNumber) }));
  }

  /** B1: #1 on the first day, #2 on the last, #3 the day before; B2: #4 the day after, #5 mid-month; B3: company 00200. */
  async function postMarch() {
    const [one, two] = await post("B1", [
      makeDocument({ order: 1, glDate: "2026-03-01" }),
      makeDocument({ order: 2, glDate: "2026-03-31", totalMinor: 500n }),
      makeDocument({ order: 3, glDate: "2026-02-28" }),
    ]);
    const [, five] = await post("B2", [
      makeDocument({ order: 4, glDate: "2026-04-01" }),
      onAccounts(makeDocument({ order: 5, glDate: "2026-03-15" }), ["100.1115.SHOP", "150.4100", "100.2110"]),
    ]);
    const other = onAccounts(makeDocument({ order: 6, glDate: "2026-03-10" }), [
      "900.1130",
      "900.4100",
      "900.4100",
    ]);
    await post("B3", [{ ...other, company: "00200" }]);
    return { one: one!, two: two!, five: five! };
  }

  const key = (doc: string) => ({ kco: "00100", dct: "JE", doc: Number(doc) });
  const byReference = (documents: LedgerDocument[], reference: string) =>
    documents.filter((d) => d.reference === reference);

  it("returns the company's documents dated inside the period, lines in minor units with MCU trimmed", async () => {
    const posted = await postMarch();
    expect(sim.tables.F0911[0]!.GLMCU).toBe("         100"); // what JDE stores: right-justified

    const documents = await readLedgerDocuments(ais, MARCH);

    expect(documents.map((d) => [d.reference, d.glDate])).toEqual([
      ["#1", "2026-03-01"],
      ["#2", "2026-03-31"],
      ["#5", "2026-03-15"],
    ]);
    expect(documents[0]).toEqual({
      company: "00100",
      documentType: "JE",
      documentNumber: posted.one.doc,
      glDate: "2026-03-01",
      batchNumber: posted.one.icu,
      posted: false,
      reference: "#1",
      explanation: "Shopify #1",
      lines: [
        { account: { businessUnit: "100", object: "1115", subsidiary: "" }, amountMinor: 12_744n },
        { account: { businessUnit: "100", object: "4100", subsidiary: "" }, amountMinor: -11_470n },
        { account: { businessUnit: "100", object: "2110", subsidiary: "" }, amountMinor: -1_274n },
      ],
    });
    expect(documents[1]!.lines.map((l) => l.amountMinor)).toEqual([500n, -450n, -50n]);
    expect(documents[2]!.lines.map((l) => l.account)).toEqual([
      { businessUnit: "100", object: "1115", subsidiary: "SHOP" },
      { businessUnit: "150", object: "4100", subsidiary: "" },
      { businessUnit: "100", object: "2110", subsidiary: "" },
    ]);
  });

  it("refuses an answer dated outside the period: the AIS user reads dates in another format", async () => {
    await postMarch();
    // dd/MM/yyyy literals read as MM/dd/yyyy by the simulator's user: 01/03 → Jan 3, 12/03 → Dec 3.
    const request = { ...MARCH, lastDate: "2026-03-12", dateFormat: "dd/MM/yyyy" } as const;
    await expect(readLedgerDocuments(ais, request)).rejects.toMatchObject({
      code: "MLC_AIS_RESPONSE_INVALID",
      retryable: false,
    });
  });

  it("orders lines by JELN whatever order AIS returns them in", async () => {
    await postMarch();
    sim.tables.F0911.reverse();
    const [first] = await readLedgerDocuments(ais, MARCH);
    expect(first!.lines.map((l) => l.amountMinor)).toEqual([12_744n, -11_470n, -1_274n]);
  });

  it("reads a 0-decimal company currency in whole units, and never rounds a wrong exponent", async () => {
    const yen = onAccounts(makeDocument({ order: 7, glDate: "2026-03-05" }), [
      "300.1115",
      "300.4100",
      "300.4100",
    ]);
    await post("Y1", [
      { ...yen, company: "00300", document: { ...yen.document, currency: "JPY", decimals: 0 } },
    ]);
    await postMarch();
    const [document] = await readLedgerDocuments(ais, { ...MARCH, company: "00300", decimals: 0 });
    expect(document!.lines.map((l) => l.amountMinor)).toEqual([12_744n, -11_470n, -1_274n]);
    // USD 127.44 read as a 0-decimal currency: refused, not rounded to 127.
    await expect(readLedgerDocuments(ais, { ...MARCH, decimals: 0 })).rejects.toMatchObject({
      code: "MLC_AIS_RESPONSE_INVALID",
    });
  });

  it("is posted only once the G/L post ran over every line; a batch left unposted stays unposted", async () => {
    const posted = await postMarch();
    expect((await readLedgerDocuments(ais, MARCH)).map((d) => d.posted)).toEqual([false, false, false]);
    await sim.control.ledger.leaveUnposted({ icu: Number(posted.five.icu) });
    await sim.control.ledger.postBatches();
    const after = await readLedgerDocuments(ais, MARCH);
    expect(after.map((d) => [d.reference, d.posted])).toEqual([
      ["#1", true],
      ["#2", true],
      ["#5", false],
    ]);
    // One line of #1 unposted again (someone reopened part of it): the document is not posted.
    sim.tables.F0911.find((l) => String(l.GLDOC) === posted.one.doc && l.GLJELN === 2)!.GLPOST = " ";
    expect((await readLedgerDocuments(ais, MARCH))[0]!.posted).toBe(false);
  });

  it("moveToPeriod takes a document out of the period; by number it is found on its new date", async () => {
    const posted = await postMarch();
    const [before] = await readLedgerDocuments(ais, MARCH);
    await sim.control.ledger.moveToPeriod(key(posted.one.doc), "2026-04-10");

    expect(byReference(await readLedgerDocuments(ais, MARCH), "#1")).toEqual([]);
    const found = await readLedgerDocumentsByNumber(ais, { ...MARCH, documentNumbers: [posted.one.doc] });
    expect(found).toEqual([{ ...before!, glDate: "2026-04-10" }]);
  });

  it("duplicate shows up as a second document with the same reference, batch and lines", async () => {
    const posted = await postMarch();
    const { doc } = await sim.control.ledger.duplicate(key(posted.two.doc));
    const twins = byReference(await readLedgerDocuments(ais, MARCH), "#2");
    expect(twins.map((d) => d.documentNumber)).toEqual([posted.two.doc, String(doc)]);
    expect({ ...twins[1]!, documentNumber: "" }).toEqual({ ...twins[0]!, documentNumber: "" });
  });

  it("keeps a document whose lines carry two G/L dates apart, one per date", async () => {
    const posted = await postMarch();
    const line = sim.tables.F0911.find((l) => String(l.GLDOC) === posted.one.doc && l.GLJELN === 3)!;
    line.GLDGJ = isoToJulian("2026-03-02")!;
    const parts = byReference(await readLedgerDocuments(ais, MARCH), "#1");
    expect(parts.map((d) => [d.documentNumber, d.glDate, d.lines.length])).toEqual([
      [posted.one.doc, "2026-03-01", 2],
      [posted.one.doc, "2026-03-02", 1],
    ]);
  });

  it("ignores CA (foreign-currency) ledger lines", async () => {
    await postMarch();
    sim.tables.F0911.push({ ...sim.tables.F0911[0]!, GLLT: "CA", GLCRCD: "CAD", GLAA: 17_500n });
    const [first] = await readLedgerDocuments(ais, MARCH);
    expect(first!.lines.map((l) => l.amountMinor)).toEqual([12_744n, -11_470n, -1_274n]);
  });

  it("reads a period over many linked pages, every line exactly once, past browseTable's 50 pages", async () => {
    await postMarch();
    await post(
      "B4",
      Array.from({ length: 20 }, (_, i) => makeDocument({ order: 100 + i, glDate: "2026-03-20" })),
    );
    const whole = await readLedgerDocuments(ais, MARCH);
    expect(whole.flatMap((d) => d.lines)).toHaveLength(69);

    const { ais: paged, paths } = linkedPages(ais, 1);
    expect(await readLedgerDocuments(paged, { ...MARCH, pageSize: 1 })).toEqual(whole);
    expect(paths).toHaveLength(69);
    const capped = linkedPages(ais, 1).ais;
    await expect(readLedgerDocuments(capped, { ...MARCH, maxPages: 50 })).rejects.toMatchObject({
      code: "MLC_AIS_RESPONSE_INVALID",
    });
  });

  it("sends DGJ BETWEEN in the tenant's format; with no next link asks once more unbounded", async () => {
    await postMarch();
    const { ais: spy, requests } = recording(ais);
    const documents = await readLedgerDocuments(spy, { ...MARCH, pageSize: 2 });
    expect(documents.flatMap((d) => d.lines)).toHaveLength(9);
    expect(requests.map((r) => r.body.maxPageSize)).toEqual(["2", "No Max"]);
    expect(condition(requests[0]!, "DGJ")).toEqual({
      controlId: "F0911.DGJ",
      operator: "BETWEEN",
      value: [
        { content: "03/01/2026", specialValueId: "LITERAL" },
        { content: "03/31/2026", specialValueId: "LITERAL" },
      ],
    });
  });

  it("finds documents by number on any date, at most 100 literals per request", async () => {
    const outcomes = await post("B1", [
      makeDocument({ order: 1, glDate: "2025-12-31" }),
      makeDocument({ order: 2, glDate: "2026-06-01" }),
    ]);
    const numbers = outcomes.map((o) => o.doc);
    const unknown = Array.from({ length: 148 }, (_, i) => String(i + 1));
    const { ais: spy, requests } = recording(ais);

    const documentNumbers = [...unknown, ...numbers];
    const documents = await readLedgerDocumentsByNumber(spy, { ...MARCH, documentNumbers });

    expect(documents.map((d) => [d.documentNumber, d.glDate, d.reference])).toEqual([
      [numbers[0], "2025-12-31", "#1"],
      [numbers[1], "2026-06-01", "#2"],
    ]);
    expect(requests.map((r) => (condition(r, "DOC")!.value as unknown[]).length)).toEqual([100, 50]);
  });

  it("asks nothing for no numbers and refuses a number JDE cannot hold", async () => {
    const { ais: spy, requests } = recording(ais);
    expect(await readLedgerDocumentsByNumber(spy, { ...MARCH, documentNumbers: [] })).toEqual([]);
    const bad = readLedgerDocumentsByNumber(spy, { ...MARCH, documentNumbers: ["12", "DOC-1"] });
    await expect(bad).rejects.toMatchObject({ code: "MLC_JDE_FIELD_INVALID" });
    expect(requests).toEqual([]);
  });
});
