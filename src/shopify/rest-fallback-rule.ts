import { coerceError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";

/**
 * GraphQL failures the REST API may not share: an outage of the GraphQL endpoint, or our query or its
 * parsing. Throttling, access and the token fail REST alike, so they are rethrown.
 */
const FALLBACK_CODES = new Set([
  "MLC_SHOPIFY_HTTP",
  "MLC_SHOPIFY_QUERY_INVALID",
  "MLC_SHOPIFY_QUERY_TOO_COSTLY",
  "MLC_SHOPIFY_RESPONSE_INVALID",
]);

/** Runs the GraphQL read; on a failure REST may not share, logs it and runs the REST read instead. */
export async function withRestFallback<T>(
  log: Logger,
  graphql: () => Promise<T>,
  rest: () => Promise<T>,
): Promise<T> {
  try {
    return await graphql();
  } catch (error) {
    const failure = coerceError(error);
    if (!FALLBACK_CODES.has(failure.code)) throw error;
    log.warn({ err: failure }, "shopify.rest_fallback");
  }
  return rest();
}
