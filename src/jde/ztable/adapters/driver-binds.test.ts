import { describe, expect, it } from "vitest";
import { classify as classifyOracle, oracleBind, oracleBindDefinitions } from "./oracle-jde-database.js";
import { classify as classifySqlServer, tediousParameters } from "./sqlserver-jde-database.js";

const types = { text: { name: "DB_TYPE_NVARCHAR" }, number: { name: "DB_TYPE_NUMBER" } };

describe("Oracle binds (no Oracle server here: shapes only)", () => {
  it("binds text as NVARCHAR and integers as bigint", () => {
    expect(oracleBind("SHOPIFY   ", types)).toEqual({ val: "SHOPIFY   ", type: types.text });
    expect(oracleBind(-12_345n, types)).toBe(-12_345n);
  });

  it("defines array-DML binds per column: NUMBER, or NVARCHAR as wide as the widest row", () => {
    const rows = [
      ["A ", 1n, " "],
      ["ABCD", 2n, " "],
    ];
    expect(oracleBindDefinitions(rows, types)).toEqual([
      { type: types.text, maxSize: 4 },
      { type: types.number },
      { type: types.text, maxSize: 1 },
    ]);
  });

  it("sizes text binds in UTF-8 bytes, as oracledb checks them", () => {
    expect(oracleBindDefinitions([["N°1042".padEnd(25)]], types)).toEqual([
      { type: types.text, maxSize: 26 },
    ]);
  });

  it.each([
    [{ errorNum: 1, code: "ORA-00001" }, "duplicate-key"],
    [{ code: "NJS-040" }, "unavailable"],
    [{ code: "NJS-123" }, "unavailable"],
    [{ code: "NJS-503" }, "unavailable"],
    [{ code: "NJS-515" }, "refused"],
    [{ errorNum: 3113, code: "ORA-03113" }, "unavailable"],
    [{ errorNum: 12_541, code: "ORA-12541" }, "unavailable"],
    [{ errorNum: 12_899, code: "ORA-12899" }, "refused"],
    [{ errorNum: 1653, code: "ORA-01653" }, "unavailable"],
    [{ errorNum: 60, code: "ORA-00060" }, "unavailable"],
    [{ errorNum: 942, code: "ORA-00942" }, "refused"],
    [{ errorNum: 1017, code: "ORA-01017" }, "refused"],
    [{ errorNum: 1031, code: "ORA-01031" }, "refused"],
    [new Error("socket hang up"), "unavailable"],
  ])("classifies %o as %s", (error, failure) => {
    expect(classifyOracle(error)).toBe(failure);
  });
});

describe("SQL Server parameters (no SQL Server here: shapes only)", () => {
  it("names parameters @p1… as the dialect numbers them, NVARCHAR for text and BIGINT for integers", () => {
    expect(tediousParameters(["SHOPIFY   ", 1000n])).toEqual([
      { name: "p1", type: "NVarChar", value: "SHOPIFY   " },
      { name: "p2", type: "BigInt", value: 1000n },
    ]);
  });

  it.each([
    [{ name: "RequestError", number: 2627 }, "duplicate-key"],
    [{ name: "RequestError", number: 2601 }, "duplicate-key"],
    [{ name: "RequestError", number: 1205 }, "unavailable"],
    [{ name: "RequestError", number: 9002 }, "unavailable"],
    [{ name: "RequestError", code: "ETIMEOUT" }, "unavailable"],
    [{ name: "ConnectionError", code: "ESOCKET" }, "unavailable"],
    [{ name: "ConnectionError", code: "ELOGIN" }, "refused"],
    [{ name: "RequestError", number: 208 }, "refused"],
    [{ name: "RequestError", number: 229 }, "refused"],
  ])("classifies %o as %s", (error, failure) => {
    expect(classifySqlServer(error)).toBe(failure);
  });
});
