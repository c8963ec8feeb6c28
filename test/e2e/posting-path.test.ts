import { afterEach, describe, expect, it } from "vitest";
import { type E2E, type E2EOptions, startE2E } from "../support/e2e-harness.js";
import { exactlyOnceProblems, generateOrders } from "../support/exactly-once.js";

async function healthPath(e2e: E2E): Promise<string> {
  const body = (await (await fetch(`${e2e.url}/healthz`)).json()) as {
    detail: { tenants: { postingPath: string }[] };
  };
  return body.detail.tenants[0]!.postingPath;
}

/**
 * `posting.method: auto` at the edges of the version table (reference/jde-ais.md §1.1, §2): the
 * connector starts, says which path it chose and why, and posts every order through it exactly once.
 */
describe("posting path auto-selection (e2e)", () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  const cases: [string, E2EOptions, string, RegExp][] = [
    [
      "Tools 9.2.3.3 → v3",
      { jdeSimulator: { toolsRelease: "9.2.3.3" } },
      "v3/orchestrator/MLC_JournalEntryBatch",
      /≥ 9\.2\.3\.3.*v3/,
    ],
    [
      "Tools 9.2.3.2 → v2",
      { jdeSimulator: { toolsRelease: "9.2.3.2" } },
      "v2/orchestrator/MLC_JournalEntryBatch",
      /9\.2\.3\.2.*v2/,
    ],
    [
      "Tools 9.2.8.3 but the v3 probe answers 404 → v2",
      { jdeSimulator: { v3Hidden: true } },
      "v2/orchestrator/MLC_JournalEntryBatch",
      /v3 probe answered 404/,
    ],
    [
      "journal orchestration not deployed → F0911Z1 direct insert",
      {
        zTable: "sqlite",
        jdeSimulator: { orchestrations: ["MLC_CustomerUpsert"] },
        jdeConfig: {
          posting: { method: "auto", batch: { maxDocuments: 50, maxWaitMs: 20 }, confirmIntervalMs: 50 },
        },
      },
      "none",
      /MLC_JournalEntryBatch is not deployed: F0911Z1 direct insert/,
    ],
  ];

  it.each(cases)("%s", async (_name, options, postedThrough, reason) => {
    e2e = await startE2E(options);
    expect(await healthPath(e2e)).toMatch(reason);
    const orders = generateOrders(e2e, 10, 401);
    await e2e.waitForPosting(orders, 60_000);
    const calls = e2e.jde.stats().calls;
    const orchestrationCalls = Object.entries(calls).filter(([label]) =>
      label.endsWith("MLC_JournalEntryBatch"),
    );
    if (postedThrough === "none") expect(orchestrationCalls).toEqual([]);
    else expect(orchestrationCalls.map(([label]) => label)).toEqual([postedThrough]);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });
});
