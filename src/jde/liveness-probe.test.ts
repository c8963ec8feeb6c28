import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import { createSilentLogger } from "../lib/logger.js";
import type { AisClient } from "./ais-client.js";
import { createLivenessProbe, type RestartReason } from "./liveness-probe.js";
import { simClient } from "./test-support.js";

const DATA_SERVICE = "/jderest/v2/dataservice";
const browse = {
  targetName: "F0010",
  targetType: "table",
  dataServiceType: "BROWSE",
  returnControlIDs: "F0010.CO",
  query: { condition: [] },
};

describe("createLivenessProbe against the JDE simulator", () => {
  let sim: JdeSimulator;
  let ais: AisClient;
  let restarts: RestartReason[];

  beforeEach(async () => {
    sim = await startJdeSimulator({ port: 0, processorIntervalMs: 3_600_000 });
    ais = simClient(sim.url);
    restarts = [];
  });
  afterEach(async () => {
    await ais.close();
    await sim.close();
  });

  function probe() {
    return createLivenessProbe({
      ais,
      log: createSilentLogger(),
      intervalMs: 1_000,
      onRestart: async (reason) => {
        restarts.push(reason);
        await ais.reset();
      },
    });
  }

  it("notices down → up, drops the token, and the next call logs in afresh", async () => {
    const liveness = probe();
    await ais.login();
    expect(await liveness.probeOnce()).toMatchObject({ up: true, restart: undefined });
    await sim.control.setDown(true);
    expect(await liveness.probeOnce()).toMatchObject({ up: false, restart: undefined });
    await sim.control.restart();
    await sim.control.setDown(false);
    expect(await liveness.probeOnce()).toMatchObject({ up: true, restart: "recovered" });
    expect(restarts).toEqual(["recovered"]);
    expect(ais.hasSession()).toBe(false);
    await ais.call("POST", DATA_SERVICE, browse);
    expect(ais.stats()).toMatchObject({ logins: 2, reauths: 0 });
  });

  it("notices a changed aisVersion (restart into an upgrade) without seeing it down", async () => {
    const liveness = probe();
    await ais.login();
    await liveness.probeOnce();
    await sim.control.restart({ toolsRelease: "9.2.9.1" });
    const observation = await liveness.probeOnce();
    expect(observation).toMatchObject({ up: true, restart: "version-changed" });
    expect(observation.aisVersion).toContain("9.2.9.1");
    expect(ais.hasSession()).toBe(false);
    expect(await liveness.probeOnce()).toMatchObject({ restart: undefined });
  });

  it("notices a refused port (connection errors) as down", async () => {
    const liveness = probe();
    await liveness.probeOnce();
    await sim.control.setDown(true, "refuse");
    expect(await liveness.probeOnce()).toMatchObject({ up: false });
    await sim.control.setDown(false, "refuse");
    expect(await liveness.probeOnce()).toMatchObject({ up: true, restart: "recovered" });
  });

  it("probes on the injected schedule until stopped", async () => {
    let tick: (() => void) | undefined;
    let cancelled = false;
    const liveness = createLivenessProbe({
      ais,
      log: createSilentLogger(),
      intervalMs: 5_000,
      onRestart: () => undefined,
      schedule: (next, intervalMs) => {
        expect(intervalMs).toBe(5_000);
        tick = next;
        return { cancel: () => (cancelled = true) };
      },
    });
    liveness.start();
    tick?.();
    await liveness.probeOnce();
    expect(sim.stats().calls["v2/defaultconfig"]).toBe(1); // the tick and the direct probe shared one call
    liveness.stop();
    expect(cancelled).toBe(true);
  });
});
