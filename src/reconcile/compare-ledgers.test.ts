import { describe, expect, it } from "vitest";
import { compareLedgers, type ReconciliationInput } from "./compare-ledgers.js";
import { nonZeroLines, sumByAccount } from "./ledger-lines.js";
import type { ReconcileCell, VarianceType } from "./reconciliation.js";
import {
  agreeingLedgers,
  agreeingOrder,
  makeConnectorDocument,
  makeExpectedOrder,
  makeJdeDocument,
  NOVEMBER,
  orderIds,
  saleLines,
} from "./test-support/reconcile-builders.js";

/** #1042 agreeing on all three sides, with `change` applied to its input. */
function order1042(change: (input: ReconciliationInput) => Partial<ReconciliationInput> = () => ({})) {
  const sides = agreeingOrder(1042);
  const input: ReconciliationInput = {
    period: NOVEMBER,
    summary: "none",
    expected: [sides.expected],
    connector: [sides.connector],
    jde: [sides.jde],
  };
  return { ...input, ...change(input) };
}

const ids = orderIds(1042);

describe("compareLedgers", () => {
  it("finds no variance and equal cells when the three sides agree", () => {
    const input = agreeingLedgers(40);
    // The caller reads a document twice (by period and by DOC); the company's own accrual is counted.
    const accrual = makeJdeDocument(1, {
      reference: "NOV ACCRUAL",
      documentNumber: "1",
      lines: saleLines(5n),
    });
    const result = compareLedgers({ ...input, jde: [...input.jde, input.jde[0]!, accrual] });
    expect(result.variances).toEqual([]);
    expect(Object.values(result.summary).every((count) => count === 0)).toBe(true);
    expect(result.cells.length).toBeGreaterThan(0);
    for (const cell of result.cells) {
      expect([cell.connectorMinor, cell.jdeMinor]).toEqual([cell.shopifyMinor, cell.shopifyMinor]);
    }
    expect(result.otherJdeDocuments).toBe(1);
    const { shopify, connector, jde, jdeUnposted } = result.totals;
    expect(shopify.debitMinor).toBe(shopify.creditMinor);
    expect([connector, jde]).toEqual([shopify, shopify]);
    expect(jdeUnposted).toEqual({ debitMinor: 0n, creditMinor: 0n });
  });

  it("reconciles an order corrected on a later day: the days differ, the period and its totals agree", () => {
    // Posted on 4100 on the 3rd; the fixed mapping says 4120; the correction on the 27th moves it.
    const original = saleLines(10_000n);
    const correction = [...saleLines(-10_000n), ...saleLines(10_000n, "100.4120")];
    const result = compareLedgers({
      period: NOVEMBER,
      summary: "none",
      expected: [makeExpectedOrder(1042, { glDate: "2026-11-03", lines: saleLines(10_000n, "100.4120") })],
      connector: [
        makeConnectorDocument(1042, { glDate: "2026-11-03", lines: original }),
        makeConnectorDocument(1042, {
          sequence: 2,
          kind: "correction",
          eventIds: [],
          glDate: "2026-11-27",
          lines: correction,
        }),
      ],
      jde: [
        makeJdeDocument(1042, { glDate: "2026-11-03", lines: original }),
        makeJdeDocument(1042, { sequence: 2, glDate: "2026-11-27", lines: correction }),
      ],
    });
    expect(result.variances).toEqual([]);
    const third = result.cells.filter((c) => c.glDate === "2026-11-03" && c.account.object === "4100");
    expect(third.map((c) => [c.shopifyMinor, c.connectorMinor, c.jdeMinor])).toEqual([
      [0n, -10_000n, -10_000n],
    ]);
    expect(result.totals.shopify).toEqual({ debitMinor: 10_000n, creditMinor: 10_000n });
    expect([result.totals.connector, result.totals.jde]).toEqual([
      result.totals.shopify,
      result.totals.shopify,
    ]);
  });

  const typeExamples: [VarianceType, () => ReconciliationInput][] = [
    ["not_posted_by_connector", () => order1042(() => ({ connector: [], jde: [] }))],
    [
      "mapping_differs",
      () =>
        order1042(() => ({ expected: [makeExpectedOrder(1042, { lines: saleLines(10_000n, "140.4100") })] })),
    ],
    [
      "awaiting_jde",
      () => order1042(() => ({ connector: [makeConnectorDocument(1042, { status: "sent" })], jde: [] })),
    ],
    [
      "rejected_by_jde",
      () => order1042(() => ({ connector: [makeConnectorDocument(1042, { status: "rejected" })], jde: [] })),
    ],
    ["missing_in_jde", () => order1042(() => ({ jde: [] }))],
    [
      "amount_mismatch",
      () => order1042(() => ({ jde: [makeJdeDocument(1042, { lines: saleLines(9_999n) })] })),
    ],
    [
      "posted_in_another_period",
      () => order1042(() => ({ jde: [makeJdeDocument(1042, { glDate: "2026-12-01" })] })),
    ],
    [
      "posted_on_another_date",
      () => order1042(() => ({ jde: [makeJdeDocument(1042, { glDate: "2026-11-28" })] })),
    ],
    ["unposted_batch", () => order1042(() => ({ jde: [makeJdeDocument(1042, { posted: false })] }))],
    [
      "posted_twice",
      () => order1042((i) => ({ jde: [...i.jde, makeJdeDocument(1042, { documentNumber: "99" })] })),
    ],
    [
      "unknown_to_connector",
      () =>
        order1042((i) => ({
          jde: [...i.jde, makeJdeDocument(1042, { documentNumber: "99", lines: saleLines(1n) })],
        })),
    ],
  ];

  it.each(typeExamples)("produces %s from a minimal input, traced to order #1042", (type, makeInput) => {
    const result = compareLedgers(makeInput());
    const found = result.variances.filter((variance) => variance.type === type);
    expect(found).toHaveLength(1);
    expect(result.summary[type]).toBe(1);
    expect(found[0]?.orders).toEqual([{ orderId: ids.orderId, orderName: "#1042" }]);
    expect(found[0]?.explanation).toMatch(/#1042|S1042A1/);
    expect(NOVEMBER.firstDate <= found[0]!.glDate && found[0]!.glDate <= NOVEMBER.lastDate).toBe(true);
  });

  it("reports a document JDE moved to another period once, as posted_in_another_period only", () => {
    const sides = agreeingOrder(1042, "2026-11-30");
    const moved = makeJdeDocument(1042, { glDate: "2026-12-02", lines: sides.jde.lines });
    const result = compareLedgers({
      ...order1042(),
      expected: [sides.expected],
      connector: [sides.connector],
      jde: [moved],
    });
    expect(result.variances).toHaveLength(1);
    expect(result.variances[0]).toMatchObject({ type: "posted_in_another_period", glDate: "2026-11-30" });
    expect(result.variances[0]?.explanation).toBe(
      `JDE document ${ids.documentNumber} (#1042) was posted on 2026-12-02, outside 2026/11; the connector posted it on 2026-11-30.`,
    );
  });

  it("tells a copy of the connector's document (posted twice) from another document naming the order", () => {
    const copy = makeJdeDocument(1042, { documentNumber: "91" });
    const typedByHand = makeJdeDocument(1042, { documentNumber: "92", lines: saleLines(250n) });
    const foreign = makeJdeDocument(7, { documentNumber: "93", reference: "#7" });
    const result = compareLedgers(order1042((i) => ({ jde: [...i.jde, copy, typedByHand, foreign] })));
    expect(result.variances.map((v) => [v.type, v.jdeDocuments])).toEqual([
      ["posted_twice", [ids.documentNumber, "91"]],
      ["unknown_to_connector", ["92"]],
    ]);
    expect(result.otherJdeDocuments).toBe(1);
    const cashCell = result.cells.find((cell) => cell.account.object === "1115");
    expect(cashCell).toMatchObject({ connectorMinor: 10_000n, jdeMinor: 20_250n });
  });

  it("ignores documents of another period that come in with an order of this one", () => {
    const octoberSale = { glDate: "2026-10-30", eventIds: ["evt-1042-0"], lines: saleLines(500n) };
    const expected = makeExpectedOrder(1042, {
      documents: [octoberSale, { glDate: "2026-11-27", eventIds: [ids.eventId], lines: saleLines(10_000n) }],
    });
    const october = { glDate: "2026-10-30", lines: saleLines(500n), sequence: 0 };
    const result = compareLedgers(
      order1042((i) => ({
        expected: [expected],
        connector: [...i.connector, makeConnectorDocument(1042, { ...october, eventIds: ["evt-1042-0"] })],
        jde: [...i.jde, makeJdeDocument(1042, { ...october, posted: false, lines: saleLines(1n) })],
      })),
    );
    expect(result.variances).toEqual([]);
    expect(result.cells.map((cell) => cell.glDate)).toEqual(["2026-11-27", "2026-11-27"]);
  });

  it("returns the same result whatever order the input lists things in", () => {
    const input = order1042((i) => ({
      expected: [...i.expected, makeExpectedOrder(7, { glDate: "2026-11-02" }), makeExpectedOrder(8)],
      connector: [...i.connector, makeConnectorDocument(8, { status: "sent" })],
      jde: [
        ...i.jde,
        makeJdeDocument(1042, { documentNumber: "99001" }),
        makeJdeDocument(9, { reference: "#7" }),
      ],
    }));
    const reversed = {
      ...input,
      expected: [...input.expected].reverse(),
      connector: [...input.connector].reverse(),
      jde: [...input.jde].reverse(),
    };
    expect(compareLedgers(reversed)).toEqual(compareLedgers(input));
    expect(compareLedgers(input).variances.map((v) => [v.glDate, v.type])).toEqual([
      ["2026-11-02", "not_posted_by_connector"],
      ["2026-11-27", "awaiting_jde"],
      ["2026-11-27", "posted_twice"],
      ["2026-11-27", "unknown_to_connector"],
    ]);
  });

  it("compares a summary tenant per day, its summary document matched in JDE by DOC", () => {
    const lines = [...saleLines(300n), ...saleLines(700n)];
    const summary = makeConnectorDocument(0, {
      key: "acme/D261127-1",
      kind: "summary",
      orderId: "summary:2026-11-27",
      orderName: "Shopify 2026-11-27",
      documentNumber: "7001",
      eventIds: [orderIds(1).eventId, orderIds(2).eventId],
      lines,
    });
    const input: ReconciliationInput = {
      period: NOVEMBER,
      summary: "daily",
      expected: [
        makeExpectedOrder(1, { lines: saleLines(300n) }),
        makeExpectedOrder(2, { lines: saleLines(700n) }),
      ],
      connector: [summary],
      jde: [makeJdeDocument(0, { documentNumber: "7001", reference: "Shopify 2026-11-27", lines })],
    };
    expect(compareLedgers(input).variances).toEqual([]);
    const missingOrder = compareLedgers({ ...input, expected: [...input.expected, makeExpectedOrder(3)] });
    expect(missingOrder.variances).toMatchObject([
      { type: "not_posted_by_connector", orders: [{ orderName: "#3" }] },
    ]);
    const inOrderMode = compareLedgers({ ...input, summary: "none" });
    expect(inOrderMode.summary.mapping_differs).toBe(2);
  });

  it("reconciles thousands of agreeing orders with no variance (maps, not scans)", () => {
    const result = compareLedgers(agreeingLedgers(5_000));
    expect(result.variances).toEqual([]);
    // Per day: clearing, tax and one revenue account (the day decides the revenue BU).
    expect(result.cells).toHaveLength(30 * 3);
    expect(result.totals.jde).toEqual(result.totals.shopify);
  });

  it("keeps the sign convention: variance lines add up to the cells' differences per account", () => {
    const input = order1042((i) => ({
      expected: [
        ...i.expected,
        makeExpectedOrder(1),
        makeExpectedOrder(2, { lines: saleLines(3n, "140.4100") }),
        makeExpectedOrder(4, { lines: saleLines(40n) }),
      ],
      connector: [
        ...i.connector,
        makeConnectorDocument(2, { lines: saleLines(3n) }),
        makeConnectorDocument(3, { status: "staged" }),
        makeConnectorDocument(4, { status: "rejected", lines: saleLines(40n) }),
      ],
      jde: [
        makeJdeDocument(1042, { lines: saleLines(9_000n), posted: false }),
        makeJdeDocument(2, { lines: saleLines(3n) }),
        makeJdeDocument(2, { documentNumber: "99001", lines: saleLines(3n) }),
      ],
    }));
    const result = compareLedgers(input);
    expect(new Set(result.variances.map((v) => v.type))).toEqual(
      new Set([
        "not_posted_by_connector",
        "mapping_differs",
        "awaiting_jde",
        "rejected_by_jde",
        "amount_mismatch",
        "unposted_batch",
        "posted_twice",
      ]),
    );
    const shopifySide: VarianceType[] = ["not_posted_by_connector", "mapping_differs"];
    const variancesOf = (pick: (type: VarianceType) => boolean) =>
      nonZeroLines(sumByAccount(...result.variances.filter((v) => pick(v.type)).map((v) => v.lines)));
    const cellsOf = (amountOf: (cell: ReconcileCell) => bigint) =>
      nonZeroLines(
        sumByAccount(result.cells.map((cell) => ({ account: cell.account, amountMinor: amountOf(cell) }))),
      );
    expect(variancesOf((type) => shopifySide.includes(type))).toEqual(
      cellsOf((cell) => cell.connectorMinor - cell.shopifyMinor),
    );
    expect(variancesOf((type) => !shopifySide.includes(type) && type !== "unposted_batch")).toEqual(
      cellsOf((cell) => cell.jdeMinor - cell.connectorMinor),
    );
    expect(variancesOf((type) => type === "unposted_batch")).toEqual(
      cellsOf((cell) => -cell.jdeUnpostedMinor),
    );
  });
});
