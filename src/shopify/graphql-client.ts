import { Agent, type Dispatcher, request } from "undici";
import type { z } from "zod";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { Logger } from "../lib/logger.js";
import type { CostLimiter, CostReservation } from "./cost-limiter.js";
import { estimateQueryCost } from "./query-cost.js";
import {
  type AttemptOutcome,
  type BackoffPolicy,
  classifyResponse,
  DEFAULT_BACKOFF,
  type GraphqlCost,
  retryDelayMs,
} from "./retry-policy.js";

export interface ShopifyGraphqlClientDeps {
  /** `https://acme.myshopify.com`, or a simulator URL. */
  adminUrl: string;
  /** Pinned Admin API version, e.g. `"2026-10"`. */
  apiVersion: string;
  /** Read before every attempt, so a refreshed token is picked up. Never logged. */
  accessToken: () => Promise<string> | string;
  /** Shopify answered 401 to `rejected`: true when another token is now available (retried once). */
  replaceRejectedToken?: (rejected: string) => Promise<boolean>;
  clock: Clock;
  log: Logger;
  /** The shop's limiter, shared by all work for the shop. */
  limiter: CostLimiter;
  timeoutMs?: number;
  maxAttempts?: number;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** Keep-alive pool; one is created per client when omitted. */
  dispatcher?: Dispatcher;
}

export interface GraphqlResult<T> {
  data: T;
  cost: GraphqlCost | null;
}

export interface ShopifyGraphqlClient {
  /** Runs one query: waits for the limiter, retries transient failures, parses `data` with `schema`. */
  query<T>(
    document: string,
    variables: Record<string, unknown>,
    schema: z.ZodType<T>,
  ): Promise<GraphqlResult<T>>;
  /** Closes the keep-alive pool the client created (not an injected dispatcher). */
  close(): Promise<void>;
}

/**
 * A GraphQL Admin API client for one shop: `POST {adminUrl}/admin/api/{version}/graphql.json` with
 * `X-Shopify-Access-Token`, a timeout on every call, a cost-aware limiter, and retries with exponential
 * backoff and full jitter on THROTTLED, 429 (Retry-After in seconds), 5xx and network errors.
 * ACCESS_DENIED, MAX_COST_EXCEEDED, 401 and invalid queries are never retried.
 * @see https://shopify.dev/docs/api/admin-graphql#endpoints
 * @see https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits
 */
export function createShopifyGraphqlClient(deps: ShopifyGraphqlClientDeps): ShopifyGraphqlClient {
  const url = `${deps.adminUrl.replace(/\/+$/, "")}/admin/api/${deps.apiVersion}/graphql.json`;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const maxAttempts = deps.maxAttempts ?? 5;
  const random = deps.random ?? Math.random;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const ownAgent = deps.dispatcher ? null : new Agent({ keepAliveTimeout: 30_000, connections: 8 });
  const dispatcher = deps.dispatcher ?? (ownAgent as Agent);
  const costByDocument = new Map<string, number>();

  return { query, close: async () => ownAgent?.close() };

  async function query<T>(document: string, variables: Record<string, unknown>, schema: z.ZodType<T>) {
    const estimatedCost = estimateCost(document, variables);
    let tokenReplaced = false;
    for (let attempt = 1; ; attempt++) {
      const token = await deps.accessToken();
      const reservation = await deps.limiter.acquire(estimatedCost);
      const outcome = await attemptOnce(document, variables, reservation, token);
      if (outcome.kind === "ok") return { data: parseData(outcome.data, schema), cost: outcome.cost };
      if (
        outcome.error.code === "MLC_SHOPIFY_UNAUTHORIZED" &&
        !tokenReplaced &&
        (await deps.replaceRejectedToken?.(token))
      ) {
        // An expired or rotated token: one more try with the new one, not counted as an attempt.
        tokenReplaced = true;
        attempt--;
        continue;
      }
      if (outcome.kind === "fail" || attempt >= maxAttempts) throw outcome.error;
      const delayMs = retryDelayMs({ attempt, minDelayMs: outcome.minDelayMs, policy: backoff, random });
      deps.log.warn(
        { attempt, delayMs, code: outcome.error.code, detail: outcome.error.detail },
        "shopify.graphql.retry",
      );
      await deps.clock.sleep(delayMs);
    }
  }

  async function attemptOnce(
    document: string,
    variables: Record<string, unknown>,
    reservation: CostReservation,
    token: string,
  ): Promise<AttemptOutcome> {
    let outcome: AttemptOutcome | undefined;
    try {
      outcome = await send(document, variables, token);
      return outcome;
    } finally {
      reservation.settle(outcome?.cost?.throttleStatus ?? null);
    }
  }

  async function send(
    document: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<AttemptOutcome> {
    const headers = {
      "content-type": "application/json",
      accept: "application/json",
      "x-shopify-access-token": token,
    };
    try {
      const response = await request(url, {
        method: "POST",
        headers,
        body: JSON.stringify({ query: document, variables }),
        dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const bodyText = await response.body.text();
      const retryAfter = response.headers["retry-after"];
      return classifyResponse({
        status: response.statusCode,
        retryAfter: typeof retryAfter === "string" ? retryAfter : null,
        bodyText,
        nowMs: deps.clock.now().getTime(),
      });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      const error = new ConnectorError("MLC_SHOPIFY_HTTP", `Shopify call failed: ${message}`, { cause });
      return { kind: "retry", error, minDelayMs: 0, cost: null };
    }
  }

  function estimateCost(document: string, variables: Record<string, unknown>): number {
    const key = `${document}\u0000${typeof variables.first === "number" ? variables.first : ""}`;
    let cost = costByDocument.get(key);
    if (cost === undefined) {
      cost = estimateQueryCost(document, variables);
      costByDocument.set(key, cost);
    }
    return cost;
  }
}

function parseData<T>(data: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new ConnectorError(
    "MLC_SHOPIFY_RESPONSE_INVALID",
    "Shopify's data did not match the expected shape",
    {
      cause: parsed.error,
      retryable: false,
      detail: {
        issues: parsed.error.issues
          .slice(0, 5)
          .map((issue) => ({ path: issue.path.join("."), message: issue.message })),
      },
    },
  );
}
