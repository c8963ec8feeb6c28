import { describe, expect, it } from "vitest";
import { CircuitOpenError, createCircuitBreaker } from "./circuit-breaker.js";
import { systemClock } from "./clock.js";
import { ConnectorError } from "./errors/connector-error.js";
import { createLogger } from "./logger.js";

const down = () => Promise.reject(new ConnectorError("MLC_AIS_UNAVAILABLE", "connect ECONNREFUSED"));
const refused = () => Promise.reject(new ConnectorError("MLC_AIS_REQUEST_FAILED", "400"));

function breaker() {
  return createCircuitBreaker({
    name: "JDE test",
    code: "MLC_AIS_UNAVAILABLE",
    failures: 3,
    firstTrialAfterMs: 40,
    maxOpenMs: 1000,
    isOutage: (error) => error instanceof ConnectorError && error.code === "MLC_AIS_UNAVAILABLE",
    clock: systemClock,
    log: createLogger({ level: "silent" }),
  });
}

describe("circuit breaker", () => {
  it("opens after consecutive outages and then refuses without calling", async () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i += 1) await expect(circuit.run(down)).rejects.toThrow("ECONNREFUSED");
    expect(circuit.status()).toBe("open");
    let called = 0;
    const refusal = await circuit.run(async () => (called += 1)).catch((e: unknown) => e);
    expect(called).toBe(0);
    expect(refusal).toBeInstanceOf(CircuitOpenError);
    expect((refusal as ConnectorError).retryable).toBe(true);
    expect((refusal as ConnectorError).code).toBe("MLC_AIS_UNAVAILABLE");
    expect(circuit.openedAt()).toBeInstanceOf(Date);
  });

  it("lets one trial through after the wait and closes when it succeeds", async () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i += 1) await circuit.run(down).catch(() => undefined);
    await expect(circuit.run(async () => "too early")).rejects.toBeInstanceOf(CircuitOpenError);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await expect(circuit.run(async () => "ok")).resolves.toBe("ok");
    expect(circuit.status()).toBe("closed");
    expect(circuit.openedAt()).toBeUndefined();
  });

  it("does not count answers (a refused request) or interrupted streaks as outages", async () => {
    const circuit = breaker();
    for (let i = 0; i < 5; i += 1) await circuit.run(refused).catch(() => undefined);
    expect(circuit.status()).toBe("closed");
    await circuit.run(down).catch(() => undefined);
    await circuit.run(down).catch(() => undefined);
    await circuit.run(async () => "ok");
    await circuit.run(down).catch(() => undefined);
    expect(circuit.status()).toBe("closed");
  });
});
