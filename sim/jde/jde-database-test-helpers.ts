import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import {
  type JdeDatabase,
  type JdeDatabaseOptions,
  openJdeDatabase,
  type SqlStatement,
  type StandInDialect,
} from "./jde-database.js";
import { quoteIdentifier } from "./jde-database-ddl.js";
import { storageValue } from "./jde-database-rows.js";
import { JDE_DATABASE_TABLES, type JdeDatabaseTableName } from "./jde-database-tables.js";
import { type JdeSimulator, type JdeSimulatorOptions, startJdeSimulator } from "./start-jde-simulator.js";

export const STAND_IN_DIALECTS: StandInDialect[] = ["sqlite", "postgres"];

export type DatabaseRecord = Record<string, unknown>;

export interface FreshJdeDatabase {
  options: JdeDatabaseOptions;
  /** The connector's side: a connection of its own to the same database. */
  writer: JdeDatabase;
  /** Closes the writer and deletes the database (SQLite file, PostgreSQL schema). */
  dispose(): Promise<void>;
}

/**
 * An empty stand-in of its own: a temp-dir SQLite file, or a new schema on the server at
 * MLC_TEST_POSTGRES_URL (set by CI or test/support/postgres-global-setup.ts).
 */
export async function freshJdeDatabase(dialect: StandInDialect): Promise<FreshJdeDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "mlc-jde-"));
    const options: JdeDatabaseOptions = { dialect, url: join(dir, "jde.db") };
    const writer = await openJdeDatabase(options);
    return {
      options,
      writer,
      dispose: async () => {
        await writer.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.MLC_TEST_POSTGRES_URL;
  if (!url) throw new Error("MLC_TEST_POSTGRES_URL is unset: vitest globalSetup starts a PostgreSQL");
  const owner = `T${randomBytes(8).toString("hex").toUpperCase()}`;
  const options: JdeDatabaseOptions = { dialect, url, owner };
  const writer = await openJdeDatabase(options);
  return {
    options,
    writer,
    dispose: async () => {
      try {
        await writer.query(`DROP SCHEMA ${quoteIdentifier(owner)} CASCADE`);
      } finally {
        await writer.close();
      }
    },
  };
}

/** This test's stand-in and the simulators a test starts over it (see {@link useStandInSimulator}). */
export interface StandInSimulator {
  /** The connector's side: a connection of its own to this test's stand-in. */
  readonly writer: JdeDatabase;
  /** Starts a simulator over the stand-in, its processors run only when the test asks. */
  start(options?: JdeSimulatorOptions): Promise<JdeSimulator>;
}

/**
 * Registers beforeEach/afterEach in the calling `describe`: every test gets an empty stand-in of
 * `dialect`; after it, the simulator started last is closed and the stand-in deleted (a test that
 * starts a second one closes the first itself).
 */
export function useStandInSimulator(dialect: StandInDialect): StandInSimulator {
  let fresh: FreshJdeDatabase | undefined;
  let sim: JdeSimulator | undefined;
  const current = () => {
    if (!fresh) throw new Error("the stand-in exists only inside a test");
    return fresh;
  };
  beforeEach(async () => {
    fresh = await freshJdeDatabase(dialect);
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    await fresh?.dispose();
    fresh = undefined;
  });
  return {
    get writer() {
      return current().writer;
    },
    start: async (options = {}) => {
      sim = await startJdeSimulator({
        database: current().options,
        processorIntervalMs: 3_600_000,
        ...options,
      });
      return sim;
    },
  };
}

/** reference/jde-ais.md §6.4, first line; every other column blank or 0. */
const Z_DEFAULTS: DatabaseRecord = {
  VNEDUS: "SHOPIFY",
  VNEDTN: "SHP1001",
  VNEDLN: 1000,
  VNEDBT: "20250630A",
  VNEDSP: "0",
  VNEDTC: "A",
  VNEDTR: "J",
  VNKCO: "00100",
  VNDCT: "JE",
  VNDGJ: 125181,
  VNANI: "100.1130",
  VNAM: "2",
  VNLT: "AA",
  VNCRCD: "USD",
  VNCRRM: "D",
  VNEXA: "Shopify #1001",
  VNVINV: "#1001",
  VNTORG: "SHOPIFY",
  VNUSER: "SHOPIFY",
  VNPID: "MLCZTABLE",
};

/** A complete F0911Z1 row in storage form (every column, CHAR padded, MCU right-justified). */
export function zRow(values: DatabaseRecord = {}): DatabaseRecord {
  const merged = { ...Z_DEFAULTS, ...values };
  return Object.fromEntries(
    JDE_DATABASE_TABLES.F0911Z1.columns.map((column) => [
      column.name,
      storageValue(column, merged[column.name]),
    ]),
  );
}

/** One document: lines `[ANI, amount in minor units]` numbered 1000, 2000, … */
export function zDocument(lines: [string, number][], values: DatabaseRecord = {}): DatabaseRecord[] {
  return lines.map(([ani, amount], index) =>
    zRow({ ...values, VNEDLN: (index + 1) * 1000, VNANI: ani, VNAA: amount }),
  );
}

/** §6.4: 108.00 receivable = 100.00 revenue + 8.00 tax. */
export function balancedZDocument(values: DatabaseRecord = {}): DatabaseRecord[] {
  return zDocument(
    [
      ["100.1130", 10800],
      ["100.4100", -10000],
      ["100.2110", -800],
    ],
    values,
  );
}

/** INSERT naming exactly the record's columns, values bound as given. */
export function rawInsert(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
  record: DatabaseRecord,
): SqlStatement {
  const names = Object.keys(record);
  return {
    sql:
      `INSERT INTO ${database.tableName(table)} (${names.map(quoteIdentifier).join(", ")}) ` +
      `VALUES (${names.map(() => "?").join(", ")})`,
    params: Object.values(record),
  };
}

/** Writes F0911Z1 rows in one transaction, as the connector does per batch. */
export async function writeZRows(database: JdeDatabase, records: DatabaseRecord[]): Promise<void> {
  await database.runInTransaction(records.map((record) => rawInsert(database, "F0911Z1", record)));
}

/** Every row of a table in primary-key order, as stored. */
export async function selectAll(
  database: JdeDatabase,
  table: JdeDatabaseTableName,
): Promise<DatabaseRecord[]> {
  const order = JDE_DATABASE_TABLES[table].primaryKey.map(quoteIdentifier).join(", ");
  return database.query(`SELECT * FROM ${database.tableName(table)} ORDER BY ${order}`);
}

/** A complete row of any stand-in table in storage form: `values` by column name, the rest blank or 0. */
export function tableRow(table: JdeDatabaseTableName, values: DatabaseRecord = {}): DatabaseRecord {
  return Object.fromEntries(
    JDE_DATABASE_TABLES[table].columns.map((column) => [
      column.name,
      storageValue(column, values[column.name]),
    ]),
  );
}

/** docs/customers.md §4: one F0101Z2 add (blank SZAN8, blank SZEDSP), as the connector writes it. */
export function addressBookZRow(values: DatabaseRecord = {}): DatabaseRecord {
  return tableRow("F0101Z2", {
    SZEDUS: "SHOPIFY",
    SZEDBT: "C20250630A",
    SZEDTN: "SH7011234567890-1",
    SZEDLN: 1000,
    SZDRIN: "1",
    SZEDSP: " ",
    SZTNAC: "A",
    SZAN8: 0,
    SZALKY: "SH7011234567890",
    SZALPH: "Ada Lovelace",
    SZMLNM: "Ada Lovelace",
    SZAT1: "C",
    SZADD1: "12 St James's Sq",
    SZCTY1: "London",
    SZADDZ: "SW1Y 4JH",
    SZCTR: "GB",
    SZPH1: "+442079460000",
    SZTORG: "SHOPIFY",
    SZUSER: "SHOPIFY",
    SZPID: "MLCZTABLE",
    SZUPMJ: 125181,
    ...values,
  });
}

/** One F03012Z1 add for company 00100. */
export function customerMasterZRow(an8: number, values: DatabaseRecord = {}): DatabaseRecord {
  return tableRow("F03012Z1", {
    VOEDUS: "SHOPIFY",
    VOEDBT: "C20250630A",
    VOEDTN: `SH-${an8}`,
    VOEDLN: 1000,
    VODRIN: "1",
    VOEDSP: " ",
    VOTNAC: "A",
    VOAN8: an8,
    VOCO: "00100",
    VOTRAR: "N30",
    VOACL: 0,
    ...values,
  });
}

/** One F01151Z1 e-mail add (who's-who line 0, sequence 1, type E). */
export function emailZRow(an8: number, email: string, values: DatabaseRecord = {}): DatabaseRecord {
  return tableRow("F01151Z1", {
    EBEDUS: "SHOPIFY",
    EBEDBT: "C20250630A",
    EBEDTN: `SH-${an8}`,
    EBEDLN: 1000,
    EBDRIN: "1",
    EBEDSP: " ",
    EBTNAC: "A",
    EBAN8: an8,
    EBIDLN: 0,
    EBRCK7: 1,
    EBETP: "E",
    EBEMAL: email,
    ...values,
  });
}

/** Writes rows of several tables in one transaction, as the connector does per batch. */
export async function writeRows(
  database: JdeDatabase,
  rows: [JdeDatabaseTableName, DatabaseRecord][],
): Promise<void> {
  await database.runInTransaction(rows.map(([table, record]) => rawInsert(database, table, record)));
}
