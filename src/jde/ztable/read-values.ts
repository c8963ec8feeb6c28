import type { SqlRow } from "./jde-database-port.js";

/** A CHAR value without JDE's blank padding ('' for NULL, which JDE never stores). */
export function readText(row: SqlRow, column: string): string {
  const value = row[column];
  if (value === null || value === undefined) return "";
  return String(value).trimEnd();
}

/**
 * A JDE numeric column as an exact integer. Drivers return NUMBER/float as a JS number (exact up to
 * 2^53, beyond JDE's 15 digits), PostgreSQL NUMERIC as text, SQLite INTEGER as number or bigint.
 */
export function readInteger(row: SqlRow, column: string): bigint {
  const value = row[column];
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new RangeError(`${column} is not an integer: ${value}`);
    return BigInt(value);
  }
  if (typeof value === "string") {
    const match = /^\s*(-?\d+)(?:\.0*)?\s*$/.exec(value);
    if (!match) throw new RangeError(`${column} is not an integer: ${JSON.stringify(value)}`);
    return BigInt(match[1]!);
  }
  if (value === null || value === undefined) return 0n;
  throw new RangeError(`${column} is not a number: ${typeof value}`);
}
