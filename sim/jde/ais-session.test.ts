import { afterEach, describe, expect, it } from "vitest";
import { type JdeSimulator, type JdeSimulatorOptions, startJdeSimulator } from "./index.js";
import { CUSTOMER_V3, customerRow, DEVICE, login, postJson } from "./test-helpers.js";

interface DefaultConfig {
  aisVersion: string;
  capabilityList: { name: string; asOfRelease: string }[];
}

const BROWSE_F0013 = { targetName: "F0013", targetType: "table", dataServiceType: "BROWSE" };

describe("AIS session", () => {
  let sim: JdeSimulator;
  let nowMs = Date.UTC(2026, 10, 27, 12);
  const start = async (options: JdeSimulatorOptions = {}) => {
    sim = await startJdeSimulator({ nowMs: () => nowMs, processing: "sync", ...options });
    return sim;
  };
  afterEach(async () => {
    await sim.close();
  });

  it("logs in, validates, and logs out", async () => {
    await start();
    const response = await postJson(sim, "/jderest/v2/tokenrequest", {
      username: "SVC_SHOP",
      password: "demo_password",
      deviceName: DEVICE,
      environment: "JPD920",
      role: "*ALL",
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      username: "SVC_SHOP",
      environment: "JPD920",
      role: "*ALL",
      userInfo: { simpleDateFormat: "MM/dd/yyyy", decimalFormat: "." },
    });
    const token = (response.body.userInfo as { token: string }).token;
    const valid = await postJson(sim, "/jderest/v2/tokenrequest/validate", {
      token,
      deviceName: DEVICE,
      touch: true,
    });
    expect(valid).toEqual({ status: 200, body: { isValidSession: true } });
    expect((await postJson(sim, "/jderest/v2/tokenrequest/logout", { token })).status).toBe(200);
    const after = await postJson(sim, "/jderest/v2/tokenrequest/validate", { token, deviceName: DEVICE });
    expect(after.status).toBe(444);
    expect(after.body.message).toBe("Invalid Token");
    expect((await postJson(sim, "/jderest/v2/tokenrequest/logout", { token })).status).toBe(444);
    expect(sim.stats()).toMatchObject({ tokenRequests: 1, validateRequests: 2, logoutRequests: 2 });
  });

  it("answers 403 with a ServiceErrorResponse for a bad password", async () => {
    await start();
    const response = await postJson(sim, "/jderest/v2/tokenrequest", {
      username: "SVC_SHOP",
      password: "nope",
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      message: expect.any(String),
      exception: "Exception",
      status: "ERROR",
    });
  });

  it("accepts Basic auth for a token request and rejects a wrong content type with 415", async () => {
    await start();
    const basic = Buffer.from("SVC_SHOP:demo_password").toString("base64");
    const ok = await fetch(`${sim.url}/jderest/v2/tokenrequest`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "jde-AIS-Auth-Device": DEVICE },
    });
    expect(ok.status).toBe(200);
    const wrong = await fetch(`${sim.url}/jderest/v2/tokenrequest`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "username=SVC_SHOP",
    });
    expect(wrong.status).toBe(415);
  });

  it("expires an idle token after tokenTtlMs unless touched", async () => {
    await start({ tokenTtlMs: 60_000 });
    const token = await login(sim);
    nowMs += 50_000;
    const touched = await postJson(sim, "/jderest/v2/tokenrequest/validate", {
      token,
      deviceName: DEVICE,
      touch: true,
    });
    expect(touched.status).toBe(200);
    nowMs += 50_000;
    expect((await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token })).status).toBe(200);
    nowMs += 61_000;
    expect((await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token })).status).toBe(444);
    expect(sim.stats().http444).toBe(1);
  });

  it.each([
    ["expireAllTokens", async (s: JdeSimulator) => s.control.expireAllTokens()],
    ["restart", async (s: JdeSimulator) => s.control.restart()],
  ])("answers 444 to an old token after %s", async (_name, act) => {
    await start();
    const token = await login(sim);
    await act(sim);
    const response = await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token });
    expect(response.status).toBe(444);
    const fresh = await login(sim);
    expect((await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token: fresh })).status).toBe(200);
  });

  it("binds a token to its device", async () => {
    await start();
    const token = await login(sim);
    const other = await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013, { token, device: "other" });
    expect(other.status).toBe(444);
    const inBody = await postJson(sim, "/jderest/v2/dataservice", {
      ...BROWSE_F0013,
      token,
      deviceName: DEVICE,
    });
    expect(inBody.status).toBe(200);
  });

  it("answers 403 without token or credentials and serves stateless Basic calls", async () => {
    await start();
    expect((await postJson(sim, "/jderest/v2/dataservice", BROWSE_F0013)).status).toBe(403);
    const response = await fetch(`${sim.url}/jderest/v2/dataservice`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from("SVC_SHOP:demo_password").toString("base64")}`,
      },
      body: JSON.stringify(BROWSE_F0013),
    });
    expect(response.status).toBe(200);
    expect(sim.stats().statelessLogins).toBe(1);
  });

  it("reports the Tools Release and capabilities without auth, and hides v3 before 9.2.3.3", async () => {
    await start({ toolsRelease: "9.2.2.4" });
    const config = (await (await fetch(`${sim.url}/jderest/v2/defaultconfig`)).json()) as DefaultConfig;
    expect(config.aisVersion).toBe("EnterpriseOne 9.2.2.4");
    const names = config.capabilityList.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["dataservice", "version2services"]));
    expect(names).not.toContain("version3services");
    const token = await login(sim);
    const probe = await fetch(`${sim.url}/jderest/v3/orchestrator/jde-validate-session`, {
      headers: { "jde-AIS-Auth": token, "jde-AIS-Auth-Device": DEVICE },
    });
    expect(probe.status).toBe(404);
    await sim.control.restart({ toolsRelease: "9.2.8.3" });
    const upgraded = (await (await fetch(`${sim.url}/jderest/v2/defaultconfig`)).json()) as DefaultConfig;
    expect(upgraded.aisVersion).toBe("EnterpriseOne 9.2.8.3");
    const fresh = await login(sim);
    const v3 = await fetch(`${sim.url}/jderest/v3/orchestrator/jde-validate-session`, {
      headers: { "jde-AIS-Auth": fresh, "jde-AIS-Auth-Device": DEVICE },
    });
    expect(v3.status).toBe(200);
  });

  it("answers 503 while down and refuses connections in refuse mode", async () => {
    await start();
    await sim.control.setDown(true);
    expect((await fetch(`${sim.url}/jderest/v2/defaultconfig`)).status).toBe(503);
    await sim.control.setDown(false);
    await sim.control.setDown(true, "refuse");
    await expect(fetch(`${sim.url}/jderest/v2/defaultconfig`)).rejects.toThrow();
    await sim.control.setDown(false, "refuse");
    expect((await fetch(`${sim.url}/jderest/v2/defaultconfig`)).status).toBe(200);
  });

  it("injects failures before or after doing the work", async () => {
    await start();
    const token = await login(sim);
    sim.control.failNext(1, 500, "beforeWork");
    sim.control.failNext(1, 502, "afterWork");
    const batch = { Customers: [customerRow({ ALKY: "SH77", ALPH: "Lost Response" })] };
    expect((await postJson(sim, CUSTOMER_V3, batch, { token })).status).toBe(500);
    expect(sim.customers.findByAlky("SH77")).toEqual([]);
    expect((await postJson(sim, CUSTOMER_V3, batch, { token })).status).toBe(502);
    expect(sim.customers.findByAlky("SH77")).toHaveLength(1);
    // The answer was lost: the client finds the record by ALKY instead of adding it again.
    const an8 = sim.customers.findByAlky("SH77")[0]!.an8;
    const change = { Customers: [{ ...batch.Customers[0], AN8: String(an8), UPDATE: "ALPH" }] };
    const third = await postJson(sim, CUSTOMER_V3, change, { token });
    expect(third.body).toMatchObject({
      Customers: [{ AN8: an8, action: "updated" }],
      jde__status: "SUCCESS",
    });
    expect(sim.stats()).toMatchObject({ injectedFailures: 2, businessCalls: 3 });
    expect(sim.stats().calls["v3/orchestrator/MLC_CustomerUpsert"]).toBe(3);
  });
});
