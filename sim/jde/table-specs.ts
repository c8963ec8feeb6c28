import { formatMinor, julianToCompactDate } from "./jde-formats.js";
import type { JdeTableName, JdeTables } from "./jde-tables.js";

/** How a column is converted between storage form and what the AIS data service shows. */
export type ColumnKind = "string" | "mcu" | "number" | "date" | "amount" | "lineNumber";

interface TableSpec {
  prefix: string;
  title: string;
  kinds: Record<string, ColumnKind>;
}

/** Column kinds by alias (without the table prefix); unlisted aliases are strings. */
const TABLE_SPECS: Record<JdeTableName, TableSpec> = {
  F0010: { prefix: "CC", title: "Company Constants", kinds: { DFYJ: "date", PNC: "number" } },
  F0013: { prefix: "CV", title: "Currency Codes", kinds: { CDEC: "number" } },
  F0008: {
    prefix: "CD",
    title: "Date Fiscal Patterns",
    kinds: {
      DFYJ: "date",
      FY: "number",
      ...Object.fromEntries(
        Array.from({ length: 14 }, (_, i) => [`D${String(i + 1).padStart(2, "0")}J`, "date" as const]),
      ),
    },
  },
  F0006: { prefix: "MC", title: "Business Unit Master", kinds: { MCU: "mcu" } },
  F0901: { prefix: "GM", title: "Account Master", kinds: { MCU: "mcu" } },
  F0911Z1: {
    prefix: "VN",
    title: "Journal Entry Transactions - Batch File",
    kinds: {
      EDLN: "lineNumber",
      DOC: "number",
      DGJ: "date",
      JELN: "number",
      ICU: "number",
      MCU: "mcu",
      AA: "amount",
      AN8: "number",
      UPMJ: "date",
      UPMT: "number",
    },
  },
  F0911: {
    prefix: "GL",
    title: "Account Ledger",
    kinds: {
      DOC: "number",
      DGJ: "date",
      JELN: "number",
      ICU: "number",
      DICJ: "date",
      MCU: "mcu",
      PN: "number",
      FY: "number",
      CTRY: "number",
      AA: "amount",
      AN8: "number",
      UPMJ: "date",
      UPMT: "number",
    },
  },
  F0011: {
    prefix: "IC",
    title: "Batch Control Records",
    kinds: { ICU: "number", DICJ: "date", NDO: "number", UPMJ: "date" },
  },
  F0101: { prefix: "AB", title: "Address Book Master", kinds: { AN8: "number", MCU: "mcu", UPMJ: "date" } },
  F0116: { prefix: "AL", title: "Address by Date", kinds: { AN8: "number", EFTB: "date", UPMJ: "date" } },
  F01151: {
    prefix: "EA",
    title: "Electronic Address",
    kinds: { AN8: "number", IDLN: "number", RCK7: "number", UPMJ: "date" },
  },
  F0115: {
    prefix: "WP",
    title: "Phone Numbers",
    kinds: { AN8: "number", IDLN: "number", RCK7: "number", UPMJ: "date" },
  },
  F0111: { prefix: "WW", title: "Who's Who", kinds: { AN8: "number", IDLN: "number", UPMJ: "date" } },
  F03012: {
    prefix: "AI",
    title: "Customer Master by Line of Business",
    kinds: { AN8: "number", ACL: "amount", UPMJ: "date" },
  },
};

export function isTableName(name: string): name is JdeTableName {
  return Object.hasOwn(TABLE_SPECS, name);
}

export function tableSpec(name: JdeTableName): TableSpec {
  return TABLE_SPECS[name];
}

export function columnKind(table: JdeTableName, alias: string): ColumnKind {
  return TABLE_SPECS[table].kinds[alias] ?? "string";
}

/** Storage rows keyed by alias (prefix stripped); F0008 period ends become CDD01J…CDD14J. */
export function aliasRows(tables: JdeTables, name: JdeTableName): Record<string, unknown>[] {
  const { prefix } = TABLE_SPECS[name];
  return (tables[name] as object[]).map((row) => {
    const out: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) {
      if (column === "periodEnds") {
        (value as number[]).forEach((end, i) => {
          out[`D${String(i + 1).padStart(2, "0")}J`] = end;
        });
      } else out[column.startsWith(prefix) ? column.slice(prefix.length) : column] = value;
    }
    return out;
  });
}

/** Decimal places of a row's amount columns: its currency (CRCD) from F0013, else 2. */
export function rowDecimals(tables: JdeTables, row: Record<string, unknown>): number {
  return tables.F0013.find((c) => c.CVCRCD === row.CRCD)?.CVCDEC ?? 2;
}

/** Storage value → what AIS returns: amounts with real decimals, dates as yyyyMMdd, EDLN 1, 2, … */
export function displayValue(kind: ColumnKind, value: unknown, decimals: number): unknown {
  switch (kind) {
    case "date":
      return typeof value === "number" && value > 0 ? julianToCompactDate(value) : "";
    case "amount":
      return Number(formatMinor(value as bigint, decimals));
    case "lineNumber":
      return Number(formatMinor(BigInt(value as number), 3));
    default:
      return typeof value === "bigint" ? Number(value) : value;
  }
}

/** Exact decimal text of a storage value for comparisons (amounts and line numbers unscaled). */
export function comparableText(kind: ColumnKind, value: unknown, decimals: number): string {
  if (kind === "amount") return formatMinor(value as bigint, decimals);
  if (kind === "lineNumber") return formatMinor(BigInt(value as number), 3);
  return String(value);
}
