import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../lib/clock.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { createExceptionList } from "./exceptions.js";
import { exceptionFixtures, gid, TENANT } from "./exceptions-fixtures.test-helper.js";

const now = new Date("2026-11-27T12:00:00Z");
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe("listing a tenant's exceptions", () => {
  let store: Store;
  const clock: Clock = { now: () => now, sleep: async () => {} };

  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock: { now: () => minutesAgo(120) } });
    await store.migrate();
  });
  afterEach(async () => store.close());

  const list = () =>
    createExceptionList({ jobs: store.jobs, posting: store.posting, audit: store.audit, clock }).list(TENANT);

  it("lists parked orders, failing jobs, rejected and long-unanswered documents, oldest first, each with its cause", async () => {
    const fixtures = exceptionFixtures(store);
    const parkedJob = await fixtures.parkedOrder(1001, minutesAgo(90), {
      code: "MLC_JDE_ACCOUNT_INVALID",
      reason: "account 100.4999 does not exist in JDE company 00100",
      name: "#1001",
    });
    await fixtures.parkedOrder(1004, minutesAgo(80), {
      code: "MLC_SHOPIFY_ACCESS_DENIED",
      reason: "read_orders missing",
    });
    await fixtures.retryingOrder(1003, minutesAgo(70), 3, "MLC_AIS_UNAVAILABLE: connect ECONNREFUSED");
    const rejected = await fixtures.documentOf(1002, minutesAgo(60), "rejected", [
      { code: "PBCO", description: "Date Prior To Current Period" },
      { code: "0025", description: "Account Number Invalid" },
    ]);
    const stuck = await fixtures.documentOf(1005, minutesAgo(30), "unknown");

    const records = await list();

    expect(records.map((r) => [r.orderName ?? r.orderId, r.status, r.cause, r.code, r.action])).toEqual([
      // The queue keeps no first failure: a failing job counts from its creation (the store clock here).
      [gid(1003), "retrying", "ais_unavailable", "MLC_AIS_UNAVAILABLE", "retry-now"],
      ["#1001", "parked", "unmapped_account", "MLC_JDE_ACCOUNT_INVALID", "unpark"],
      [gid(1004), "parked", "shopify_access_denied", "MLC_SHOPIFY_ACCESS_DENIED", "unpark"],
      ["#1002", "rejected", "closed_period", "PBCO", "look-up"],
      ["#1005", "unknown", "ais_unavailable", null, "none"],
    ]);
    expect(records.find((r) => r.orderName === "#1001")).toMatchObject({
      orderId: gid(1001),
      since: minutesAgo(90),
      reason: "account 100.4999 does not exist in JDE company 00100",
      source: { type: "job", jobId: parkedJob },
    });
    expect(records.find((r) => r.status === "retrying")?.reason).toBe(
      "3 attempts; last: MLC_AIS_UNAVAILABLE: connect ECONNREFUSED",
    );
    expect(records.find((r) => r.status === "rejected")).toMatchObject({
      since: minutesAgo(60),
      reason: "PBCO: Date Prior To Current Period; 0025: Account Number Invalid",
      source: {
        type: "document",
        documentKey: rejected.key,
        edtn: rejected.edtn,
        glDate: "2026-11-20",
        kind: "order",
      },
    });
    expect(records.find((r) => r.status === "unknown")?.reason).toContain(
      `JDE's answer to ${stuck.edtn} (batch B1005)`,
    );
  });

  it("leaves out what is no exception: a job that failed once, a fresh unanswered document, settled documents, other tenants", async () => {
    const fixtures = exceptionFixtures(store);
    await fixtures.retryingOrder(2001, minutesAgo(10), 2, "MLC_AIS_UNAVAILABLE: down");
    await fixtures.documentOf(2002, minutesAgo(5), "sent");
    await fixtures.documentOf(2003, minutesAgo(50), "accepted");
    await store.jobs.enqueue({ tenantId: "other", kind: "order-sync", key: gid(2004) });
    expect(await list()).toEqual([]);
  });
});
