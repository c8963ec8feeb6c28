import { afterEach, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "../support/e2e-harness.js";
import { exactlyOnceProblems, generateOrders } from "../support/exactly-once.js";

describe.each(["sqlite", "postgres"] as const)("F0911Z1 direct insert on a %s stand-in (e2e)", (dialect) => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("posts orders as F0911Z1 rows that R09110Z turns into journal entries, each exactly once", async () => {
    e2e = await startE2E({ zTable: dialect, maxDocuments: 50 });
    const orders = generateOrders(e2e, 20, 301);
    await e2e.waitForPosting(orders, 60_000);

    const stats = e2e.jde.stats();
    expect(stats.calls["v3/orchestrator/MLC_JournalEntryBatch"] ?? 0).toBe(0);
    const staged = await e2e.jde.database!.query(
      `SELECT count(*) AS n FROM ${e2e.jde.database!.tableName("F0911Z1")} WHERE "VNEDSP" = '1'`,
    );
    expect(Number(staged[0]!.n)).toBeGreaterThan(orders.length);
    const documents = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
    expect(documents.every((d) => d.documentNumber && d.batchNumber)).toBe(true);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });
});
