import { compareIds } from "./id-allocator.js";

export type RestQuery = Record<string, string | string[] | undefined>;

/** REST list position: items are ordered newest first by (timestamp, id). */
export interface SortKey {
  value: number;
  id: string;
}

export interface ListRequest {
  /** the filters of the first request; a page_info carries them to later pages */
  filters: Record<string, string>;
  limit: number;
  fields: string[] | null;
  boundary: { direction: "next" | "prev"; key: SortKey } | null;
}

export type ListParse = { ok: true; request: ListRequest } | { ok: false; errors: Record<string, string> };

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 250;
const PAGINATION_DOC = "https://shopify.dev/api/usage/pagination-rest";

/**
 * Reads `limit`, `fields`, `page_info` and the endpoint's `filterNames` (reference §4.4): with page_info
 * only limit and fields may be sent, everything else comes from the cursor. `limit` above 250 is cut to 250.
 */
export function parseListRequest(query: RestQuery, filterNames: readonly string[]): ListParse {
  const limitText = single(query.limit);
  const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1)
    return { ok: false, errors: { limit: "limit must be a whole number from 1 to 250" } };
  const fieldsText = single(query.fields);
  const fields = fieldsText
    ? fieldsText
        .split(",")
        .map((f) => f.trim())
        .filter((f) => f !== "")
    : null;
  const base = { limit: Math.min(limit, MAX_LIMIT), fields };
  const pageInfo = single(query.page_info);
  if (pageInfo === undefined) {
    const filters: Record<string, string> = {};
    for (const name of filterNames) {
      const value = single(query[name]);
      if (value !== undefined && value !== "") filters[name] = value;
    }
    return { ok: true, request: { ...base, filters, boundary: null } };
  }
  const extra = Object.keys(query).filter((k) => k !== "page_info" && k !== "limit" && k !== "fields");
  if (extra.length > 0) {
    const errors: Record<string, string> = {};
    for (const k of extra)
      errors[k] =
        `${k} cannot be passed when page_info is present. See ${PAGINATION_DOC} for more information.`;
    return { ok: false, errors };
  }
  const decoded = decodePageInfo(pageInfo, filterNames);
  return decoded
    ? { ok: true, request: { ...base, ...decoded } }
    : { ok: false, errors: { page_info: "Invalid value." } };
}

export interface Page<T> {
  items: T[];
  next: SortKey | null;
  previous: SortKey | null;
}

/** One page of `sorted` (newest first) after or before the request's boundary. */
export function pageOf<T>(sorted: T[], keyOf: (item: T) => SortKey, request: ListRequest): Page<T> {
  const b = request.boundary;
  let start = 0;
  let end = sorted.length;
  if (b?.direction === "next") {
    start = sorted.findIndex((x) => compareKeys(keyOf(x), b.key) > 0);
    if (start < 0) start = sorted.length;
    end = Math.min(sorted.length, start + request.limit);
  } else if (b?.direction === "prev") {
    end = sorted.findIndex((x) => compareKeys(keyOf(x), b.key) >= 0);
    if (end < 0) end = sorted.length;
    start = Math.max(0, end - request.limit);
  } else {
    end = Math.min(sorted.length, request.limit);
  }
  const items = sorted.slice(start, end);
  const first = items[0];
  const last = items.at(-1);
  return {
    items,
    next: end < sorted.length && last ? keyOf(last) : null,
    previous: start > 0 && first ? keyOf(first) : null,
  };
}

/** `<…?limit=N&page_info=…>; rel="previous", <…>; rel="next"`, or undefined for a single page. */
export function linkHeader(pageUrl: string, request: ListRequest, page: Page<unknown>): string | undefined {
  const link = (direction: "next" | "prev", key: SortKey, rel: string) => {
    const url = new URL(pageUrl);
    url.search = "";
    url.searchParams.set("limit", String(request.limit));
    if (request.fields) url.searchParams.set("fields", request.fields.join(","));
    url.searchParams.set("page_info", encodePageInfo(request.filters, direction, key));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const parts: string[] = [];
  if (page.previous) parts.push(link("prev", page.previous, "previous"));
  if (page.next) parts.push(link("next", page.next, "next"));
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** Newest first: larger value first, then larger id. */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a.value !== b.value) return a.value > b.value ? -1 : 1;
  return -compareIds(a.id, b.id);
}

/** Keeps only the top-level `fields` of a REST object (Shopify's `fields` parameter). */
export function pickFields<T extends Record<string, unknown>>(value: T, fields: string[] | null): Partial<T> {
  if (!fields) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => fields.includes(k))) as Partial<T>;
}

function encodePageInfo(filters: Record<string, string>, direction: string, key: SortKey): string {
  const json = JSON.stringify({ ...filters, last_id: key.id, last_value: key.value, direction });
  return Buffer.from(json, "utf8").toString("base64url");
}

function decodePageInfo(
  text: string,
  filterNames: readonly string[],
): Omit<ListRequest, "limit" | "fields"> | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
  const { last_id: id, last_value: value, direction } = parsed;
  if (typeof id !== "string" || !/^\d+$/.test(id) || typeof value !== "number") return null;
  if (direction !== "next" && direction !== "prev") return null;
  const filters: Record<string, string> = {};
  for (const name of filterNames)
    if (typeof parsed[name] === "string") filters[name] = parsed[name] as string;
  return { filters, boundary: { direction, key: { id, value } } };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
