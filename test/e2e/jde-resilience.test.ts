import { afterEach, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "../support/e2e-harness.js";
import {
  exactlyOnceProblems,
  generateOrders,
  RESILIENCE_DEADLINE_MS,
  RESILIENCE_ORDERS,
  sleep,
  untilDocumentsDone,
} from "../support/exactly-once.js";

const ORDERS = RESILIENCE_ORDERS;
const DEADLINE_MS = RESILIENCE_DEADLINE_MS;

async function jdeHealth(e2e: E2E) {
  const response = await fetch(`${e2e.url}/healthz`);
  const body = (await response.json()) as { detail: { tenants: { jde: string; ready: boolean }[] } };
  return body.detail.tenants[0]!;
}

/**
 * The failure runs (CI size; `npm run test:soak` runs them at 10,000 orders): each injects one
 * AIS failure mid-run and ends with every order posted exactly once.
 */
describe(`JDE resilience, ${ORDERS} orders (e2e)`, { timeout: DEADLINE_MS + 60_000 }, () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("keeps posting through every AIS token expiring mid-run", async () => {
    e2e = await startE2E({ maxDocuments: 50 });
    const orders = generateOrders(e2e, ORDERS, 101);
    await untilDocumentsDone(e2e, Math.floor(ORDERS / 3));
    const before = e2e.jde.stats();
    e2e.jde.control.expireAllTokens();
    await e2e.waitForPosting(orders, DEADLINE_MS);

    const after = e2e.jde.stats();
    expect(after.http444 - before.http444).toBeGreaterThanOrEqual(1);
    expect(after.tokenRequests - before.tokenRequests).toBeGreaterThanOrEqual(1);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });

  it("notices an AIS restart mid-run, drops its sessions and connections, and carries on", async () => {
    e2e = await startE2E({ maxDocuments: 50, jdeConfig: { livenessIntervalMs: 100 } });
    const orders = generateOrders(e2e, ORDERS, 102);
    await untilDocumentsDone(e2e, Math.floor(ORDERS / 3));
    const before = e2e.jde.stats();
    // A restart: the port goes away for a moment and comes back with every session forgotten.
    await e2e.jde.control.setDown(true, "refuse");
    await e2e.jde.control.restart();
    await sleep(400);
    await e2e.jde.control.setDown(false, "refuse");
    await e2e.waitForPosting(orders, DEADLINE_MS);

    expect(e2e.jde.stats().tokenRequests - before.tokenRequests).toBeGreaterThanOrEqual(1);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });

  it("posts nothing twice when 20 % of AIS calls time out after JDE did the work", async () => {
    e2e = await startE2E({
      maxDocuments: 50,
      jdeSimulator: { randomSeed: 20 },
      // A lost answer is an outage to the circuit; keep it from opening on a short unlucky streak.
      jdeConfig: { timeoutMs: 600, circuitBreaker: { failures: 10, maxOpenMs: 1000 } },
    });
    e2e.jde.control.hangAfterWork(0.2, 1_000);
    const orders = generateOrders(e2e, ORDERS, 105);
    await e2e.waitForPosting(orders, DEADLINE_MS);

    const stats = e2e.jde.stats();
    expect(stats.hungResponses).toBeGreaterThan(0);
    expect(stats.documentsAccepted + stats.documentsStaged).toBeGreaterThanOrEqual(orders.length);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });

  it("opens the circuit while AIS is down, sends nothing meanwhile, and posts everything once it is back", async () => {
    e2e = await startE2E({
      maxDocuments: 50,
      jdeConfig: { circuitBreaker: { failures: 2, maxOpenMs: 1000 }, livenessIntervalMs: 200 },
    });
    const orders = generateOrders(e2e, ORDERS, 103);
    await untilDocumentsDone(e2e, Math.floor(ORDERS / 3));
    await e2e.jde.control.setDown(true, "503");
    const downStats = e2e.jde.stats();
    let sawOpen = false;
    for (let i = 0; i < 40 && !sawOpen; i += 1) {
      await sleep(100);
      sawOpen = (await jdeHealth(e2e)).jde === "open";
    }
    expect(sawOpen).toBe(true);
    await sleep(2_000);
    // While open: a trial call now and then (≤ one per second) plus the liveness probe, not a stream.
    const callsWhileDown = e2e.jde.stats().http5xx - downStats.http5xx;
    expect(callsWhileDown).toBeLessThan(40);
    const pendingWhileDown = await e2e.connector.store.posting.countDocuments();
    expect(pendingWhileDown.pending).toBeGreaterThan(0); // waiting, durable, in the store
    await e2e.jde.control.setDown(false, "503");
    // Back within seconds: the circuit's trial, not a long sender backoff, decides when to resume.
    await e2e.waitForPosting(orders, Math.max(20_000, ORDERS * 50));

    expect((await jdeHealth(e2e)).jde).toBe("closed");
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });

  it("starts while AIS is down, stores every webhook, and posts once AIS is reachable", async () => {
    e2e = await startE2E({
      maxDocuments: 50,
      beforeConnector: (jde) => jde.control.setDown(true, "refuse"),
    });
    expect((await jdeHealth(e2e)).ready).toBe(false);
    const orders = generateOrders(e2e, Math.min(ORDERS, 100), 104);
    await e2e.shopify.webhooks.idle();
    expect(e2e.countRows("inbox_events")).toBeGreaterThanOrEqual(orders.length);
    expect(e2e.countRows("posting_documents")).toBe(0);
    await e2e.jde.control.setDown(false, "refuse");
    await e2e.waitForPosting(orders, DEADLINE_MS);

    expect((await jdeHealth(e2e)).ready).toBe(true);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });
});
