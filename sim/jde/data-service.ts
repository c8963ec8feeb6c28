import { parseDecimalToMinor, parseDisplayDate } from "./jde-formats.js";
import type { JdeTableName, JdeTables } from "./jde-tables.js";
import {
  aliasRows,
  type ColumnKind,
  columnKind,
  comparableText,
  displayValue,
  isTableName,
  rowDecimals,
  tableSpec,
} from "./table-specs.js";

export type DataServiceResult = { status: 200; body: unknown } | { status: 400 | 500; message: string };

interface Condition {
  controlId: string;
  operator: string;
  value: { content: string }[];
}

const DEFAULT_PAGE_SIZE = 100;
const COMPARE_SCALE = 9;

/**
 * `POST /jderest/v2/dataservice` BROWSE and COUNT on a table (reference/jde-ais.md §4). Storage form
 * is converted as AIS does: amounts with real decimals, dates as `yyyyMMdd`, EDLN 1, 2, …; MCU values
 * come back right-justified but conditions match with or without the padding.
 */
export function runDataService(tables: JdeTables, body: Record<string, unknown>): DataServiceResult {
  const targetName = String(body.targetName ?? "");
  if ((body.targetType ?? "table") !== "table")
    return { status: 500, message: "Only targetType table is simulated" };
  if (!isTableName(targetName)) return { status: 500, message: `Table ${targetName} is not valid` };
  const serviceType = String(body.dataServiceType ?? "BROWSE");
  if (serviceType !== "BROWSE" && serviceType !== "COUNT") {
    return { status: 500, message: `dataServiceType ${serviceType} is not supported` };
  }
  const query = (body.query ?? {}) as { matchType?: string; condition?: Condition[] };
  const conditions = Array.isArray(query.condition) ? query.condition : [];
  for (const condition of conditions) {
    if (!String(condition.controlId).startsWith(`${targetName}.`)) {
      return { status: 500, message: `Invalid controlId ${condition.controlId}` };
    }
  }
  const matchAny = query.matchType === "MATCH_ANY";
  const matches = aliasRows(tables, targetName).filter((row) => {
    if (conditions.length === 0) return true;
    const test = (c: Condition) => matchesCondition(tables, targetName, row, c);
    return matchAny ? conditions.some(test) : conditions.every(test);
  });
  const formName = `fs_DATABROWSE_${targetName}`;
  const title = `Data Browser - ${targetName} [${tableSpec(targetName).title}]`;
  if (serviceType === "COUNT") {
    return { status: 200, body: { [formName]: { title, data: { totalCount: matches.length } } } };
  }
  sortRows(tables, targetName, matches, body.orderBy);
  const pageSize = parsePageSize(body.maxPageSize);
  const page = matches.slice(0, pageSize);
  const aliases = returnAliases(targetName, body.returnControlIDs, matches[0]);
  const rowset = page.map((row) => {
    const decimals = rowDecimals(tables, row);
    return Object.fromEntries(
      aliases.map((alias) => [
        `${targetName}_${alias}`,
        displayValue(columnKind(targetName, alias), row[alias] ?? "", decimals),
      ]),
    );
  });
  const columns = Object.fromEntries(aliases.map((alias) => [`${targetName}_${alias}`, alias]));
  return {
    status: 200,
    body: {
      [formName]: {
        title,
        data: {
          gridData: {
            id: 1,
            fullGridId: "1",
            columns,
            rowset,
            summary: { records: rowset.length, moreRecords: matches.length > rowset.length },
          },
        },
        errors: [],
        warnings: [],
      },
    },
  };
}

function parsePageSize(raw: unknown): number {
  if (raw === "No Max") return Number.MAX_SAFE_INTEGER;
  const size = Number(raw ?? DEFAULT_PAGE_SIZE);
  return Number.isInteger(size) && size > 0 ? size : DEFAULT_PAGE_SIZE;
}

function returnAliases(
  table: JdeTableName,
  raw: unknown,
  sample: Record<string, unknown> | undefined,
): string[] {
  if (typeof raw === "string" && raw.trim()) {
    return raw.split("|").map((id) => id.trim().replace(`${table}.`, ""));
  }
  return Object.keys(sample ?? {});
}

function matchesCondition(
  tables: JdeTables,
  table: JdeTableName,
  row: Record<string, unknown>,
  condition: Condition,
): boolean {
  const alias = condition.controlId.slice(table.length + 1);
  const kind = columnKind(table, alias);
  const decimals = rowDecimals(tables, row);
  const left = comparable(kind, comparableText(kind, row[alias] ?? "", decimals));
  const { values, members } = preparedValues(condition, kind);
  const text = String(left);
  const needle = String(values[0] ?? "");
  switch (condition.operator) {
    case "EQUAL":
      return compare(left, values[0]) === 0;
    case "NOT_EQUAL":
      return compare(left, values[0]) !== 0;
    case "LIST":
      // compare() calls two defined values equal exactly when their texts are equal.
      return left !== undefined && members.has(String(left));
    case "BETWEEN":
      return compare(left, values[0]) >= 0 && compare(left, values[1]) <= 0;
    case "LESS":
      return compare(left, values[0]) < 0;
    case "LESS_EQUAL":
      return compare(left, values[0]) <= 0;
    case "GREATER":
      return compare(left, values[0]) > 0;
    case "GREATER_EQUAL":
      return compare(left, values[0]) >= 0;
    case "STR_START_WITH":
      return text.startsWith(needle);
    case "STR_END_WITH":
      return text.endsWith(needle);
    case "STR_CONTAIN":
      return text.includes(needle);
    case "STR_BLANK":
      return text.trim() === "";
    case "STR_NOT_BLANK":
      return text.trim() !== "";
    default:
      return false;
  }
}

/** Comparable form: strings trimmed (MCU padding ignored), numbers as scaled bigint, dates as Julian. */
const PREPARED = new WeakMap<Condition, { values: (string | bigint | undefined)[]; members: Set<string> }>();

/** A condition's values in comparable form, once per request rather than once per row. */
function preparedValues(condition: Condition, kind: ColumnKind) {
  let prepared = PREPARED.get(condition);
  if (!prepared) {
    const values = (condition.value ?? []).map((v) => comparable(kind, String(v.content ?? "")));
    prepared = { values, members: new Set(values.filter((v) => v !== undefined).map(String)) };
    PREPARED.set(condition, prepared);
  }
  return prepared;
}

function comparable(kind: ColumnKind, text: string): string | bigint | undefined {
  if (kind === "string" || kind === "mcu") return text.trim();
  if (kind === "date") {
    if (/^\d{6}$/.test(text.trim())) return BigInt(text.trim());
    const julian = parseDisplayDate(text);
    return julian === undefined ? undefined : BigInt(julian);
  }
  const parsed = parseDecimalToMinor(text, COMPARE_SCALE);
  return parsed.ok ? parsed.minor : undefined;
}

function compare(left: string | bigint | undefined, right: string | bigint | undefined): number {
  if (left === undefined || right === undefined) return Number.NaN;
  if (typeof left === "bigint" && typeof right === "bigint") return left < right ? -1 : left > right ? 1 : 0;
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortRows(tables: JdeTables, table: JdeTableName, rows: Record<string, unknown>[], orderBy: unknown) {
  if (!Array.isArray(orderBy)) return;
  const keys = orderBy
    .filter((o): o is { column: string; direction?: string } => typeof o?.column === "string")
    .map((o) => ({ alias: o.column.replace(`${table}.`, ""), sign: o.direction === "DESC" ? -1 : 1 }));
  rows.sort((a, b) => {
    for (const { alias, sign } of keys) {
      const kind = columnKind(table, alias);
      const left = comparable(kind, comparableText(kind, a[alias] ?? "", rowDecimals(tables, a)));
      const right = comparable(kind, comparableText(kind, b[alias] ?? "", rowDecimals(tables, b)));
      const order = compare(left, right);
      if (order) return order * sign;
    }
    return 0;
  });
}
