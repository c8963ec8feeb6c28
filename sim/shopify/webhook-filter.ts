type Op = "=" | ">" | ">=" | "<" | "<=";

interface Term {
  negated: boolean;
  path: string[];
  op: Op;
  value: string;
}

const TERM = /(-|NOT\s+)?([\w.]+):(>=|<=|>|<)?('[^']*'|"[^"]*"|\S+)/g;

/**
 * A subscription's `filter` (Shopify search syntax over the payload's REST field names, e.g.
 * `financial_status:paid AND total_price:>100`), the subset a connector would use: terms joined by
 * spaces/AND, alternatives joined by OR, `-`/NOT negation, dotted paths that look inside arrays,
 * `tags:x` for one of the comma-separated tags, numeric or timestamp comparison when both sides
 * parse, case-insensitive equality otherwise. [UNCONFIRMED beyond Shopify's documented examples]
 */
export function matchesWebhookFilter(payload: unknown, filter: string): boolean {
  const alternatives = filter.split(/\s+OR\s+/);
  return alternatives.some((alt) => parseTerms(alt).every((t) => t.negated !== matchesTerm(payload, t)));
}

function parseTerms(text: string): Term[] {
  return [...text.matchAll(TERM)].map((m) => ({
    negated: m[1] !== undefined,
    path: m[2]!.split("."),
    op: (m[3] ?? "=") as Op,
    value: m[4]!.replace(/^['"]|['"]$/g, ""),
  }));
}

function matchesTerm(payload: unknown, term: Term): boolean {
  return valuesAt(payload, term.path).some((v) => compare(v, term.op, term.value));
}

function valuesAt(value: unknown, path: string[], key = ""): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path, key));
  // REST writes tags as one comma-separated string; a term names one tag
  if (path.length === 0) return key === "tags" && typeof value === "string" ? value.split(/,\s*/) : [value];
  if (value === null || typeof value !== "object") return [];
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1), path[0]);
}

function compare(actual: unknown, op: Op, wanted: string): boolean {
  if (actual === null || actual === undefined || typeof actual === "object") return false;
  const text = String(actual);
  const a = comparable(text);
  const b = comparable(wanted);
  if (op === "=")
    return typeof a === "number" && typeof b === "number"
      ? a === b
      : text.toLowerCase() === wanted.toLowerCase();
  if (typeof a !== "number" || typeof b !== "number") return false;
  return op === ">" ? a > b : op === ">=" ? a >= b : op === "<" ? a < b : a <= b;
}

/** A number, a timestamp's epoch ms, or the text itself. */
function comparable(text: string): number | string {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  return text;
}
