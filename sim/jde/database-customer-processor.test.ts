import { describe, expect, it } from "vitest";
import { JDE_DATABASE_TABLES } from "./index.js";
import {
  addressBookZRow,
  balancedZDocument,
  customerMasterZRow,
  type DatabaseRecord,
  emailZRow,
  STAND_IN_DIALECTS,
  selectAll,
  tableRow,
  useStandInSimulator,
  writeRows,
  writeZRows,
} from "./jde-database-test-helpers.js";

const RANGE_AN8 = 5_000_001;
const trim = (records: DatabaseRecord[], ...columns: string[]) =>
  records.map((r) => columns.map((c) => (typeof r[c] === "string" ? String(r[c]).trim() : r[c])));

describe("customer batch table specs", () => {
  it("declares F0101Z2 (SZ), F03012Z1 (VO) and F01151Z1 (EB) keyed by EDUS, EDBT, EDTN, EDLN", () => {
    const widths = (table: keyof typeof JDE_DATABASE_TABLES, ...names: string[]) =>
      names.map((name) => {
        const column = JDE_DATABASE_TABLES[table].columns.find((c) => c.name === name);
        return column && `${column.kind}${column.length}`;
      });
    expect(JDE_DATABASE_TABLES.F0101Z2.primaryKey).toEqual(["SZEDUS", "SZEDBT", "SZEDTN", "SZEDLN"]);
    expect(JDE_DATABASE_TABLES.F01151Z1.primaryKey).toEqual(["EBEDUS", "EBEDBT", "EBEDTN", "EBEDLN"]);
    expect(widths("F0101Z2", "SZEDSP", "SZTNAC", "SZAN8", "SZALKY", "SZALPH", "SZMCU", "SZPHT1")).toEqual([
      "char1",
      "char2",
      "numeric8",
      "char20",
      "char40",
      "char12",
      "char4",
    ]);
    expect(widths("F03012Z1", "VOCO", "VOARC", "VOTRAR", "VOTXA1", "VOACL")).toEqual([
      "char5",
      "char4",
      "char3",
      "char10",
      "numeric15",
    ]);
    expect(widths("F01151Z1", "EBEMAL", "EBETP", "EBIDLN")).toEqual(["char256", "char4", "numeric5"]);
  });
});

describe.each(STAND_IN_DIALECTS)("R01010Z, R03010Z and the e-mail upload over the %s stand-in", (dialect) => {
  const stand = useStandInSimulator(dialect);

  it("adds a blank-AN8 record with Next Numbers and writes the AN8 back into SZAN8", async () => {
    const jde = await stand.start();
    await writeRows(stand.writer, [["F0101Z2", addressBookZRow()]]);
    await jde.control.runCustomerProcessors();
    expect(trim(await selectAll(stand.writer, "F0101Z2"), "SZEDSP", "SZAN8")).toEqual([["Y", 90_001]]);
    expect(trim(await selectAll(stand.writer, "F0101"), "ABAN8", "ABALKY", "ABAT1")).toEqual([
      [90_001, "SH7011234567890", "C"],
    ]);
    const [record] = jde.customers.findByAlky("SH7011234567890");
    expect(record).toMatchObject({
      an8: 90_001,
      mailingName: "Ada Lovelace",
      addresses: [{ ALADD1: "12 St James's Sq", ALCTY1: "London", ALCTR: "GB" }],
      phones: [{ WPPH1: "+442079460000" }],
      electronicAddresses: [],
      companies: [],
    });

    // link-later: once the AN8 is read back, F03012Z1 and F01151Z1 follow.
    await writeRows(stand.writer, [
      ["F03012Z1", customerMasterZRow(90_001)],
      ["F01151Z1", emailZRow(90_001, "ada@example.com")],
    ]);
    await jde.control.runCustomerProcessors();
    expect(trim(await selectAll(stand.writer, "F03012Z1"), "VOEDSP")).toEqual([["Y"]]);
    expect(trim(await selectAll(stand.writer, "F01151Z1"), "EBEDSP")).toEqual([["Y"]]);
    expect(jde.customers.get(90_001)).toMatchObject({
      companies: [{ AICO: "00100", AICRCD: "USD", AITRAR: "N30" }],
      electronicAddresses: [{ EAIDLN: 0, EARCK7: 1, EAETP: "E", EAEMAL: "ada@example.com" }],
    });
    expect(trim(await selectAll(stand.writer, "F01151"), "EAAN8", "EAEMAL")).toEqual([
      [90_001, "ada@example.com"],
    ]);
    expect(jde.stats().customerBatchRows).toEqual({
      F0101Z2: { processed: 1, refused: 0 },
      F03012Z1: { processed: 1, refused: 0 },
      F01151Z1: { processed: 1, refused: 0 },
    });
  });

  it("adds a pre-assigned AN8 with its F03012Z1 and F01151Z1 in one cycle, and refuses it twice", async () => {
    const jde = await stand.start();
    await writeRows(stand.writer, [
      ["F0101Z2", addressBookZRow({ SZAN8: RANGE_AN8 })],
      ["F03012Z1", customerMasterZRow(RANGE_AN8)],
      ["F01151Z1", emailZRow(RANGE_AN8, "ada@example.com")],
    ]);
    await jde.control.runCustomerProcessors();
    expect(jde.customers.get(RANGE_AN8)).toMatchObject({ companies: [{ AICO: "00100" }] });
    await writeRows(stand.writer, [
      ["F0101Z2", addressBookZRow({ SZAN8: RANGE_AN8, SZEDTN: "again" })],
      ["F0101Z2", addressBookZRow({ SZEDTN: "next" })],
    ]);
    await jde.control.runCustomerProcessors();
    expect(trim(await selectAll(stand.writer, "F0101Z2"), "SZEDTN", "SZEDSP", "SZAN8")).toEqual([
      ["SH7011234567890-1", "Y", RANGE_AN8],
      ["again", "N", RANGE_AN8],
      ["next", "Y", 90_001],
    ]);
    expect(jde.customers.batchErrors()).toEqual([
      expect.objectContaining({
        table: "F0101Z2",
        EDTN: "again",
        errors: [expect.objectContaining({ CODE: "0043" })],
      }),
    ]);
  });

  it("refuses F03012Z1 and F01151Z1 rows whose AN8 is not in F0101 yet", async () => {
    const jde = await stand.start();
    await writeRows(stand.writer, [
      ["F03012Z1", customerMasterZRow(RANGE_AN8)],
      ["F01151Z1", emailZRow(RANGE_AN8, "ada@example.com")],
    ]);
    await jde.control.runCustomerProcessors();
    expect(trim(await selectAll(stand.writer, "F03012Z1"), "VOEDSP")).toEqual([["N"]]);
    expect(trim(await selectAll(stand.writer, "F01151Z1"), "EBEDSP")).toEqual([["N"]]);
    expect(jde.customers.batchErrors().map((e) => [e.table, e.errors[0]?.CODE])).toEqual([
      ["F03012Z1", "0039"],
      ["F01151Z1", "0039"],
    ]);
    expect(await selectAll(stand.writer, "F03012")).toEqual([]);
  });

  it("refuses the batch rows a rejectBatchRows rule names (table, AN8, action) until cleared, writing nothing", async () => {
    const jde = await stand.start();
    await writeRows(stand.writer, [
      ["F0101Z2", addressBookZRow({ SZAN8: RANGE_AN8 })],
      ["F03012Z1", customerMasterZRow(RANGE_AN8)],
    ]);
    await jde.control.runCustomerProcessors();
    const error = { CODE: "0317", DESC: "Invalid Payment Terms" };
    jde.control.customers.rejectBatchRows({ table: "F0101Z2", addressNumber: RANGE_AN8, action: "C" }, error);
    jde.control.customers.rejectBatchRows({ table: "F03012Z1", addressNumber: RANGE_AN8 }, error);
    jde.control.customers.rejectBatchRows({ table: "F01151Z1", addressNumber: RANGE_AN8 }, error);
    await writeRows(stand.writer, [
      ["F0101Z2", addressBookZRow({ SZAN8: RANGE_AN8, SZEDTN: "change", SZTNAC: "C", SZALPH: "Ada King" })],
      ["F0101Z2", addressBookZRow({ SZEDTN: "other", SZALKY: "SH2" })],
      ["F03012Z1", customerMasterZRow(RANGE_AN8, { VOEDTN: "master", VOCO: "00200" })],
      ["F01151Z1", emailZRow(RANGE_AN8, "ada@example.com")],
    ]);
    await jde.control.runCustomerProcessors();
    expect(trim(await selectAll(stand.writer, "F0101Z2"), "SZEDTN", "SZEDSP")).toEqual([
      ["SH7011234567890-1", "Y"],
      ["change", "N"],
      ["other", "Y"],
    ]);
    expect(trim(await selectAll(stand.writer, "F03012Z1"), "VOEDTN", "VOEDSP")).toEqual([
      [`SH-${RANGE_AN8}`, "Y"],
      ["master", "N"],
    ]);
    expect(trim(await selectAll(stand.writer, "F01151Z1"), "EBEDSP")).toEqual([["N"]]);
    expect(jde.customers.get(RANGE_AN8)).toMatchObject({
      alphaName: "Ada Lovelace",
      electronicAddresses: [],
    });
    expect(jde.customers.batchErrors().map((e) => [e.table, e.errors[0]?.CODE])).toEqual([
      ["F0101Z2", "0317"],
      ["F03012Z1", "0317"],
      ["F01151Z1", "0317"],
    ]);

    jde.control.customers.clearRejections();
    await writeRows(stand.writer, [
      ["F01151Z1", emailZRow(RANGE_AN8, "ada@example.com", { EBEDTN: "again" })],
    ]);
    await jde.control.runCustomerProcessors();
    expect(jde.customers.get(RANGE_AN8)?.electronicAddresses.map((e) => e.EAEMAL)).toEqual([
      "ada@example.com",
    ]);
  });

  it("processes only rows whose EDSP is blank", async () => {
    const jde = await stand.start();
    await writeRows(stand.writer, [
      ["F0101Z2", addressBookZRow({ SZEDTN: "done", SZEDSP: "Y", SZALKY: "SHDONE" })],
      ["F0101Z2", addressBookZRow({ SZEDTN: "failed", SZEDSP: "N", SZALKY: "SHFAILED" })],
      ["F0101Z2", addressBookZRow({ SZEDTN: "new", SZALKY: "SHNEW" })],
    ]);
    await jde.control.runCustomerProcessors();
    expect(trim(await selectAll(stand.writer, "F0101Z2"), "SZEDTN", "SZEDSP", "SZAN8")).toEqual([
      ["done", "Y", 0],
      ["failed", "N", 0],
      ["new", "Y", 90_001],
    ]);
    expect(jde.customers.list().map((c) => c.alky)).toEqual(["", "shopify:4242", "SHNEW"]);
  });

  it("changes a record (TNAC C) after the adds, leaving blank columns unchanged", async () => {
    const jde = await stand.start();
    await writeRows(stand.writer, [
      ["F0101Z2", addressBookZRow({ SZEDTN: "b-change", SZTNAC: "C", SZAN8: RANGE_AN8, SZALPH: "Ada King" })],
      ["F0101Z2", addressBookZRow({ SZEDTN: "a-add", SZAN8: RANGE_AN8 })],
    ]);
    const blanks = { SZMLNM: "", SZADD1: "", SZCTY1: "", SZADDZ: "", SZCTR: "", SZPH1: "", SZAT1: "" };
    await writeRows(stand.writer, [
      [
        "F0101Z2",
        addressBookZRow({ SZEDTN: "c-change", SZTNAC: "C", SZAN8: RANGE_AN8, SZALPH: "", ...blanks }),
      ],
    ]);
    await jde.control.runCustomerProcessors();
    expect(trim(await selectAll(stand.writer, "F0101Z2"), "SZEDTN", "SZEDSP")).toEqual([
      ["a-add", "Y"],
      ["b-change", "Y"],
      ["c-change", "Y"],
    ]);
    expect(jde.customers.get(RANGE_AN8)).toMatchObject({
      alphaName: "Ada King",
      searchType: "C",
      addresses: [{ ALADD1: "12 St James's Sq" }],
      phones: [{ WPPH1: "+442079460000" }],
    });
  });

  it("runs R01010Z before R09110Z in a cycle, so an order can carry the new AN8 at once", async () => {
    const jde = await stand.start();
    await writeRows(stand.writer, [["F0101Z2", addressBookZRow({ SZAN8: RANGE_AN8 })]]);
    await writeZRows(stand.writer, balancedZDocument({ VNAN8: RANGE_AN8 }));
    await jde.control.runProcessor();
    expect(trim(await selectAll(stand.writer, "F0911Z1"), "VNEDSP")).toEqual([["1"], ["1"], ["1"]]);
  });

  it("leaves customer rows at blank EDSP while paused, and R09110Z then refuses the unknown AN8", async () => {
    const jde = await stand.start();
    jde.control.pauseCustomerProcessors();
    await writeRows(stand.writer, [["F0101Z2", addressBookZRow({ SZAN8: RANGE_AN8 })]]);
    await writeZRows(stand.writer, balancedZDocument({ VNAN8: RANGE_AN8 }));
    await jde.control.runProcessor();
    expect(trim(await selectAll(stand.writer, "F0101Z2"), "SZEDSP")).toEqual([[""]]);
    expect(jde.stagingErrors()[0]?.errors).toContainEqual(expect.objectContaining({ CODE: "0039" }));
    expect(jde.stats().customerProcessorPausedTicks).toBe(1);
    jde.control.resumeCustomerProcessors();
    await jde.control.runProcessor();
    expect(trim(await selectAll(stand.writer, "F0911Z1"), "VNEDSP")).toEqual([["1"], ["1"], ["1"]]);
  });

  it("sets EDSP N for a customer a rejectWhere rule matches", async () => {
    const jde = await stand.start();
    jde.control.customers.rejectWhere(
      { alphaName: "Ada Lovelace" },
      { CODE: "0017", DESC: "Duplicate Name" },
    );
    await writeRows(stand.writer, [["F0101Z2", addressBookZRow()]]);
    await jde.control.runCustomerProcessors();
    expect(trim(await selectAll(stand.writer, "F0101Z2"), "SZEDSP", "SZAN8")).toEqual([["N", 0]]);
    expect(jde.customers.findByAlky("SH7011234567890")).toEqual([]);
  });

  it("takes a cycle back when its database write fails, and retries it", async () => {
    const jde = await stand.start();
    await writeRows(stand.writer, [
      ["F0101", tableRow("F0101", { ABAN8: 90_001, ABALPH: "Written Behind" })],
    ]);
    await writeRows(stand.writer, [["F0101Z2", addressBookZRow()]]);
    await expect(jde.control.runCustomerProcessors()).rejects.toThrow();
    expect(jde.stats().processorErrors).toBe(1);
    expect([jde.customers.get(90_001), jde.tables.F0116, jde.tables.F0111]).toEqual([undefined, [], []]);
    expect(trim(await selectAll(stand.writer, "F0101Z2"), "SZEDSP")).toEqual([[""]]);
    await jde.control.runCustomerProcessors();
    expect(trim(await selectAll(stand.writer, "F0101Z2"), "SZEDSP", "SZAN8")).toEqual([["Y", 90_002]]);
  });

  it("loads the records of earlier runs on start, and Next Numbers skip the numbers taken", async () => {
    const first = await stand.start();
    await writeRows(stand.writer, [["F0101Z2", addressBookZRow()]]);
    await first.control.runCustomerProcessors();
    await first.close();
    const again = await stand.start();
    expect(again.customers.findByAlky("SH7011234567890").map((c) => c.an8)).toEqual([90_001]);
    await writeRows(stand.writer, [["F0101Z2", addressBookZRow({ SZEDTN: "second", SZALKY: "SH2" })]]);
    await again.control.runCustomerProcessors();
    expect(again.customers.findByAlky("SH2").map((c) => c.an8)).toEqual([90_002]);
  });
});
