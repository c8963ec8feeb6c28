import { ConnectorError } from "../../lib/errors/connector-error.js";
import type { StorageRow } from "./f0911z1-rows.js";
import type { SqlValue, TableColumn, TableShape } from "./jde-database-port.js";
import { findColumn } from "./table-shape.js";
import { padText, type TextLengthUnit, textWidth } from "./text-width.js";

/**
 * Checks once per table that every column we write exists with the kind we write, and that every
 * other column can be filled (JDE columns are NOT NULL without defaults: blanks or zeros, never NULL).
 */
export function assertWritableShape(shape: TableShape, written: Record<string, "char" | "number">): void {
  const problems: string[] = [];
  for (const [alias, kind] of Object.entries(written)) {
    const column = findColumn(shape, alias);
    if (!column) problems.push(`no column ${alias}`);
    else if (column.kind !== kind) problems.push(`${alias} is ${column.dataType}, expected ${kind}`);
  }
  for (const column of shape.columns) {
    if (column.kind === "other") problems.push(`cannot fill ${column.name} of type ${column.dataType}`);
  }
  if (problems.length > 0) {
    throw new ConnectorError("MLC_JDE_TABLE_UNSUPPORTED", `${shape.table}: ${problems.join("; ")}`, {
      detail: { owner: shape.owner, table: shape.table, problems },
    });
  }
}

/**
 * One row's bind values for `INSERT … (every column)`, in the table's column order: our values
 * blank-padded to their CHAR width, blanks for the other CHAR columns and 0 for numeric ones.
 * Refuses (MLC_JDE_FIELD_INVALID) text longer than its column: a cut key would post under another key.
 */
export function encodeRow(shape: TableShape, row: StorageRow, unit: TextLengthUnit): SqlValue[] {
  const byName = new Map(Object.entries(row).map(([alias, value]) => [alias.toUpperCase(), value]));
  const tooLong: string[] = [];
  const values = shape.columns.map((column) => {
    const value = byName.get(column.name.toUpperCase());
    if (column.kind === "number") return typeof value === "bigint" ? value : 0n;
    const text = typeof value === "string" ? value : "";
    if (column.length !== undefined && textWidth(text, unit) > column.length)
      tooLong.push(describe(column, textWidth(text, unit)));
    return padText(text, column.length, unit);
  });
  if (tooLong.length > 0) {
    throw new ConnectorError("MLC_JDE_FIELD_INVALID", `too long for ${shape.table}: ${tooLong.join(", ")}`, {
      detail: { table: shape.table, fields: tooLong },
    });
  }
  return values;
}

/** Column, width and length only: the value may be a customer's name or address (DESIGN.md §6). */
function describe(column: TableColumn, length: number): string {
  return `${column.name.toUpperCase()}(${column.length}) holds ${length}`;
}
