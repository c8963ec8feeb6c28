/** How a database counts a CHAR(n) column: UTF-16 code units (Oracle NCHAR, SQL Server nchar) or code points. */
export type TextLengthUnit = "utf16" | "codepoints";

export function textWidth(value: string, unit: TextLengthUnit): number {
  return unit === "utf16" ? value.length : [...value].length;
}

/**
 * Blank-pads text to a CHAR column's full width, as JDE stores it. Oracle turns '' into NULL and
 * compares a bound VARCHAR with a CHAR column without blank-padding, so both writes and look-ups
 * send the padded value.
 */
export function padText(value: string, width: number | undefined, unit: TextLengthUnit): string {
  const target = Math.max(width ?? 1, 1);
  const missing = target - textWidth(value, unit);
  return missing > 0 ? value + " ".repeat(missing) : value;
}
