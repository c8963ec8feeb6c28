import { afterEach, describe, expect, it } from "vitest";
import { type E2E, jdeDocumentsByReference, startE2E } from "../support/e2e-harness.js";
import { ledgerMismatches } from "../support/e2e-orders.js";

/** Each order's JDE document count (by VINV = order name) next to the connector's documents for it. */
async function documentCounts(e2e: E2E, orderGids: string[]) {
  const inJde = jdeDocumentsByReference(e2e.jde);
  const documents = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
  return orderGids.map((gid) => {
    const name = e2e.shopify.orders.get(e2e.shop, gid)?.name ?? gid;
    return {
      order: name,
      connector: documents.filter((d) => d.orderId === gid).length,
      jde: inJde.get(name) ?? 0,
    };
  });
}

describe("JDE failures (e2e)", () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("logs in again after every AIS token expired mid-run and posts nothing twice", async () => {
    e2e = await startE2E();
    const first = e2e.shopify.orders.generate(e2e.shop, 5, { seed: 11, refundRate: 0 }).map((o) => o.gid);
    await e2e.waitForPosting(first);
    const before = e2e.jde.stats();

    e2e.jde.control.expireAllTokens();
    const second = e2e.shopify.orders.generate(e2e.shop, 5, { seed: 12, refundRate: 0 }).map((o) => o.gid);
    await e2e.waitForPosting([...first, ...second]);

    const after = e2e.jde.stats();
    expect(after.http444).toBeGreaterThan(before.http444);
    expect(after.tokenRequests).toBeGreaterThan(before.tokenRequests);
    const counts = await documentCounts(e2e, [...first, ...second]);
    for (const c of counts) expect(c.jde, c.order).toBe(c.connector);
    expect(counts.every((c) => c.connector >= 1)).toBe(true);
    expect([...first, ...second].flatMap((gid) => ledgerMismatches(e2e, gid))).toEqual([]);
  });

  // Nothing calls JDE between startup and the first batch, so the injected failure hits the journal
  // orchestration itself: JDE does the work, the connector sees a 500.
  it.each(["sync", "staged"] as const)(
    "looks a batch up after a lost response instead of posting it twice (%s processing)",
    async (processing) => {
      e2e = await startE2E({ processing });
      const before = e2e.jde.stats();
      e2e.jde.control.failNext(1, 500, "afterWork");
      const orders = e2e.shopify.orders.generate(e2e.shop, 5, { seed: 21, refundRate: 0 }).map((o) => o.gid);
      await e2e.waitForPosting(orders);

      const after = e2e.jde.stats();
      expect(after.injectedFailures).toBe(1);
      expect(after.calls["v3/orchestrator/MLC_JournalEntryBatch"]).toBeGreaterThanOrEqual(1);
      // the connector asked JDE what became of the batch (a data-service lookup)
      expect(after.calls["v2/dataservice"] ?? 0).toBeGreaterThan(before.calls["v2/dataservice"] ?? 0);
      const counts = await documentCounts(e2e, orders);
      for (const c of counts) expect(c.connector, c.order).toBe(1);
      for (const c of counts) expect(c.jde, c.order).toBe(1);
      expect(after.documentsAccepted + after.documentsStaged).toBe(orders.length);
      expect(orders.flatMap((gid) => ledgerMismatches(e2e, gid))).toEqual([]);
    },
  );

  it("stays up, not ready, after AIS refuses the password, and does not retry the login into a lockout", async () => {
    e2e = await startE2E({ jdeConfig: { password: "wrong-password", referenceRefreshMs: 1000 } });
    const orders = e2e.shopify.orders.generate(e2e.shop, 3, { seed: 41, refundRate: 0 }).map((o) => o.gid);
    await e2e.shopify.webhooks.idle();
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const health = (await (await fetch(`${e2e.url}/healthz`)).json()) as {
      detail: { tenants: { ready: boolean; jdeProblem: string | null }[] };
    };
    expect(health.detail.tenants[0]).toMatchObject({ ready: false });
    expect(health.detail.tenants[0]?.jdeProblem).toMatch(
      /^MLC_AIS_CREDENTIALS: AIS refused the login of SVC_SHOP/,
    );
    expect(health.detail.tenants[0]?.jdeProblem).not.toContain("wrong-password");
    expect(e2e.jde.stats().tokenRequests).toBe(1); // three refreshes later, still the one attempt
    expect(e2e.countRows("inbox_events")).toBeGreaterThanOrEqual(orders.length);
    expect(e2e.countRows("posting_documents")).toBe(0);
  });
});
