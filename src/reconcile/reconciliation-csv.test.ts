import { describe, expect, it } from "vitest";
import type { Variance } from "./reconciliation.js";
import { cellsCsv, variancesCsv } from "./reconciliation-csv.js";
import { line } from "./test-support/reconcile-builders.js";

describe("reconciliation CSV", () => {
  it("writes one row per cell with exact amounts and both differences, CRLF-terminated", () => {
    const csv = cellsCsv(
      [
        {
          glDate: "2026-11-03",
          account: line("140.4100.01", 0n).account,
          shopifyMinor: -1234n,
          connectorMinor: -1234n,
          jdeMinor: -1000n,
          jdeUnpostedMinor: -5n,
        },
      ],
      3,
    );
    expect(csv).toBe(
      "gl_date,cost_center,account,shopify,connector,jde,jde_unposted,connector_minus_shopify,jde_minus_connector\r\n" +
        "2026-11-03,140,140.4100.01,-1.234,-1.234,-1.000,-0.005,0.000,0.234\r\n",
    );
  });

  it("writes a row per variance line, quotes commas and quotes, and never lets a spreadsheet run a formula", () => {
    const variance: Variance = {
      type: "missing_in_jde",
      glDate: "2026-11-03",
      lines: [line("100.1115", -500n), line("100.4100", 500n)],
      orders: [{ orderId: "gid://shopify/Order/1", orderName: '=HYPERLINK("x")' }],
      connectorDocuments: ["acme/S1A1"],
      jdeDocuments: [],
      explanation: 'JDE has no document "S1A1", DOC 101',
    };
    const rows = variancesCsv([variance, { ...variance, type: "awaiting_jde", lines: [] }], 2)
      .trimEnd()
      .split("\r\n");
    expect(rows).toHaveLength(4);
    expect(rows[1]).toBe(
      `missing_in_jde,2026-11-03,100,100.1115,-5.00,"'=HYPERLINK(""x"")",acme/S1A1,,"JDE has no document ""S1A1"", DOC 101"`,
    );
    expect(rows[2]!.split(",").slice(3, 5)).toEqual(["100.4100", "5.00"]);
    expect(rows[3]!.startsWith("awaiting_jde,2026-11-03,,,,")).toBe(true);
  });
});
