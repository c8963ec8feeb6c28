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
import { postgresTarget, startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const ORDERS = RESILIENCE_ORDERS;
const DEADLINE_MS = RESILIENCE_DEADLINE_MS;

async function postingHealth(e2e: E2E) {
  const body = (await (await fetch(`${e2e.url}/healthz`)).json()) as {
    detail: { tenants: { jde: string; postingPath: string }[] };
  };
  return body.detail.tenants[0]!;
}

/**
 * The failure runs on the F0911Z1 path (PostgreSQL stand-in behind a fault-injecting TCP proxy; the
 * simulator's R09110Z processes the rows). Each ends with every order posted exactly once.
 */
describe(`F0911Z1 path resilience, ${ORDERS} orders (e2e)`, { timeout: DEADLINE_MS + 60_000 }, () => {
  let e2e: E2E;
  let proxy: TcpProxy;
  afterEach(async () => {
    await e2e.stop();
    await proxy.close();
  });

  async function start(options: Parameters<typeof startE2E>[0] = {}) {
    const url = process.env.MLC_TEST_POSTGRES_URL;
    if (!url) throw new Error("MLC_TEST_POSTGRES_URL is unset");
    proxy = await startTcpProxy(postgresTarget(url), 7);
    e2e = await startE2E({
      zTable: "postgres",
      zTableConnectorUrl: (target) => proxy.rewrite(target),
      maxDocuments: 50,
      ...options,
    });
    expect((await postingHealth(e2e)).postingPath).toContain("ztable");
  }

  it("writes nothing twice when 20 % of COMMITs lose their acknowledgement after the database committed", async () => {
    await start({ jdeConfig: { circuitBreaker: { failures: 10, maxOpenMs: 1000 } } });
    proxy.loseCommitAcks(0.2);
    const orders = generateOrders(e2e, ORDERS, 501);
    await e2e.waitForPosting(orders, DEADLINE_MS);

    expect(proxy.stats().lostCommitAcks).toBeGreaterThan(0);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });

  it("waits while the database is down mid-run (circuit open) and posts everything once it is back", async () => {
    await start({ jdeConfig: { circuitBreaker: { failures: 2, maxOpenMs: 1000 } } });
    const orders = generateOrders(e2e, ORDERS, 502);
    await untilDocumentsDone(e2e, Math.floor(ORDERS / 3));
    proxy.setDown(true);
    let sawOpen = false;
    for (let i = 0; i < 50 && !sawOpen; i += 1) {
      await sleep(100);
      sawOpen = (await postingHealth(e2e)).jde === "open";
    }
    expect(sawOpen).toBe(true);
    const waiting = await e2e.connector.store.posting.countDocuments();
    expect(waiting.pending + waiting.unknown + waiting.staged).toBeGreaterThan(0);
    proxy.setDown(false);
    await e2e.waitForPosting(orders, DEADLINE_MS);

    expect(proxy.stats().refused).toBeGreaterThan(0);
    expect((await postingHealth(e2e)).jde).toBe("closed");
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });

  it("keeps documents staged while R09110Z is not running, and confirms them once it runs again", async () => {
    await start();
    const orders = generateOrders(e2e, ORDERS, 503);
    await untilDocumentsDone(e2e, Math.floor(ORDERS / 3));
    e2e.jde.control.pauseProcessor();
    await sleep(1_500);
    const paused = await e2e.connector.store.posting.countDocuments();
    expect(paused.staged).toBeGreaterThan(0);
    e2e.jde.control.resumeProcessor();
    await e2e.waitForPosting(orders, DEADLINE_MS);

    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });

  it("keeps posting through AIS being down and its tokens expiring: the insert needs no AIS session", async () => {
    await start({ jdeConfig: { referenceRefreshMs: 1000 } });
    const orders = generateOrders(e2e, ORDERS, 504);
    await untilDocumentsDone(e2e, Math.floor(ORDERS / 3));
    e2e.jde.control.expireAllTokens();
    await e2e.jde.control.setDown(true, "503");
    await e2e.waitForPosting(orders, DEADLINE_MS);
    await e2e.jde.control.setDown(false, "503");

    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });
});
