import { describe, expect, it } from "vitest";
import { apiVersionWindow, assessApiVersion } from "./api-version-support.js";

describe("apiVersionWindow", () => {
  it.each([
    ["2026-11-27T12:00:00Z", "2026-10", ["2026-01", "2026-04", "2026-07", "2026-10"], "2027-01"],
    ["2026-10-01T16:59:59Z", "2026-07", ["2025-10", "2026-01", "2026-04", "2026-07"], "2026-10"],
    ["2026-10-01T17:00:00Z", "2026-10", ["2026-01", "2026-04", "2026-07", "2026-10"], "2027-01"],
    ["2027-01-15T00:00:00Z", "2027-01", ["2026-04", "2026-07", "2026-10", "2027-01"], "2027-04"],
    ["2027-01-01T08:00:00Z", "2026-10", ["2026-01", "2026-04", "2026-07", "2026-10"], "2027-01"],
  ])(
    "at %s the newest stable is %s, supported %j, the candidate %s",
    (now, current, supported, candidate) => {
      const window = apiVersionWindow(new Date(now));
      expect(window).toMatchObject({ current, supported, releaseCandidate: candidate });
    },
  );

  it("names when the candidate is released: 17:00 UTC on the quarter's first day", () => {
    expect(apiVersionWindow(new Date("2026-11-27T12:00:00Z")).nextReleaseAt.toISOString()).toBe(
      "2027-01-01T17:00:00.000Z",
    );
  });
});

describe("assessApiVersion on 2026-11-27", () => {
  const now = new Date("2026-11-27T12:00:00Z");

  it.each([
    ["2026-10", "ok", "2026-10 is supported until 2027-10-01 17:00 UTC"],
    ["2026-04", "ok", "2026-04 is supported until 2027-04-01 17:00 UTC"],
    ["2026-01", "warning", "2026-01 is the oldest supported version, until 2027-01-01 17:00 UTC"],
    ["2025-10", "failed", "2025-10 left support on 2026-10-01 17:00 UTC: Shopify serves 2026-01 instead"],
    ["2024-10", "failed", "2024-10 left support on 2025-10-01 17:00 UTC"],
    ["2027-01", "warning", "2027-01 is the release candidate until 2027-01-01 17:00 UTC"],
    ["2027-04", "failed", "2027-04 is not released yet"],
    ["unstable", "warning", "unstable changes without notice"],
    ["2026-05", "failed", "2026-05 is not a Shopify API version"],
  ])("%s is %s", (configured, status, detail) => {
    const outcome = assessApiVersion({ configured, now });
    expect(outcome.status).toBe(status);
    expect(outcome.detail).toContain(detail);
    expect(outcome.detail).toContain("supported now: 2026-01, 2026-04, 2026-07, 2026-10");
    if (status !== "ok") expect(outcome.hint).toContain("set shopify.apiVersion to 2026-10");
  });

  it("fails when Shopify serves another version than the one configured (it fell forward)", () => {
    const outcome = assessApiVersion({ configured: "2026-07", served: "2026-10", now });
    expect(outcome).toMatchObject({ status: "failed", hint: expect.stringContaining("2026-10") });
    expect(outcome.detail).toContain("Shopify serves 2026-10 for the requested 2026-07");
  });

  it("says so when the served version matches", () => {
    expect(assessApiVersion({ configured: "2026-07", served: "2026-07", now })).toEqual({
      status: "ok",
      detail:
        "2026-07 is supported until 2027-07-01 17:00 UTC; Shopify serves it; supported now: 2026-01, 2026-04, 2026-07, 2026-10",
    });
  });

  it("tells the oldest version's successor once it leaves support", () => {
    expect(assessApiVersion({ configured: "2026-01", now }).hint).toContain(
      "before 2027-01-01 17:00 UTC: Shopify then serves 2026-04 instead",
    );
  });
});
