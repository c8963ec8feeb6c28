import { Agent, type Dispatcher, request } from "undici";
import type { z } from "zod";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import type { CostLimiter, ThrottleStatus } from "./cost-limiter.js";
import { type BackoffPolicy, DEFAULT_BACKOFF, parseRetryAfterMs, retryDelayMs } from "./retry-policy.js";

export interface RestPage<T> {
  data: T;
  /** `page_info` of the `Link: <…>; rel="next"` header, null on the last page. */
  nextPageInfo: string | null;
}

export interface ShopifyRestClient {
  /** `GET /admin/api/{version}/{path}`; retries 429 (Retry-After, seconds), 5xx and network errors. */
  get<T>(path: string, query: Record<string, string>, schema: z.ZodType<T>): Promise<RestPage<T>>;
  close(): Promise<void>;
}

/**
 * The REST Admin API, legacy and kept only as the fallback for order and customer reads. Its leaky
 * bucket counts requests (`X-Shopify-Shop-Api-Call-Limit: 32/40`; 2 requests/s restore per 40 of
 * bucket), fed into the same kind of limiter as GraphQL with a cost of 1 per call. Ids beyond 2^53 are
 * kept as strings.
 * @see https://shopify.dev/docs/api/admin-rest/usage/rate-limits
 * @see https://shopify.dev/docs/api/admin-rest/usage/pagination
 */
export function createShopifyRestClient(deps: {
  adminUrl: string;
  apiVersion: string;
  accessToken: () => Promise<string> | string;
  replaceRejectedToken?: (rejected: string) => Promise<boolean>;
  /** One per shop, separate from the GraphQL one (REST has its own bucket). */
  limiter: CostLimiter;
  clock: Clock;
  log: Logger;
  timeoutMs?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  dispatcher?: Dispatcher;
}): ShopifyRestClient {
  const base = `${deps.adminUrl.replace(/\/+$/, "")}/admin/api/${deps.apiVersion}/`;
  const ownAgent = deps.dispatcher ? null : new Agent({ keepAliveTimeout: 30_000, connections: 4 });
  const dispatcher = deps.dispatcher ?? (ownAgent as Agent);
  const maxAttempts = deps.maxAttempts ?? 5;
  return { get, close: async () => ownAgent?.close() };

  async function get<T>(
    path: string,
    query: Record<string, string>,
    schema: z.ZodType<T>,
  ): Promise<RestPage<T>> {
    const url = new URL(path.replace(/^\/+/, ""), base);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    let tokenReplaced = false;
    for (let attempt = 1; ; attempt++) {
      const token = await deps.accessToken();
      const reservation = await deps.limiter.acquire(1);
      let status = 0;
      let bucket: ThrottleStatus | null = null;
      let text = "";
      let retryAfter: string | null = null;
      let link: string | null = null;
      let failure: unknown;
      try {
        const response = await request(url, {
          method: "GET",
          headers: { accept: "application/json", "x-shopify-access-token": token },
          dispatcher,
          signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000),
        });
        status = response.statusCode;
        text = await response.body.text();
        bucket = parseCallLimit(header(response.headers["x-shopify-shop-api-call-limit"]));
        retryAfter = header(response.headers["retry-after"]);
        link = header(response.headers.link);
      } catch (cause) {
        failure = cause;
      } finally {
        reservation.settle(bucket);
      }
      if (status === 200) return { data: parse(text, schema, path), nextPageInfo: nextPageInfo(link) };
      if (status === 401 && !tokenReplaced && (await deps.replaceRejectedToken?.(token))) {
        tokenReplaced = true;
        attempt--;
        continue;
      }
      const error = failure
        ? new ConnectorError(
            "MLC_SHOPIFY_HTTP",
            `Shopify REST call failed: ${(failure as Error).message ?? failure}`,
          )
        : httpError(status, path);
      const retryable = failure !== undefined || status === 429 || status >= 500;
      if (!retryable || attempt >= maxAttempts) throw error;
      const minDelayMs =
        status === 429 ? (parseRetryAfterMs(retryAfter, deps.clock.now().getTime()) ?? 2000) : 0;
      const delayMs = retryDelayMs({
        attempt,
        minDelayMs,
        policy: deps.backoff ?? DEFAULT_BACKOFF,
        random: deps.random ?? Math.random,
      });
      deps.log.warn({ attempt, delayMs, status, path: url.pathname }, "shopify.rest.retry");
      await deps.clock.sleep(delayMs);
    }
  }
}

function header(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** `32/40` → the bucket as a throttle status: 40 requests, restoring 2 per second per 40. */
export function parseCallLimit(value: string | null): ThrottleStatus | null {
  const match = value ? /^(\d+)\/(\d+)$/.exec(value.trim()) : null;
  if (!match) return null;
  const used = Number(match[1]);
  const size = Number(match[2]);
  return { maximumAvailable: size, currentlyAvailable: Math.max(0, size - used), restoreRate: size / 20 };
}

/** The `page_info` of `rel="next"` in a Link header. */
export function nextPageInfo(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match?.[1]) return new URL(match[1]).searchParams.get("page_info");
  }
  return null;
}

/**
 * Quotes integers of 16+ digits before JSON.parse would round them: the value of an `id` / `…_id`
 * field, and each element of an `ids` / `…_ids` array of numbers (`"line_item_ids": [..]`). Safe on
 * raw text because a quote inside a JSON string is always escaped, so `"…_ids": [` only matches a key.
 */
export function parseKeepingIds(text: string): unknown {
  return JSON.parse(
    text
      .replace(/("(?:[a-z_]*_)?id"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"')
      .replace(
        /("(?:[a-z_]*_)?ids"\s*:\s*\[)((?:[-\d\s,]|null)*)(?=\])/g,
        (_, key: string, elements: string) => key + elements.replace(/(?<!\d)-?\d{16,}/g, '"$&"'),
      ),
  );
}

function parse<T>(text: string, schema: z.ZodType<T>, path: string): T {
  let json: unknown;
  try {
    json = parseKeepingIds(text);
  } catch (cause) {
    throw new ConnectorError("MLC_SHOPIFY_RESPONSE_INVALID", `Shopify REST ${path}: body is not JSON`, {
      cause,
    });
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new ConnectorError("MLC_SHOPIFY_RESPONSE_INVALID", `Shopify REST ${path}: unexpected shape`, {
    retryable: false,
    detail: {
      issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join("."), message: i.message })),
    },
  });
}

function httpError(status: number, path: string): ConnectorError {
  if (status === 401)
    return new ConnectorError("MLC_SHOPIFY_UNAUTHORIZED", "Shopify refused the access token (401)", {
      detail: { status },
    });
  if (status === 403)
    return new ConnectorError("MLC_SHOPIFY_ACCESS_DENIED", `Shopify REST ${path}: 403 (scope not granted)`, {
      detail: { status },
    });
  return new ConnectorError("MLC_SHOPIFY_HTTP", `Shopify REST ${path} answered ${status}`, {
    retryable: status === 429 || status >= 500,
    detail: { status },
  });
}
