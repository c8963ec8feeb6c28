import { z } from "zod";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { AisClient } from "./ais-client.js";
import { dataServiceGridSchema, nextPageLinksSchema } from "./ais-responses.js";

/**
 * Query operators of reference/jde-ais.md §4. BETWEEN takes two literals, low then high, both
 * included as in SQL (the simulator agrees; the AIS docs do not say). Date literals go in the AIS
 * user's display format, as the orchestration inputs do.
 */
export type BrowseOperator =
  | "EQUAL"
  | "LIST"
  | "NOT_EQUAL"
  | "BETWEEN"
  | "GREATER_EQUAL"
  | "LESS_EQUAL"
  | "STR_BLANK"
  | "STR_NOT_BLANK";

export interface BrowseCondition {
  /** Data-dictionary alias without the table prefix (`EDTN`, `VINV`). */
  column: string;
  operator: BrowseOperator;
  values: string[];
}

export interface BrowseRequest {
  table: string;
  columns: string[];
  conditions: BrowseCondition[];
  pageSize?: number;
  /** Refuses to read more pages than this (a runaway query is a bug, not data). */
  maxPages?: number;
}

/** A data-service row with the `TABLE_` prefix removed from every key (`F0911_DOC` → `DOC`). */
export type BrowseRow = Record<string, unknown>;

const DATA_SERVICE_PATH = "/jderest/v2/dataservice";
/** A BROWSE reads only, so a stale keep-alive socket may be retried. */
const READ = { idempotent: true };
const pageBodySchema = z.looseObject({ links: nextPageLinksSchema });

/**
 * One table BROWSE through `POST /jderest/v2/dataservice`, every page read (reference/jde-ais.md §4).
 * Conditions are MATCH_ALL; a LIST condition carries several literals so one call answers many keys.
 * Paging follows the `rel: "next"` link AIS returns with `enableNextPageProcessing` (link form
 * Unconfirmed, §4); without a link the query is repeated once unbounded. Never a silent truncation.
 */
export async function browseTable(ais: Pick<AisClient, "call">, browse: BrowseRequest): Promise<BrowseRow[]> {
  const maxPages = browse.maxPages ?? 50;
  const rows: BrowseRow[] = [];
  let body: unknown = await ais.call("POST", DATA_SERVICE_PATH, buildBrowseBody(browse), READ);
  for (let page = 1; ; page += 1) {
    const grid = readGrid(body, browse.table);
    rows.push(...grid.rows);
    if (!grid.moreRecords) return rows;
    const next = nextPagePath(body, browse.table);
    if (next === undefined) return readUnpaged(ais, browse);
    if (page >= maxPages) throw tooManyRows(browse.table, rows.length);
    body = await ais.call("POST", next, {}, READ);
  }
}

/** No next-page link: ask once more for every row (`maxPageSize: "No Max"`, an AIS value). */
async function readUnpaged(ais: Pick<AisClient, "call">, browse: BrowseRequest): Promise<BrowseRow[]> {
  const body = await ais.call(
    "POST",
    DATA_SERVICE_PATH,
    { ...buildBrowseBody(browse), maxPageSize: "No Max" },
    READ,
  );
  const grid = readGrid(body, browse.table);
  if (grid.moreRecords) throw tooManyRows(browse.table, grid.rows.length);
  return grid.rows;
}

function tooManyRows(table: string, rows: number): ConnectorError {
  return new ConnectorError("MLC_AIS_RESPONSE_INVALID", `${table} has more rows than can be paged`, {
    detail: { table, rows },
  });
}

/** The `BROWSE` request body of §4 with `TABLE.ALIAS` control ids and LITERAL values. */
export function buildBrowseBody(browse: BrowseRequest): Record<string, unknown> {
  return {
    targetName: browse.table,
    targetType: "table",
    dataServiceType: "BROWSE",
    returnControlIDs: browse.columns.map((column) => `${browse.table}.${column}`).join("|"),
    maxPageSize: String(browse.pageSize ?? 1000),
    enableNextPageProcessing: true,
    findOnEntry: "TRUE",
    query: {
      autoFind: true,
      matchType: "MATCH_ALL",
      condition: browse.conditions.map((condition) => ({
        controlId: `${browse.table}.${condition.column}`,
        operator: condition.operator,
        value: condition.values.map((content) => ({ content, specialValueId: "LITERAL" })),
      })),
    },
  };
}

function readGrid(body: unknown, table: string): { rows: BrowseRow[]; moreRecords: boolean } {
  const form = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const parsed = dataServiceGridSchema.safeParse(form[`fs_DATABROWSE_${table}`]);
  if (!parsed.success) {
    throw new ConnectorError("MLC_AIS_RESPONSE_INVALID", `data service answer has no ${table} grid`, {
      detail: { table, issues: parsed.error.issues.slice(0, 3).map((issue) => issue.message) },
    });
  }
  const { rowset, summary } = parsed.data.data.gridData;
  const prefix = `${table}_`;
  const rows = rowset.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key.startsWith(prefix) ? key.slice(prefix.length) : key,
        value,
      ]),
    ),
  );
  return { rows, moreRecords: summary?.moreRecords === true };
}

function nextPagePath(body: unknown, table: string): string | undefined {
  const form = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const candidates = [form, form[`fs_DATABROWSE_${table}`]];
  for (const candidate of candidates) {
    const parsed = pageBodySchema.safeParse(candidate);
    const href = parsed.success ? parsed.data.links?.find((link) => link.rel === "next")?.href : undefined;
    if (href) return href.startsWith("/") ? href : new URL(href).pathname;
  }
  return undefined;
}

/** A column as trimmed text ("" when absent): JDE pads fixed-width fields with blanks. */
export function text(row: BrowseRow, column: string): string {
  const value = row[column];
  if (value === undefined || value === null) return "";
  return String(value).trim();
}

/** A numeric column (document, batch and address numbers), undefined when absent or zero. */
export function positiveNumber(row: BrowseRow, column: string): number | undefined {
  const value = Number(row[column]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
