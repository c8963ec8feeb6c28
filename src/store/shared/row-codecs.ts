/** Small decoders for values whose wire type differs between better-sqlite3 and pg. */

export function decodeTime(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function decodeOptionalTime(value: string | Date | null): Date | null {
  return value === null ? null : decodeTime(value);
}

/** jsonb arrives parsed from pg; TEXT arrives as a string from SQLite. */
export function decodeJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** JSON text with bigint written as decimal strings (JSON.stringify would throw on them). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, inner) =>
    typeof inner === "bigint" ? inner.toString() : inner,
  );
}

/** pg returns BIGINT and COUNT(*) as strings; SQLite as numbers. */
export function decodeCount(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
