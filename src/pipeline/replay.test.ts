import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Clock } from "../lib/clock.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import type { OrderPreview } from "./backfill-preview.js";
import { createExceptionList, type ExceptionRecord } from "./exceptions.js";
import { exceptionFixtures, gid, TENANT } from "./exceptions-fixtures.test-helper.js";
import { createReplay, type ReplayRequest } from "./replay.js";

const now = new Date("2026-11-27T12:00:00Z");
const earlier = new Date("2026-11-27T10:00:00Z");

const request = (overrides: Partial<ReplayRequest>): ReplayRequest => ({
  tenantId: TENANT,
  selector: { all: true },
  reason: "account 4999 opened in JDE",
  requestedBy: "controller",
  dryRun: false,
  ...overrides,
});

function preview(orderId: string): OrderPreview {
  return {
    orderId,
    orderName: "#1001",
    outcome: "post",
    documents: [
      {
        glDate: "2026-11-20",
        currency: "USD",
        decimals: 2,
        eventIds: ["sale"],
        accounts: [{ account: "100.4999", debitMinor: 0n, creditMinor: 2_500n }],
      },
    ],
    adoptedEventIds: [],
    alreadyPostedEventIds: ["payment"],
    skipped: [],
    parkCode: null,
    problems: [],
  };
}

describe("replaying exceptions", () => {
  let store: Store;
  const clock: Clock = { now: () => now, sleep: async () => {} };
  const previewOrder = vi.fn(async (orderId: string) => preview(orderId));

  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock: { now: () => earlier } });
    await store.migrate();
    previewOrder.mockClear();
    const fixtures = exceptionFixtures(store);
    await fixtures.parkedOrder(1001, earlier, {
      code: "MLC_JDE_ACCOUNT_INVALID",
      reason: "no 4999",
      name: "#1001",
    });
    await fixtures.retryingOrder(1003, earlier, 4, "MLC_AIS_UNAVAILABLE: down");
    await fixtures.documentOf(1002, earlier, "rejected", [{ code: "0099", description: "Rejected By MBF" }]);
    await fixtures.documentOf(1005, earlier, "unknown");
  });
  afterEach(async () => store.close());

  function replayer(exceptions?: { list(tenantId: string): Promise<ExceptionRecord[]> }) {
    return createReplay({
      exceptions:
        exceptions ??
        createExceptionList({ jobs: store.jobs, posting: store.posting, audit: store.audit, clock }),
      jobs: store.jobs,
      posting: store.posting,
      audit: store.audit,
      clock,
      previewOrder,
    });
  }

  /** Everything a replay may write: jobs, documents, audit trail. */
  async function snapshot() {
    return {
      jobs: await store.jobs.list({}),
      documents: await store.posting.listDocuments({ tenantId: TENANT }),
      audit: await store.audit.query({ tenantId: TENANT, limit: 1000 }),
    };
  }

  it("refuses without a selector, and a real run without a reason, touching nothing", async () => {
    const before = await snapshot();
    expect(await replayer().replay(request({ selector: {} }))).toEqual({
      type: "refused",
      reason: "name what to replay: orders, a cause, a date range, a status, or all",
    });
    expect(await replayer().replay(request({ selector: { orders: [" "] } }))).toMatchObject({
      type: "refused",
    });
    expect(await replayer().replay(request({ reason: "  " }))).toEqual({
      type: "refused",
      reason: "a replay needs a reason (--reason)",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("unparks parked orders, runs failing jobs now and puts rejected documents up for a look-up, each audited", async () => {
    const outcome = await replayer().replay(request({}));
    if (outcome.type !== "report") throw new Error(outcome.reason);
    const { report } = outcome;
    expect(report.selected).toBe(4);
    expect(report.replayed.map((r) => [r.record.orderId, r.result])).toEqual([
      [gid(1001), "unparked"],
      [gid(1002), "look-up"],
      [gid(1003), "retry-now"],
    ]);
    expect(report.skipped.map((s) => [s.record.orderId, s.why])).toEqual([
      [gid(1005), expect.stringContaining("the running service looks the document up by itself")],
    ]);

    const jobs = await store.jobs.list({});
    expect(jobs.find((j) => j.key === gid(1001))).toMatchObject({
      status: "pending",
      attempts: 0,
      parkCode: null,
    });
    expect(jobs.find((j) => j.key === gid(1003))).toMatchObject({ status: "pending", runAt: now });
    const [rejected] = await store.posting.listDocuments({ tenantId: TENANT, orderId: gid(1002) });
    expect(rejected).toMatchObject({ status: "unknown", errors: [], batchId: "B1002" });

    const replayed = await store.audit.query({ tenantId: TENANT, step: "order.replayed", limit: 10 });
    expect(replayed.map((e) => [e.orderId, e.orderName, e.documentKey, e.at])).toEqual([
      [gid(1001), "#1001", null, now],
      [gid(1002), "#1002", rejected!.key, now],
      [gid(1003), null, null, now],
    ]);
    expect(replayed[0]!.detail).toEqual({
      reason: "account 4999 opened in JDE",
      requestedBy: "controller",
      scope: { kind: "order" },
      selector: { all: true },
      cause: "unmapped_account",
      code: "MLC_JDE_ACCOUNT_INVALID",
    });
    expect(replayed[1]!.detail).toMatchObject({
      scope: { kind: "documents", documentKeys: [rejected!.key] },
      cause: "jde_edit_error",
      code: "0099",
    });
    expect(previewOrder).not.toHaveBeenCalled();

    // Unparked and requeued records are no exceptions any more; the failing job stays one until it succeeds.
    const again = await replayer().replay(request({}));
    expect(again.type === "report" && again.report.replayed.map((r) => r.record.orderId)).toEqual([
      gid(1003),
    ]);
  });

  it("replays only what the selector names", async () => {
    const outcome = await replayer().replay(request({ selector: { cause: "jde_edit_error" } }));
    expect(outcome.type === "report" && outcome.report.replayed.map((r) => r.record.orderId)).toEqual([
      gid(1002),
    ]);
    expect((await store.jobs.list({ key: gid(1001) }))[0]?.status).toBe("parked");
  });

  it("skips a record that changed since it was listed, and audits nothing for it", async () => {
    const stale = await createExceptionList({
      jobs: store.jobs,
      posting: store.posting,
      audit: store.audit,
      clock,
    }).list(TENANT);
    // Another operator (or the service, when Shopify access came back) got there first.
    await replayer().replay(request({ selector: { orders: ["1001", "1002"] } }));
    const outcome = await replayer({ list: async () => stale }).replay(
      request({ selector: { orders: ["1001", "1002"] } }),
    );
    if (outcome.type !== "report") throw new Error(outcome.reason);
    expect(outcome.report.replayed).toEqual([]);
    expect(outcome.report.skipped.map((s) => s.why)).toEqual([
      "no longer parked (replayed meanwhile?)",
      "no longer rejected (replayed meanwhile?)",
    ]);
    expect(await store.audit.query({ tenantId: TENANT, step: "order.replayed", limit: 10 })).toHaveLength(2);
  });

  it("dry run: maps each selected order once and shows rejected documents' own lines, writing nothing", async () => {
    const before = await snapshot();
    const outcome = await replayer().replay(request({ dryRun: true, reason: "" }));
    if (outcome.type !== "report") throw new Error(outcome.reason);
    const { report } = outcome;
    expect(report.dryRun).toBe(true);
    expect(report.replayed.map((r) => r.result)).toEqual(["unparked", "look-up", "retry-now"]);
    expect(report.previews.map((p) => (p.type === "order" ? p.orderId : p.document.edtn))).toEqual([
      gid(1001),
      before.documents.find((d) => d.orderId === gid(1002))!.edtn,
      gid(1003),
    ]);
    const shown = report.previews[1];
    expect(shown?.type === "document" && shown.document.lines.map((l) => l.amountMinor)).toEqual([
      2_500n,
      -2_500n,
    ]);
    expect(previewOrder.mock.calls).toEqual([[gid(1001)], [gid(1003)]]);
    expect(await snapshot()).toEqual(before);
  });
});
