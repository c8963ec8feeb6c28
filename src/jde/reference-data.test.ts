import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import type { AisClient } from "./ais-client.js";
import { checkAccount, type JdeReferenceData, loadJdeReferenceData } from "./reference-data.js";
import { account, simClient } from "./test-support.js";

describe("loadJdeReferenceData against the JDE simulator", () => {
  let sim: JdeSimulator;
  let ais: AisClient;
  let data: JdeReferenceData;

  beforeAll(async () => {
    sim = await startJdeSimulator({ port: 0, processorIntervalMs: 3_600_000 });
    ais = simClient(sim.url);
    data = await loadJdeReferenceData(ais, { company: "00100" });
  });
  afterAll(async () => {
    await ais.close();
    await sim.close();
  });

  it("reads the company currency and its decimals in four data-service calls", () => {
    expect(data).toMatchObject({ company: "00100", currency: "USD", decimals: 2 });
    expect(ais.stats().calls).toBe(4);
    expect(data.businessUnits.map((unit) => unit.businessUnit)).toEqual(
      expect.arrayContaining(["100", "140", "150", "190"]),
    );
    expect(data.businessUnits.some((unit) => unit.businessUnit === "900")).toBe(false);
  });

  it.each([
    ["100.4100", { known: true, postable: true }],
    ["100.1115", { known: true, postable: true }],
    ["100.4000", { known: true, postable: false, reason: "account-not-posting" }],
    ["190.4100", { known: true, postable: false, reason: "business-unit-not-posting" }],
    ["900.4100", { known: false, postable: false, reason: "unknown-account" }],
    ["100.9999", { known: false, postable: false, reason: "unknown-account" }],
  ])("checkAccount(%s)", (text, expected) => {
    expect(checkAccount(data, account(text))).toEqual(expected);
  });

  it("refuses an unknown company", async () => {
    await expect(loadJdeReferenceData(ais, { company: "00999" })).rejects.toMatchObject({
      code: "MLC_CONFIG_INVALID",
    });
  });
});
