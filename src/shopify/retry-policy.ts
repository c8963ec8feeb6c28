import { z } from "zod";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { ThrottleStatus } from "./cost-limiter.js";

/**
 * Pure decisions of the GraphQL client: what an HTTP answer means, whether to retry and how long to wait.
 * @see https://shopify.dev/docs/api/usage/limits#rate-limits
 * @see https://shopify.dev/docs/api/admin-graphql#status-and-error-codes
 */

const throttleStatusSchema = z.object({
  maximumAvailable: z.number(),
  currentlyAvailable: z.number(),
  restoreRate: z.number(),
});

export const costSchema = z.object({
  requestedQueryCost: z.number().nullable().optional(),
  actualQueryCost: z.number().nullable().optional(),
  throttleStatus: throttleStatusSchema.optional(),
});

export type GraphqlCost = z.infer<typeof costSchema>;

const envelopeSchema = z.object({
  data: z.unknown().optional(),
  errors: z
    .union([
      z.string(),
      z.array(
        z.looseObject({
          message: z.string().optional(),
          extensions: z.looseObject({ code: z.string().optional() }).optional(),
        }),
      ),
    ])
    .optional(),
  extensions: z.looseObject({ cost: costSchema.optional() }).optional(),
});

/** What one HTTP attempt came to. `minDelayMs` is the least the server asked us to wait before retrying. */
export type AttemptOutcome =
  | { kind: "ok"; data: unknown; cost: GraphqlCost | null }
  | { kind: "retry"; error: ConnectorError; minDelayMs: number; cost: GraphqlCost | null }
  | { kind: "fail"; error: ConnectorError; cost: GraphqlCost | null };

/** Input of `classifyResponse`: the status, `Retry-After` header and body text of one answer. */
export interface HttpAnswer {
  status: number;
  retryAfter: string | null;
  bodyText: string;
  nowMs: number;
}

/** Classifies one HTTP answer of the GraphQL endpoint. A 200 that carries `errors` is an error. */
export function classifyResponse(answer: HttpAnswer): AttemptOutcome {
  if (answer.status === 401)
    return fail("MLC_SHOPIFY_UNAUTHORIZED", "Shopify refused the access token (401)", answer);
  if (answer.status === 429) {
    const retryAfterMs = parseRetryAfterMs(answer.retryAfter, answer.nowMs) ?? 0;
    const error = new ConnectorError("MLC_SHOPIFY_HTTP", "Shopify answered 429", {
      detail: { status: 429, retryAfterMs },
    });
    return { kind: "retry", error, minDelayMs: retryAfterMs, cost: null };
  }
  if (answer.status >= 500) {
    const error = new ConnectorError("MLC_SHOPIFY_HTTP", `Shopify answered ${answer.status}`, {
      detail: { status: answer.status },
    });
    return { kind: "retry", error, minDelayMs: 0, cost: null };
  }
  if (answer.status !== 200) {
    return { kind: "fail", error: httpError(answer.status, false), cost: null };
  }
  return classifyBody(answer.bodyText);
}

function classifyBody(bodyText: string): AttemptOutcome {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch (cause) {
    const error = new ConnectorError(
      "MLC_SHOPIFY_RESPONSE_INVALID",
      "Shopify answered 200 with a body that is not JSON",
      { cause },
    );
    return { kind: "retry", error, minDelayMs: 0, cost: null };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const error = new ConnectorError(
      "MLC_SHOPIFY_RESPONSE_INVALID",
      "Shopify's GraphQL envelope had an unexpected shape",
      {
        cause: envelope.error,
        retryable: false,
      },
    );
    return { kind: "fail", error, cost: null };
  }
  const cost = envelope.data.extensions?.cost ?? null;
  const errors = envelope.data.errors;
  if (errors === undefined || (Array.isArray(errors) && errors.length === 0)) {
    return { kind: "ok", data: envelope.data.data ?? null, cost };
  }
  return classifyGraphqlErrors(typeof errors === "string" ? [{ message: errors }] : errors, cost);
}

type GraphqlErrors = {
  message?: string | undefined;
  extensions?: { code?: string | undefined } | undefined;
}[];

function classifyGraphqlErrors(errors: GraphqlErrors, cost: GraphqlCost | null): AttemptOutcome {
  const codes = errors.map((error) => error.extensions?.code ?? "");
  const messages = errors.map((error) => error.message ?? "").join("; ");
  const detail = { shopifyCodes: codes, messages };
  if (codes.includes("THROTTLED")) {
    const error = new ConnectorError("MLC_SHOPIFY_THROTTLED", "Shopify throttled the query", { detail });
    return { kind: "retry", error, minDelayMs: throttleWaitMs(cost), cost };
  }
  if (codes.includes("ACCESS_DENIED")) {
    return {
      kind: "fail",
      error: new ConnectorError("MLC_SHOPIFY_ACCESS_DENIED", messages, { detail }),
      cost,
    };
  }
  if (codes.includes("MAX_COST_EXCEEDED")) {
    return {
      kind: "fail",
      error: new ConnectorError("MLC_SHOPIFY_QUERY_TOO_COSTLY", messages, { detail }),
      cost,
    };
  }
  if (codes.includes("INTERNAL_SERVER_ERROR")) {
    const error = new ConnectorError("MLC_SHOPIFY_HTTP", messages, { detail });
    return { kind: "retry", error, minDelayMs: 0, cost };
  }
  // Anything else (validation, unknown field, bad argument) is a bug in our document: never retried.
  return { kind: "fail", error: new ConnectorError("MLC_SHOPIFY_QUERY_INVALID", messages, { detail }), cost };
}

/**
 * The wait Shopify implies for a THROTTLED answer: `ceil((requested − available) / restoreRate)` seconds.
 * @see https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits
 */
export function throttleWaitMs(cost: GraphqlCost | null): number {
  const status: ThrottleStatus | undefined = cost?.throttleStatus;
  const requested = cost?.requestedQueryCost;
  if (!status || typeof requested !== "number" || status.restoreRate <= 0) return 0;
  const seconds = Math.ceil((requested - status.currentlyAvailable) / status.restoreRate);
  return Math.max(0, seconds) * 1000;
}

/**
 * `Retry-After` in milliseconds. The header is in SECONDS, possibly fractional (`"2.0"`), or an HTTP date.
 * (Shopify's own client parses it with parseInt and sleeps it as ms — shopify-app-js#3364.)
 */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === "") return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const dateMs = Date.parse(value);
  return Number.isNaN(dateMs) ? null : Math.max(0, dateMs - nowMs);
}

/** Backoff parameters; `attempt` counts from 1 (the first retry follows attempt 1). */
export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Delay before the retry after `attempt`: FULL jitter, `random() × min(cap, base × 2^(attempt−1))`, but
 * never less than what the server asked for (`minDelayMs`: Retry-After or the throttle wait).
 */
export function retryDelayMs(input: {
  attempt: number;
  minDelayMs: number;
  policy: BackoffPolicy;
  random: () => number;
}): number {
  const ceiling = Math.min(input.policy.maxDelayMs, input.policy.baseDelayMs * 2 ** (input.attempt - 1));
  const jittered = Math.floor(input.random() * ceiling);
  return Math.max(input.minDelayMs, jittered);
}

function fail(code: "MLC_SHOPIFY_UNAUTHORIZED", message: string, answer: HttpAnswer): AttemptOutcome {
  return {
    kind: "fail",
    error: new ConnectorError(code, message, { detail: { status: answer.status } }),
    cost: null,
  };
}

function httpError(status: number, retryable: boolean): ConnectorError {
  // 402 frozen shop, 403 forbidden, 404 unknown shop, 423 locked: waiting does not help.
  return new ConnectorError("MLC_SHOPIFY_HTTP", `Shopify answered ${status}`, {
    retryable,
    detail: { status },
  });
}
