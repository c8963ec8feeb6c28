import { describe, expect, it } from "vitest";
import { scrubSecrets, toJdeDatabaseError } from "./jde-database-error.js";

describe("JDE database errors", () => {
  it("maps failures to stable codes: unavailable is retryable, refused and key violations are not", () => {
    const secrets = { operation: "op", secrets: [] };
    expect(toJdeDatabaseError("unavailable", new Error("x"), secrets)).toMatchObject({
      code: "MLC_JDE_DATABASE_UNAVAILABLE",
      retryable: true,
    });
    expect(toJdeDatabaseError("refused", new Error("x"), secrets)).toMatchObject({
      code: "MLC_JDE_DATABASE_REFUSED",
      retryable: false,
    });
    expect(toJdeDatabaseError("duplicate-key", new Error("x"), secrets)).toMatchObject({
      code: "MLC_JDE_DATABASE_REFUSED",
      failure: "duplicate-key",
    });
  });

  it("keeps the driver's code and text but never the password, in the message or the cause", () => {
    const driver = Object.assign(
      new Error("login for MLC with p@ss w0rd! failed: postgres://mlc:p%40ss%20w0rd!@db/jde"),
      {
        code: "28P01",
      },
    );
    const error = toJdeDatabaseError("refused", driver, {
      operation: "PostgreSQL connect",
      secrets: ["p@ss w0rd!"],
    });
    expect(error.message).toBe(
      "PostgreSQL connect: 28P01 login for MLC with [redacted] failed: postgres://mlc:[redacted]@db/jde",
    );
    expect(String((error.cause as Error).message)).not.toContain("w0rd");
    expect(JSON.stringify(error.detail)).not.toContain("w0rd");
  });

  it("scrubs credentials embedded in a URL even when the password is not known", () => {
    expect(scrubSecrets("connect postgres://user:hunter2@host:5432/db", [])).toBe(
      "connect postgres://user:[redacted]@host:5432/db",
    );
  });
});
