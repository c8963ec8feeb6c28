import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import type { AisClient } from "./ais-client.js";
import {
  accountProblem,
  checkAccount,
  type JdeReferenceData,
  loadJdeReferenceData,
} from "./reference-data.js";
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

  it.each([
    ["100.4100", null],
    ["100.4999", "account 100.4999 does not exist in JDE company 00100"],
    [
      "100.4000",
      "account 100.4000 does not accept postings in JDE company 00100 (posting edit code is not blank)",
    ],
    ["190.4100", "account 190.4100: business unit 190 does not accept postings in JDE company 00100"],
  ])("accountProblem(%s)", (text, expected) => {
    expect(accountProblem(data, account(text))).toBe(expected);
  });

  it("names a business unit of another company", () => {
    const moved: JdeReferenceData = {
      ...data,
      businessUnits: data.businessUnits.map((unit) =>
        unit.businessUnit === "140" ? { ...unit, company: "00200" } : unit,
      ),
    };
    expect(checkAccount(moved, account("140.4100"))).toEqual({
      known: true,
      postable: false,
      reason: "business-unit-not-in-company",
    });
    expect(accountProblem(moved, account("140.4100"))).toBe(
      "account 140.4100: business unit 140 is not a business unit of JDE company 00100",
    );
  });

  it("refuses an unknown company", async () => {
    await expect(loadJdeReferenceData(ais, { company: "00999" })).rejects.toMatchObject({
      code: "MLC_CONFIG_INVALID",
    });
  });
});
