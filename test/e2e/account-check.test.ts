import { afterEach, describe, expect, it } from "vitest";
import { type E2E, jdeDocumentsByReference, startE2E } from "../support/e2e-harness.js";

/** The parked jobs once there are any (empty after 8 s). */
async function parkedJobs(e2e: E2E) {
  const deadline = Date.now() + 8_000;
  let parked = await e2e.connector.store.jobs.list({ status: "parked" });
  while (parked.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    parked = await e2e.connector.store.jobs.list({ status: "parked" });
  }
  return parked;
}

describe("JDE account check before sending (e2e)", () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("parks an order whose rule points at an account JDE does not have, and sends nothing for it", async () => {
    e2e = await startE2E({
      rules: [
        { match: { location: "Main Warehouse" }, revenueAccount: "4999" },
        { match: { location: "Reno DC" }, revenueAccount: "4999" },
      ],
    });
    const orders = e2e.shopify.orders.generate(e2e.shop, 3, { seed: 31, refundRate: 0 }).map((o) => o.gid);
    await e2e.shopify.webhooks.idle();
    const parked = await parkedJobs(e2e);
    expect(parked.length).toBeGreaterThan(0);
    for (const job of parked) {
      expect(job.parkCode).toBe("MLC_JDE_ACCOUNT_INVALID");
      expect(job.parkReason).toMatch(/account \d+\.4999 does not exist in JDE company 00100/);
    }
    const documents = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
    const parkedOrders = new Set(parked.map((job) => job.key));
    expect(documents.filter((d) => parkedOrders.has(d.orderId))).toEqual([]);
    const inJde = jdeDocumentsByReference(e2e.jde);
    for (const gid of parkedOrders) {
      const name = e2e.shopify.orders.get(e2e.shop, gid)?.name ?? gid;
      expect(inJde.get(name) ?? 0).toBe(0);
    }
    expect(orders.some((gid) => parkedOrders.has(gid))).toBe(true);
  });

  it("reads accounts again on its schedule: an account closed to postings in JDE parks later orders", async () => {
    e2e = await startE2E({ jdeConfig: { referenceRefreshMs: 1000 } });
    const first = e2e.shopify.orders.generate(e2e.shop, 3, { seed: 32, refundRate: 0 }).map((o) => o.gid);
    await e2e.waitForPosting(first);
    // The controller sets a posting edit code on the revenue account ("N": no postings).
    const closed = e2e.jde.tables.F0901.filter((row) => row.GMOBJ.trim() === "4100");
    expect(closed.length).toBeGreaterThan(0);
    for (const row of closed) row.GMPEC = "N";
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    e2e.shopify.orders.generate(e2e.shop, 3, { seed: 33, refundRate: 0 });
    await e2e.shopify.webhooks.idle();
    const parked = await parkedJobs(e2e);
    expect(parked.length).toBeGreaterThan(0);
    for (const job of parked) {
      expect(job.parkCode).toBe("MLC_JDE_ACCOUNT_INVALID");
      expect(job.parkReason).toMatch(/4100 does not accept postings/);
    }
  });
});
