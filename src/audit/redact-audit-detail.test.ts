import { describe, expect, it } from "vitest";
import { redactAuditDetail, redactText } from "./redact-audit-detail.js";

describe("audit detail redaction", () => {
  it.each([
    [
      "a URL's user and password",
      "GET https://svc:pw-1@ais.local:9300/jderest/v2 failed",
      "GET https://ais.local:9300/jderest/v2 failed",
    ],
    [
      "a connection string",
      "connect postgres://mlc:pw-2@db.local/jde refused",
      "connect postgres://db.local/jde refused",
    ],
    ["a bearer token", "Authorization: Bearer abc.DEF-123", "Authorization: Bearer [redacted]"],
    ["a Shopify access token", "token shpat_00ff00ff00ff rejected", "token [redacted] rejected"],
    ["nothing in plain text", "Business unit 140 invalid (0730)", "Business unit 140 invalid (0730)"],
  ])("cuts %s out of text", (_what, text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it("censors values under the logger's secret names and names containing them, at any depth", () => {
    expect(
      redactAuditDetail({
        edtn: "S1-1",
        password: "pw",
        nested: [{ refreshToken: "rt", "jde-AIS-Auth": "tok", Authorization: "Basic x", ok: 1 }],
        bodySha256: "ab".repeat(32),
        at: new Date("2026-11-27T00:00:00Z"),
      }),
    ).toEqual({
      edtn: "S1-1",
      password: "[redacted]",
      nested: [
        { refreshToken: "[redacted]", "jde-AIS-Auth": "[redacted]", Authorization: "[redacted]", ok: 1 },
      ],
      bodySha256: "ab".repeat(32),
      at: "2026-11-27T00:00:00.000Z",
    });
  });

  it("cuts a cycle instead of recursing for ever", () => {
    const detail: Record<string, unknown> = { a: 1 };
    detail.self = detail;
    expect(redactAuditDetail(detail)).toEqual({ a: 1, self: "[circular]" });
  });
});
