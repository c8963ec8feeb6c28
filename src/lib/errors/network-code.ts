/** The first system error code (ECONNREFUSED, UND_ERR_…) in the cause chain, or TIMEOUT. */
export function networkCode(error: unknown): string | undefined {
  const queue: unknown[] = [error];
  for (let i = 0; i < queue.length && i < 20; i += 1) {
    const current = queue[i] as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown } | null;
    if (!current || typeof current !== "object") continue;
    if (typeof current.code === "string" && !current.code.startsWith("MLC_")) return current.code;
    if (current.name === "TimeoutError") return "TIMEOUT";
    queue.push(current.cause, ...(Array.isArray(current.errors) ? current.errors : []));
  }
  return undefined;
}
