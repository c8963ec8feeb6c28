import { afterEach, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "../support/e2e-harness.js";
import { exactlyOnceProblems, generateOrders, untilDocumentsDone } from "../support/exactly-once.js";
import { postgresTarget, startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const ORDERS = Number(process.env.MLC_SOAK_JDE_ORDERS ?? 10_000);
const DEADLINE_MS = ORDERS * 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const at = (share: number) => Math.floor(ORDERS * share);

/**
 * The failure runs at soak size: one run per posting path with every fault injected in turn,
 * ending with every order posted exactly once. Figures are printed for the closing note.
 */
describe(`JDE faults at ${ORDERS} orders (soak)`, { timeout: DEADLINE_MS * 2 }, () => {
  let e2e: E2E | undefined;
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    await e2e?.stop();
    await proxy?.close();
  });

  it("orchestration path: token expiry, AIS restart, 20 % lost answers, AIS down", async () => {
    e2e = await startE2E({
      maxDocuments: 100,
      jdeSimulator: { randomSeed: 2026 },
      jdeConfig: {
        timeoutMs: 800,
        livenessIntervalMs: 500,
        circuitBreaker: { failures: 5, maxOpenMs: 2000 },
      },
    });
    const started = Date.now();
    const orders = generateOrders(e2e, ORDERS, 9001);
    await untilDocumentsDone(e2e, at(0.1), DEADLINE_MS);
    e2e.jde.control.expireAllTokens();
    await untilDocumentsDone(e2e, at(0.3), DEADLINE_MS);
    await e2e.jde.control.setDown(true, "refuse");
    await e2e.jde.control.restart();
    await sleep(1_000);
    await e2e.jde.control.setDown(false, "refuse");
    await untilDocumentsDone(e2e, at(0.4), DEADLINE_MS);
    e2e.jde.control.hangAfterWork(0.2, 2_500);
    await untilDocumentsDone(e2e, at(0.6), DEADLINE_MS);
    e2e.jde.control.hangAfterWork(0, 0);
    await untilDocumentsDone(e2e, at(0.75), DEADLINE_MS);
    await e2e.jde.control.downFor(10_000, "503");
    await e2e.waitForPosting(orders, DEADLINE_MS);

    const problems = await exactlyOnceProblems(e2e, orders);
    const stats = e2e.jde.stats();
    const documents = await e2e.connector.store.posting.countDocuments();
    console.log(
      `soak orchestration: ${ORDERS} orders in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      JSON.stringify({ documents, stats: { ...stats, calls: stats.calls }, problems: problems.length }),
    );
    expect(stats.http444).toBeGreaterThan(0);
    expect(stats.hungResponses).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it("F0911Z1 path: 20 % lost COMMIT acks, database down, R09110Z paused, AIS down", async () => {
    const url = process.env.MLC_TEST_POSTGRES_URL;
    if (!url) throw new Error("MLC_TEST_POSTGRES_URL is unset");
    const tcp = await startTcpProxy(postgresTarget(url), 11);
    proxy = tcp;
    e2e = await startE2E({
      zTable: "postgres",
      zTableConnectorUrl: (target) => tcp.rewrite(target),
      maxDocuments: 100,
      processorIntervalMs: 200,
      jdeConfig: { referenceRefreshMs: 5_000, circuitBreaker: { failures: 5, maxOpenMs: 2000 } },
    });
    const started = Date.now();
    const orders = generateOrders(e2e, ORDERS, 9002);
    await untilDocumentsDone(e2e, at(0.2), DEADLINE_MS);
    tcp.loseCommitAcks(0.2);
    await untilDocumentsDone(e2e, at(0.4), DEADLINE_MS);
    tcp.loseCommitAcks(0);
    await untilDocumentsDone(e2e, at(0.5), DEADLINE_MS);
    tcp.setDown(true);
    await sleep(10_000);
    tcp.setDown(false);
    await untilDocumentsDone(e2e, at(0.7), DEADLINE_MS);
    e2e.jde.control.pauseProcessor();
    await sleep(10_000);
    e2e.jde.control.resumeProcessor();
    await untilDocumentsDone(e2e, at(0.85), DEADLINE_MS);
    await e2e.jde.control.downFor(10_000, "503");
    await e2e.waitForPosting(orders, DEADLINE_MS);

    const problems = await exactlyOnceProblems(e2e, orders);
    const documents = await e2e.connector.store.posting.countDocuments();
    console.log(
      `soak F0911Z1: ${ORDERS} orders in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      JSON.stringify({
        documents,
        proxy: tcp.stats(),
        processor: e2e.jde.stats().processorRuns,
        problems: problems.length,
      }),
    );
    expect(tcp.stats().lostCommitAcks).toBeGreaterThan(0);
    expect(tcp.stats().refused).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
