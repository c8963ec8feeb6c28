import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JdeSimulator, startJdeSimulator } from "../../sim/jde/index.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { AisClient } from "./ais-client.js";
import { simClient } from "./test-support.js";

const DATA_SERVICE = "/jderest/v2/dataservice";
const browseCompany = {
  targetName: "F0010",
  targetType: "table",
  dataServiceType: "BROWSE",
  returnControlIDs: "F0010.CO|F0010.CRCD",
  query: { autoFind: true, matchType: "MATCH_ALL", condition: [] },
};

describe("createAisClient against the JDE simulator", () => {
  let sim: JdeSimulator;
  let ais: AisClient;

  beforeEach(async () => {
    sim = await startJdeSimulator({ port: 0, processorIntervalMs: 3_600_000 });
    ais = simClient(sim.url);
  });
  afterEach(async () => {
    await ais.close();
    await sim.close();
  });

  it("logs in once and reuses the token over 20 calls", async () => {
    for (let index = 0; index < 20; index += 1) await ais.call("POST", DATA_SERVICE, browseCompany);
    expect(ais.stats()).toMatchObject({ logins: 1, calls: 20, reauths: 0 });
    expect(sim.stats().tokenRequests).toBe(1);
    expect(sim.stats().statelessLogins).toBe(0);
  });

  it("re-logs in exactly once when 10 concurrent calls meet an expired token (444)", async () => {
    await ais.call("POST", DATA_SERVICE, browseCompany);
    sim.control.expireAllTokens();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => ais.call("POST", DATA_SERVICE, browseCompany)),
    );
    expect(results).toHaveLength(10);
    expect(ais.stats()).toMatchObject({ logins: 2, reauths: 1, calls: 21 });
    expect(sim.stats().tokenRequests).toBe(2);
  });

  it("refuses a bad password with MLC_AIS_CREDENTIALS after one token request", async () => {
    const bad = simClient(sim.url, { password: "wrong" });
    const error = await bad.call("POST", DATA_SERVICE, browseCompany).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe("MLC_AIS_CREDENTIALS");
    expect((error as ConnectorError).retryable).toBe(false);
    expect(bad.stats()).toMatchObject({ logins: 1, calls: 0 });
    expect(sim.stats().tokenRequests).toBe(1);
    await bad.close();
  });

  it("validates an existing token before a batch and logs in again when validation fails", async () => {
    await ais.ensureSession();
    await ais.ensureSession();
    expect(ais.stats()).toMatchObject({ logins: 1, validations: 1 });
    sim.control.expireAllTokens();
    await ais.ensureSession();
    expect(ais.stats()).toMatchObject({ logins: 2, validations: 2, reauths: 1 });
    expect(await ais.validateSession()).toBe(true);
  });

  it("maps 5xx and an unreachable server to retryable MLC_AIS_UNAVAILABLE", async () => {
    await ais.login();
    sim.control.failNext(1, 503);
    await expect(ais.call("POST", DATA_SERVICE, browseCompany)).rejects.toMatchObject({
      code: "MLC_AIS_UNAVAILABLE",
      retryable: true,
    });
    const nowhere = simClient("http://127.0.0.1:9", { timeoutMs: 1_000 });
    await expect(nowhere.defaultConfig()).rejects.toMatchObject({ code: "MLC_AIS_UNAVAILABLE" });
    await nowhere.close();
  });

  it("maps a 404 orchestration to non-retryable MLC_AIS_REQUEST_FAILED", async () => {
    await expect(ais.call("POST", "/jderest/v3/orchestrator/NoSuchOrchestration", {})).rejects.toMatchObject({
      code: "MLC_AIS_REQUEST_FAILED",
      retryable: false,
    });
  });

  it("reads the Tools Release and capabilities from defaultconfig without a session", async () => {
    const config = await ais.defaultConfig();
    expect(config.toolsRelease).toBe("9.2.8.3");
    expect(config.aisVersion).toContain("9.2.8.3");
    expect(config.capabilities.length).toBeGreaterThan(0);
    expect(ais.stats().logins).toBe(0);
  });

  it("logs out on shutdown", async () => {
    await ais.login();
    await ais.logout();
    expect(sim.stats().logoutRequests).toBe(1);
    expect(ais.hasSession()).toBe(false);
  });
});

describe("createAisClient edge answers (undici MockAgent: states the simulator cannot produce)", () => {
  const origin = "http://ais.test:9300";
  let agent: MockAgent;

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    await agent.close();
  });

  function tokenReply(times: number) {
    agent
      .get(origin)
      .intercept({ path: "/jderest/v2/tokenrequest", method: "POST" })
      .reply(200, { userInfo: { token: "tok" } })
      .times(times);
  }

  it("gives up with MLC_AIS_SESSION_EXPIRED when the fresh token gets 444 too (one re-login, no loop)", async () => {
    tokenReply(2);
    agent
      .get(origin)
      .intercept({ path: DATA_SERVICE, method: "POST" })
      .reply(444, { message: "Invalid Token" })
      .times(2);
    const ais = simClient(origin, { dispatcher: agent });
    await expect(ais.call("POST", DATA_SERVICE, browseCompany)).rejects.toMatchObject({
      code: "MLC_AIS_SESSION_EXPIRED",
    });
    expect(ais.stats()).toMatchObject({ logins: 2, reauths: 1, calls: 2 });
    agent.assertNoPendingInterceptors();
  });

  it("treats 403 right after a fresh login as MLC_AIS_CREDENTIALS", async () => {
    tokenReply(1);
    agent
      .get(origin)
      .intercept({ path: DATA_SERVICE, method: "POST" })
      .reply(403, { message: "Authorization Failure" });
    const ais = simClient(origin, { dispatcher: agent });
    await expect(ais.call("POST", DATA_SERVICE, browseCompany)).rejects.toMatchObject({
      code: "MLC_AIS_CREDENTIALS",
      retryable: false,
    });
    expect(ais.stats().logins).toBe(1);
  });

  it("does not try a refused login again during the pause, so the JDE account is not locked", async () => {
    agent
      .get(origin)
      .intercept({ path: "/jderest/v2/tokenrequest", method: "POST" })
      .reply(403, { message: "Authorization Failure" });
    let nowMs = Date.parse("2026-11-27T12:00:00Z");
    const clock = { now: () => new Date(nowMs), sleep: async () => undefined };
    const ais = simClient(origin, { dispatcher: agent, clock, loginRefusalPauseMs: 60_000 });
    await expect(ais.login()).rejects.toMatchObject({ code: "MLC_AIS_CREDENTIALS", retryable: false });
    nowMs += 30_000;
    for (let attempt = 0; attempt < 5; attempt += 1)
      await expect(ais.ensureSession()).rejects.toThrow(/not tried again before 2026-11-27T12:01:00/);
    expect(ais.stats().logins).toBe(1);
    agent.assertNoPendingInterceptors();
    nowMs += 31_000;
    tokenReply(1);
    await ais.login();
    expect(ais.stats().logins).toBe(2);
  });

  it("treats a 200 ServiceErrorResponse as a failed call", async () => {
    tokenReply(1);
    agent
      .get(origin)
      .intercept({ path: DATA_SERVICE, method: "POST" })
      .reply(200, { message: "Table F9999 is not valid", exception: "Exception", status: "ERROR" });
    const ais = simClient(origin, { dispatcher: agent });
    await expect(ais.call("POST", DATA_SERVICE, browseCompany)).rejects.toMatchObject({
      code: "MLC_AIS_REQUEST_FAILED",
    });
  });

  it("times out a call that never answers", async () => {
    tokenReply(1);
    agent.get(origin).intercept({ path: DATA_SERVICE, method: "POST" }).reply(200, {}).delay(2_000);
    const ais = simClient(origin, { dispatcher: agent, timeoutMs: 100 });
    await expect(ais.call("POST", DATA_SERVICE, browseCompany)).rejects.toMatchObject({
      code: "MLC_AIS_UNAVAILABLE",
    });
  });
});
