/**
 * Runs tasks one after another on a single connection (SQLite, tedious): a transaction must not
 * interleave with another caller's statements on the same connection.
 */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  };
}

/** Result rows keyed by upper-cased column names, so callers read `VNEDUS` on every database. */
export function upperCaseKeys(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key.toUpperCase()] = value;
  return out;
}
