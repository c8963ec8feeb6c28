import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import type { AisClient, AisDefaultConfig } from "./ais-client.js";
import {
  compareRelease,
  describePostingPath,
  orchestrationExists,
  v3ServicesAvailable,
} from "./describe-posting-path.js";
import { simClient } from "./test-support.js";

function config(aisVersion: string): AisDefaultConfig {
  return { aisVersion, toolsRelease: /(\d+\.\d+\.\d+\.\d+)/.exec(aisVersion)?.[1], capabilities: [] };
}

describe("describePostingPath", () => {
  it.each([
    ["EnterpriseOne 9.2.8.3", true, { method: "orchestration", version: "v3" }],
    ["EnterpriseOne 9.2.3.3", true, { method: "orchestration", version: "v3" }],
    ["EnterpriseOne 9.2.3.2", true, { method: "orchestration", version: "v2" }],
    ["EnterpriseOne 9.2.1.2", true, { method: "orchestration", version: "v2" }],
    ["EnterpriseOne 9.2.1.1", true, { method: "ztable" }],
    ["EnterpriseOne 9.2.8.3", false, { method: "ztable" }],
    ["EnterpriseOne", true, { method: "ztable" }],
  ])("%s with orchestration deployed=%s", (aisVersion, exists, expected) => {
    const path = describePostingPath({
      config: config(aisVersion),
      orchestration: "MLC_JournalEntryBatch",
      orchestrationExists: exists,
    });
    expect(path).toMatchObject(expected);
    expect(path.reason.length).toBeGreaterThan(10);
    if (path.method === "ztable") expect(path.reason).toContain("F0911Z1 direct insert");
  });

  it("falls back to v2 when Tools claims ≥ 9.2.3.3 but the v3 probe answered 404", () => {
    const path = describePostingPath({
      config: config("EnterpriseOne 9.2.5.4"),
      orchestration: "MLC_JournalEntryBatch",
      orchestrationExists: true,
      v3Available: false,
    });
    expect(path).toMatchObject({ method: "orchestration", version: "v2" });
    expect(path.reason).toContain("404");
  });

  it("compares releases numerically", () => {
    expect(compareRelease("9.2.10.1", "9.2.3.3")).toBe(1);
    expect(compareRelease("9.2.3.3", "9.2.3.3")).toBe(0);
    expect(compareRelease("9.1.5.9", "9.2.1.2")).toBe(-1);
  });
});

describe("path discovery against the JDE simulator", () => {
  let sim: JdeSimulator;
  let ais: AisClient;
  beforeAll(async () => {
    sim = await startJdeSimulator({ port: 0, toolsRelease: "9.2.2.4", processorIntervalMs: 3_600_000 });
    ais = simClient(sim.url);
  });
  afterAll(async () => {
    await ais.close();
    await sim.close();
  });

  it("explains v2 for Tools 9.2.2.4 with the orchestration deployed", async () => {
    const exists = await orchestrationExists(ais, "MLC_JournalEntryBatch");
    expect(exists).toBe(true);
    expect(await orchestrationExists(ais, "MLC_Missing")).toBe(false);
    const path = describePostingPath({
      config: await ais.defaultConfig(),
      orchestration: "MLC_JournalEntryBatch",
      orchestrationExists: exists,
    });
    expect(path).toMatchObject({ method: "orchestration", version: "v2" });
    expect(path.reason).toContain("9.2.2.4");
  });

  it("probes v3 services: 404 below 9.2.3.3, present from it", async () => {
    expect(await v3ServicesAvailable(ais)).toBe(false);
    const newer = await startJdeSimulator({
      port: 0,
      toolsRelease: "9.2.3.3",
      processorIntervalMs: 3_600_000,
    });
    const client = simClient(newer.url);
    try {
      expect(await v3ServicesAvailable(client)).toBe(true);
    } finally {
      await client.close();
      await newer.close();
    }
  });
});
