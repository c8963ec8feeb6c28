import { afterEach, describe, expect, it } from "vitest";
import { type JdeSimulator, type JdeSimulatorOptions, startJdeSimulator } from "./index.js";
import { CUSTOMER_V3, customerRow, DEVICE, login, postJson } from "./test-helpers.js";

const BROWSE_F0013 = { targetName: "F0013", targetType: "table", dataServiceType: "BROWSE" };

describe("AIS fault knobs", () => {
  const sims: JdeSimulator[] = [];
  const start = async (options: JdeSimulatorOptions = {}) => {
    const sim = await startJdeSimulator({ processing: "sync", processorIntervalMs: 3_600_000, ...options });
    sims.push(sim);
    return sim;
  };
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((sim) => sim.close()));
  });

  /** Statuses of `n` data-service calls in a row. */
  const statuses = async (sim: JdeSimulator, n: number) => {
    const token = await login(sim);
    const result: number[] = [];
    for (let i = 0; i < n; i += 1)
      result.push((await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token })).status);
    return result;
  };

  it("fails business calls at the error rate, the same calls for the same seed", async () => {
    const first = await statuses(await start({ errorRate: 0.5, randomSeed: 7 }), 40);
    const again = await statuses(await start({ errorRate: 0.5, randomSeed: 7 }), 40);
    const other = await statuses(await start({ errorRate: 0.5, randomSeed: 8 }), 40);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
    expect(sims[0]!.stats().injectedFailures).toBe(failures);
  });

  it("sets the error rate at runtime, with a status and after the work", async () => {
    const sim = await start();
    const token = await login(sim);
    sim.control.setErrorRate(1, { status: 503, when: "afterWork" });
    const customer = customerRow({ ALKY: "SH88", ALPH: "Lost Again" });
    expect((await postJson(sim, CUSTOMER_V3, { Customers: [customer] }, { token })).status).toBe(503);
    const [stored] = sim.customers.findByAlky("SH88");
    expect(stored).toBeDefined();
    sim.control.setErrorRate(0);
    const change = { ...customer, AN8: String(stored!.an8), UPDATE: "ALPH" };
    expect((await postJson(sim, CUSTOMER_V3, { Customers: [change] }, { token })).body).toMatchObject({
      Customers: [{ AN8: stored!.an8, action: "updated" }],
    });
    expect(() => sim.control.setErrorRate(1.5)).toThrow(RangeError);
  });

  it("holds the response after doing the work, so the client times out on done work", async () => {
    const sim = await start({ hangAfterWork: { rate: 1, ms: 60_000 } });
    const token = await login(sim);
    const call = fetch(`${sim.url}${CUSTOMER_V3}`, {
      method: "POST",
      headers: { "content-type": "application/json", "jde-AIS-Auth": token, "jde-AIS-Auth-Device": DEVICE },
      body: JSON.stringify({ Customers: [customerRow({ ALKY: "SH99", ALPH: "Timed Out" })] }),
      signal: AbortSignal.timeout(300),
    });
    await expect(call).rejects.toThrow(/timeout|aborted/i);
    expect(sim.customers.findByAlky("SH99")).toHaveLength(1);
    expect(sim.stats().hungResponses).toBe(1);
    sim.control.hangAfterWork(0, 0);
    expect((await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token })).status).toBe(200);
  });

  it.each(["503", "refuse"] as const)(
    "goes down for a while in %s mode and comes back by itself",
    async (mode) => {
      const sim = await start();
      await sim.control.downFor(300, mode);
      if (mode === "503") expect((await fetch(`${sim.url}/jderest/v2/defaultconfig`)).status).toBe(503);
      else await expect(fetch(`${sim.url}/jderest/v2/defaultconfig`)).rejects.toThrow();
      await expect
        .poll(
          async () =>
            (await fetch(`${sim.url}/jderest/v2/defaultconfig`).catch(() => ({ status: 0 }))).status,
          { timeout: 3_000, interval: 50 },
        )
        .toBe(200);
    },
  );

  it("adds latency set at runtime to each business call", async () => {
    const sim = await start();
    const token = await login(sim);
    sim.control.setLatency(250);
    const started = performance.now();
    await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token });
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it("reports the configured capability list and a Tools Release changed at runtime", async () => {
    const sim = await start({ capabilities: ["dataservice", "orchestrator"] });
    const token = await login(sim);
    const config = async () =>
      (await (await fetch(`${sim.url}/jderest/v2/defaultconfig?requiredCapabilities=grid`)).json()) as {
        aisVersion: string;
        capabilityList: { name: string }[];
        requiredCapabilityMissing: boolean;
      };
    const before = await config();
    expect(before.capabilityList.map((c) => c.name)).toEqual(["dataservice", "orchestrator"]);
    expect(before.requiredCapabilityMissing).toBe(true);
    sim.control.setToolsRelease("9.2.5.4");
    sim.control.setCapabilities(undefined);
    const after = await config();
    expect(after.aisVersion).toBe("EnterpriseOne 9.2.5.4");
    expect(after.capabilityList.map((c) => c.name)).toContain("grid");
    expect((await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token })).status).toBe(200);
  });

  it("ends a token at its maximum age however busy it was", async () => {
    let nowMs = Date.UTC(2026, 10, 27, 12);
    const sim = await start({ tokenMaxAgeMs: 60_000, tokenTtlMs: 30_000, nowMs: () => nowMs });
    const token = await login(sim);
    for (const step of [25_000, 25_000]) {
      nowMs += step;
      expect((await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token })).status).toBe(200);
    }
    nowMs += 11_000;
    expect((await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token })).status).toBe(444);
  });
});
