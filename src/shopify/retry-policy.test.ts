import { describe, expect, it } from "vitest";
import {
  classifyResponse,
  DEFAULT_BACKOFF,
  parseRetryAfterMs,
  retryDelayMs,
  throttleWaitMs,
} from "./retry-policy.js";

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const COST = {
  requestedQueryCost: 752,
  actualQueryCost: null,
  throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 666, restoreRate: 50 },
};

function answer(status: number, body: unknown, retryAfter: string | null = null) {
  const bodyText = typeof body === "string" ? body : JSON.stringify(body);
  return classifyResponse({ status, retryAfter, bodyText, nowMs: NOW });
}

function graphqlError(code: string, message = code) {
  return { errors: [{ message, extensions: { code } }], extensions: { cost: COST } };
}

describe("Retry-After", () => {
  it.each([
    ["2.0", 2_000],
    ["2", 2_000],
    ["0.5", 500],
    ["1.0001", 1_001],
    [new Date(NOW + 3_000).toUTCString(), 3_000],
  ])("%s means %i ms (seconds, never milliseconds)", (header, expectedMs) => {
    expect(parseRetryAfterMs(header, NOW)).toBe(expectedMs);
  });

  it.each([[null], [""], ["soon"]])("%s is no instruction", (header) => {
    expect(parseRetryAfterMs(header, NOW)).toBeNull();
  });

  it("a 429 with Retry-After 2.0 is retried after at least 2000 ms", () => {
    const outcome = answer(429, "", "2.0");
    expect(outcome).toMatchObject({ kind: "retry", minDelayMs: 2_000, error: { code: "MLC_SHOPIFY_HTTP" } });
    const delay = retryDelayMs({ attempt: 1, minDelayMs: 2_000, policy: DEFAULT_BACKOFF, random: () => 0 });
    expect(delay).toBe(2_000);
  });
});

describe("full jitter backoff", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    "after attempt %i stays within [0, min(cap, base·2^(n−1)))",
    (attempt) => {
      const cap = Math.min(DEFAULT_BACKOFF.maxDelayMs, DEFAULT_BACKOFF.baseDelayMs * 2 ** (attempt - 1));
      for (const random of [0, 0.25, 0.5, 0.999999]) {
        const delay = retryDelayMs({ attempt, minDelayMs: 0, policy: DEFAULT_BACKOFF, random: () => random });
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(cap);
        expect(delay).toBe(Math.floor(random * cap));
      }
    },
  );

  it("never waits less than the server asked", () => {
    expect(retryDelayMs({ attempt: 1, minDelayMs: 7_000, policy: DEFAULT_BACKOFF, random: () => 0.9 })).toBe(
      7_000,
    );
  });
});

describe("classifyResponse", () => {
  it("a 200 with data and no errors is ok, with its cost", () => {
    expect(answer(200, { data: { shop: { id: "1" } }, extensions: { cost: COST } })).toEqual({
      kind: "ok",
      data: { shop: { id: "1" } },
      cost: COST,
    });
  });

  it("THROTTLED (HTTP 200) retries after ceil((requested − available) / restoreRate) seconds", () => {
    expect(answer(200, graphqlError("THROTTLED", "Throttled"))).toMatchObject({
      kind: "retry",
      minDelayMs: 2_000, // ceil((752 − 666) / 50) = 2 s
      error: { code: "MLC_SHOPIFY_THROTTLED", retryable: true },
    });
    expect(throttleWaitMs(null)).toBe(0);
  });

  it.each([
    ["ACCESS_DENIED", "MLC_SHOPIFY_ACCESS_DENIED"],
    ["MAX_COST_EXCEEDED", "MLC_SHOPIFY_QUERY_TOO_COSTLY"],
    ["undefinedField", "MLC_SHOPIFY_QUERY_INVALID"],
    ["", "MLC_SHOPIFY_QUERY_INVALID"],
  ])("a 200 with %s errors fails without retry as %s", (code, expected) => {
    const outcome = answer(200, { ...graphqlError(code), data: null });
    expect(outcome).toMatchObject({ kind: "fail", error: { code: expected, retryable: false } });
  });

  it("a 200 whose errors is a bare string is still an error", () => {
    expect(answer(200, { errors: "Not Found" })).toMatchObject({
      kind: "fail",
      error: { code: "MLC_SHOPIFY_QUERY_INVALID" },
    });
  });

  it("401 fails as unauthorized, not retried", () => {
    const body = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
    expect(answer(401, body)).toMatchObject({
      kind: "fail",
      error: { code: "MLC_SHOPIFY_UNAUTHORIZED", retryable: false },
    });
  });

  it.each([500, 502, 503, 504])("%i is retried", (status) => {
    expect(answer(status, "<html>oops</html>")).toMatchObject({
      kind: "retry",
      minDelayMs: 0,
      error: { code: "MLC_SHOPIFY_HTTP" },
    });
  });

  it.each([402, 403, 404, 423])("%i fails without retry", (status) => {
    expect(answer(status, "")).toMatchObject({
      kind: "fail",
      error: { code: "MLC_SHOPIFY_HTTP", retryable: false },
    });
  });

  it("a truncated 200 body is retried", () => {
    expect(answer(200, '{"data": {"ord')).toMatchObject({
      kind: "retry",
      error: { code: "MLC_SHOPIFY_RESPONSE_INVALID" },
    });
  });
});
