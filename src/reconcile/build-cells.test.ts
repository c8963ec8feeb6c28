import { describe, expect, it } from "vitest";
import { parseAccountKey } from "../domain/account-key.js";
import { buildCells } from "./build-cells.js";
import {
  line,
  makeConnectorDocument,
  makeExpectedOrder,
  makeJdeDocument,
  NOVEMBER,
  saleLines,
} from "./test-support/reconcile-builders.js";

function cell(glDate: string, account: string, amounts: [bigint, bigint, bigint, bigint?]) {
  const [shopifyMinor, connectorMinor, jdeMinor, jdeUnpostedMinor = 0n] = amounts;
  return {
    glDate,
    account: parseAccountKey(account),
    shopifyMinor,
    connectorMinor,
    jdeMinor,
    jdeUnpostedMinor,
  };
}

describe("buildCells", () => {
  it("puts each side's amount per date and account beside the others", () => {
    const cells = buildCells({
      period: NOVEMBER,
      expected: [makeExpectedOrder(1), makeExpectedOrder(2, { lines: saleLines(500n) })],
      connector: [makeConnectorDocument(1)],
      jde: [makeJdeDocument(1, { lines: saleLines(9_000n) })],
    });
    expect(cells).toEqual([
      cell("2026-11-27", "100.1115", [10_500n, 10_000n, 9_000n]),
      cell("2026-11-27", "100.4100", [-10_500n, -10_000n, -9_000n]),
    ]);
  });

  it("counts unposted JDE lines in jdeMinor and again in jdeUnpostedMinor", () => {
    const cells = buildCells({
      period: NOVEMBER,
      expected: [],
      connector: [],
      jde: [makeJdeDocument(1), makeJdeDocument(2, { posted: false, lines: saleLines(300n) })],
    });
    expect(cells[0]).toEqual(cell("2026-11-27", "100.1115", [0n, 0n, 10_300n, 300n]));
  });

  it.each([
    ["a rejected connector document", { connector: [makeConnectorDocument(1, { status: "rejected" })] }],
    ["a date outside the period", { expected: [makeExpectedOrder(1, { glDate: "2026-12-01" })] }],
    [
      "lines that net to zero per account",
      { connector: [makeConnectorDocument(1, { lines: [...saleLines(5n), ...saleLines(-5n)] })] },
    ],
  ])("holds no cell for %s", (_name, sides) => {
    expect(buildCells({ period: NOVEMBER, expected: [], connector: [], jde: [], ...sides })).toEqual([]);
  });

  it("sorts by date, then account with the business unit right-justified as JDE sorts it", () => {
    const lines = [line("100.4100", -3n), line("20.4100", 1n), line("100.1115", 2n)];
    const cells = buildCells({
      period: NOVEMBER,
      expected: [
        makeExpectedOrder(1, { glDate: "2026-11-28", lines }),
        makeExpectedOrder(2, { glDate: "2026-11-02", lines }),
      ],
      connector: [],
      jde: [],
    });
    expect(cells.map((c) => `${c.glDate} ${c.account.businessUnit}.${c.account.object}`)).toEqual([
      "2026-11-02 20.4100",
      "2026-11-02 100.1115",
      "2026-11-02 100.4100",
      "2026-11-28 20.4100",
      "2026-11-28 100.1115",
      "2026-11-28 100.4100",
    ]);
  });
});
