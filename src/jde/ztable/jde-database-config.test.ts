import { describe, expect, it } from "vitest";
import { jdeDatabaseSchema, zTableSchema } from "../../config/jde-database-schema.js";

/** The `database` / `ztable` blocks (src/config/jde-database-schema.ts), tested beside their only consumer. */
describe("Z-table configuration", () => {
  it("defaults Oracle to port 1521, owner PRODDTA and a 30 s timeout, taking YAML's numbers as text", () => {
    expect(
      jdeDatabaseSchema.parse({
        dialect: "oracle",
        host: "db.acme.local",
        serviceName: "JDEPROD",
        user: "MLC_WRITER",
        password: "secret",
        timeoutMs: "5000",
      }),
    ).toEqual({
      dialect: "oracle",
      host: "db.acme.local",
      port: 1521,
      serviceName: "JDEPROD",
      user: "MLC_WRITER",
      password: "secret",
      owner: "PRODDTA",
      timeoutMs: 5000,
    });
  });

  it("defaults SQL Server to port 1433 with encryption and a verified certificate", () => {
    expect(
      jdeDatabaseSchema.parse({
        dialect: "sqlserver",
        host: "sql.acme.local",
        database: "JDE_PRODUCTION",
        user: "mlc",
        password: "secret",
      }),
    ).toMatchObject({ port: 1433, encrypt: true, trustServerCertificate: false, owner: "PRODDTA" });
  });

  it("refuses a key of another dialect, and leaves a missing password to the stored secrets", () => {
    const oracle = { dialect: "oracle", host: "db", serviceName: "JDEPROD", user: "mlc" };
    const result = jdeDatabaseSchema.safeParse({ ...oracle, file: "./jde.db" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.code)).toEqual(["unrecognized_keys"]);
    // `jde.database.password` may be stored sealed; resolveStoredSecrets reports it if it is in neither place.
    expect(jdeDatabaseSchema.safeParse(oracle).success).toBe(true);
  });

  it("accepts the stand-ins: a PostgreSQL URL or an SQLite file", () => {
    expect(jdeDatabaseSchema.parse({ dialect: "postgres", url: "postgres://mlc@db/jde" })).toMatchObject({
      owner: "PRODDTA",
    });
    expect(jdeDatabaseSchema.parse({ dialect: "sqlite", file: "./data/jde.db" })).toMatchObject({
      timeoutMs: 30_000,
    });
  });

  it("defaults the R09110Z schedule to every 5 minutes and failure after 3 cycles", () => {
    expect(zTableSchema.parse({})).toEqual({ processorIntervalMs: 300_000, failAfterCycles: 3 });
    expect(zTableSchema.safeParse({ failAfterCycles: 0 }).success).toBe(false);
  });
});
