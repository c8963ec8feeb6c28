import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "./index.js";
import { login, postJson } from "./test-helpers.js";

const PATH = "/jderest/v3/orchestrator/MLC_CustomerUpsert";

describe("MLC_CustomerUpsert orchestration", () => {
  let sim: JdeSimulator;
  let token: string;
  beforeAll(async () => {
    sim = await startJdeSimulator();
    token = await login(sim);
  });
  afterAll(async () => {
    await sim.close();
  });

  it("creates an address book record and F03012 row once, then finds it by ALKY", async () => {
    const input = { ALKY: "shopify:9001", ALPH: "Ada Lovelace", CO: "00100" };
    const created = await postJson(sim, PATH, input, { token });
    expect(created.body).toMatchObject({ AN8: 90_001, action: "created", jde__status: "SUCCESS" });
    const again = await postJson(sim, PATH, { ...input, ALPH: "Ada King" }, { token });
    expect(again.body).toMatchObject({ AN8: 90_001, action: "updated" });
    expect(sim.tables.F0101.find((ab) => ab.ABAN8 === 90_001)).toMatchObject({
      ABALPH: "Ada King",
      ABAT1: "C",
    });
    expect(sim.tables.F03012.filter((c) => c.AIAN8 === 90_001)).toHaveLength(1);
  });

  it("fails with 500 and error details for an unknown company", async () => {
    const response = await postJson(sim, PATH, { ALKY: "x", ALPH: "X", CO: "00999" }, { token });
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({
      jde__status: "ERROR",
      errorDetails: { errors: [{ CODE: "0010" }] },
    });
  });
});
