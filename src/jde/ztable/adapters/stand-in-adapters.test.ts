import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FreshJdeDatabase,
  freshJdeDatabase,
  STAND_IN_DIALECTS,
} from "../../../../sim/jde/jde-database-test-helpers.js";
import { JdeDatabaseError } from "../jde-database-error.js";
import type { JdeDatabasePort, TableShape } from "../jde-database-port.js";
import { openJdeDatabasePort } from "../open-jde-database-port.js";
import { readInteger } from "../read-values.js";

describe.each(STAND_IN_DIALECTS)("%s adapter", (dialect) => {
  let fresh: FreshJdeDatabase;
  let port: JdeDatabasePort;
  const owner = () => fresh.options.owner ?? "PRODDTA";

  beforeEach(async () => {
    fresh = await freshJdeDatabase(dialect);
    port =
      dialect === "sqlite"
        ? await openJdeDatabasePort({ dialect, file: fresh.options.url, owner: "PRODDTA", timeoutMs: 5_000 })
        : await openJdeDatabasePort({ dialect, url: fresh.options.url, owner: owner(), timeoutMs: 5_000 });
  });

  afterEach(async () => {
    await port.close();
    await fresh.dispose();
  });

  /** Inside a transaction only `tx` may be used, so the shape is read before. */
  async function insertBatchControl(
    icu: bigint,
    tx: Pick<JdeDatabasePort, "query"> = port,
    shape?: TableShape,
  ) {
    shape ??= await port.columns({ owner: owner(), name: "F0011" });
    const names = shape.columns.map((column) => port.dialect.quoteIdentifier(column.name)).join(", ");
    const marks = shape.columns.map((_, index) => port.dialect.placeholder(index + 1)).join(", ");
    const values = shape.columns.map((column) =>
      column.name.toUpperCase() === "ICICU"
        ? icu
        : column.kind === "number"
          ? 0n
          : "G".padEnd(column.length ?? 1),
    );
    await tx.query(`INSERT INTO ${port.dialect.tableName(shape)} (${names}) VALUES (${marks})`, values);
  }

  async function countBatches(): Promise<number> {
    const shape = await port.columns({ owner: owner(), name: "F0011" });
    const [row] = await port.query(`SELECT COUNT(*) AS N FROM ${port.dialect.tableName(shape)}`, []);
    return Number(readInteger(row!, "N"));
  }

  it("finds the tables whatever case the owner is written in", async () => {
    const shape = await port.columns({ owner: owner().toLowerCase(), name: "f0911z1" });
    expect(shape.columns[0]?.name.toUpperCase()).toBe("VNEDUS");
  });

  it("reports a table it cannot see as MLC_JDE_TABLE_UNSUPPORTED", async () => {
    await expect(port.columns({ owner: owner(), name: "F0911Z9" })).rejects.toMatchObject({
      code: "MLC_JDE_TABLE_UNSUPPORTED",
    });
  });

  it("commits a transaction that resolves and rolls back one that throws", async () => {
    const shape = await port.columns({ owner: owner(), name: "F0011" });
    await port.transaction((tx) => insertBatchControl(1n, tx, shape));
    await expect(
      port.transaction(async (tx) => {
        await insertBatchControl(2n, tx, shape);
        throw new Error("after the insert");
      }),
    ).rejects.toThrow("after the insert");
    expect(await countBatches()).toBe(1);
  });

  it("reports a key violation as duplicate-key and a bad statement as refused", async () => {
    await insertBatchControl(7n);
    await expect(insertBatchControl(7n)).rejects.toMatchObject({ failure: "duplicate-key" });
    const error = await port.query("SELECT nothing FROM nowhere", []).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JdeDatabaseError);
    expect(error).toMatchObject({ code: "MLC_JDE_DATABASE_REFUSED", retryable: false });
  });

  it("keeps concurrent transactions apart", async () => {
    const shape = await port.columns({ owner: owner(), name: "F0011" });
    await Promise.all(
      [11n, 12n, 13n].map((icu) =>
        port.transaction(async (tx) => {
          await insertBatchControl(icu, tx, shape);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }),
      ),
    );
    expect(await countBatches()).toBe(3);
  });
});

describe("unreachable databases", () => {
  it("PostgreSQL: retryable MLC_JDE_DATABASE_UNAVAILABLE, without the password", async () => {
    const port = await openJdeDatabasePort({
      dialect: "postgres",
      url: "postgres://mlc@127.0.0.1:1/jde",
      password: "s3cret-pw",
      owner: "PRODDTA",
      timeoutMs: 2_000,
    });
    try {
      const error = await port.query("SELECT 1", []).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "MLC_JDE_DATABASE_UNAVAILABLE", retryable: true });
      expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain("s3cret");
    } finally {
      await port.close();
    }
  });

  it.each([
    ["Oracle", { dialect: "oracle", host: "127.0.0.1", port: 1, serviceName: "JDEPROD" }],
    [
      "SQL Server",
      {
        dialect: "sqlserver",
        host: "127.0.0.1",
        port: 1,
        database: "JDE",
        encrypt: false,
        trustServerCertificate: false,
      },
    ],
  ] as const)(
    "%s (driver only, no server): a refused connection is retryable and keeps the password out",
    async (_, connection) => {
      const port = await openJdeDatabasePort({
        ...connection,
        user: "MLC",
        password: "s3cret-pw",
        owner: "PRODDTA",
        timeoutMs: 2_000,
      });
      try {
        const error = await port.query("SELECT 1 FROM DUAL", []).catch((caught: unknown) => caught);
        expect(error).toMatchObject({ code: "MLC_JDE_DATABASE_UNAVAILABLE", retryable: true });
        expect(`${(error as Error).message} ${String((error as Error).cause)}`).not.toContain("s3cret");
      } finally {
        await port.close();
      }
    },
  );

  it("SQLite: a missing file is refused instead of creating an empty database", async () => {
    await expect(
      openJdeDatabasePort({
        dialect: "sqlite",
        file: "/nonexistent/jde.db",
        owner: "PRODDTA",
        timeoutMs: 100,
      }),
    ).rejects.toMatchObject({ code: "MLC_JDE_DATABASE_REFUSED" });
  });
});
