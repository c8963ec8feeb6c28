import { StringDecoder } from "node:string_decoder";
import { Agent, type Dispatcher, request } from "undici";
import { z } from "zod";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { networkCode } from "../lib/errors/network-code.js";
import type { ShopifyGraphqlClient } from "./graphql-client.js";

export const BULK_RUN_QUERY = `mutation BulkRunQuery($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`;

export const BULK_OPERATION_QUERY = `query BulkOperation($id: ID!) {
  bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount url partialDataUrl }
}`;

const runSchema = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(),
    userErrors: z.array(z.object({ message: z.string(), code: z.string().nullable().optional() })),
  }),
});

export const BULK_CANCEL_QUERY = `mutation BulkCancel($id: ID!) {
  bulkOperationCancel(id: $id) {
    bulkOperation { id status }
    userErrors { field message }
  }
}`;

const cancelSchema = z.object({
  bulkOperationCancel: z.object({
    bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(),
    userErrors: z.array(z.object({ message: z.string() })),
  }),
});

const statusSchema = z.object({
  bulkOperation: z
    .object({
      id: z.string(),
      status: z.string(),
      errorCode: z.string().nullable(),
      objectCount: z.coerce.number(),
      rootObjectCount: z.coerce.number().nullable().optional(),
      url: z.string().nullable(),
      partialDataUrl: z.string().nullable(),
    })
    .nullable(),
});

const lineSchema = z.object({ id: z.string(), updatedAt: z.string().optional() });

type BulkOperationState = NonNullable<z.infer<typeof statusSchema>["bulkOperation"]>;

const FAILED_STATUSES = ["FAILED", "CANCELED", "CANCELING", "EXPIRED"];

/**
 * How long to wait for the operation to finish. Shopify lets a bulk query run for up to 10 days
 * before failing it; an id-and-date export of even a large shop takes minutes to a few hours, so
 * half a day means something is wrong and the operator should hear of it.
 * @see https://shopify.dev/docs/api/usage/bulk-operations/queries (limitations)
 */
export const DEFAULT_BULK_POLL_DEADLINE_MS = 12 * 3_600_000;

/** Limits on the result download, so a stalled connection fails instead of hanging the backfill. */
export interface BulkDownloadTimeouts {
  /** TCP and TLS connection to the storage host (default 10 s). */
  connectTimeoutMs?: number;
  /** From sending the request to the response headers (default 60 s). */
  headersTimeoutMs?: number;
  /** Longest silence while reading the body (default 60 s). A slow `onOrder` pauses reading and does not count. */
  idleTimeoutMs?: number;
}

const DEFAULT_DOWNLOAD_TIMEOUTS: Required<BulkDownloadTimeouts> = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 60_000,
  idleTimeoutMs: 60_000,
};

/** `read`: JSONL lines streamed so far (reported every 1,000 and at the end). */
export interface BulkProgress {
  status: string;
  objectCount: number;
  read: number;
}

/** The bulk query: order ids and times of every order updated in the window (a backfill). */
export function bulkOrdersQuery(window: { updatedSince: Date; createdBefore?: Date | undefined }): string {
  const at = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  const filter = [`updated_at:>='${at(window.updatedSince)}'`];
  if (window.createdBefore) filter.push(`created_at:<'${at(window.createdBefore)}'`);
  return `{ orders(query: "${filter.join(" AND ")}", sortKey: UPDATED_AT) { edges { node { id updatedAt } } } }`;
}

/**
 * Exports order ids through a bulk operation: start it, poll until it completes, then stream the JSONL
 * result line by line (constant memory, whatever the number of orders). Polling gives up after
 * `pollDeadlineMs` (cancelling the operation), and the download fails on a stall, so neither waits
 * forever.
 * @see https://shopify.dev/docs/api/usage/bulk-operations/queries
 */
export async function exportOrdersInBulk(deps: {
  client: ShopifyGraphqlClient;
  clock: Clock;
  window: { updatedSince: Date; createdBefore?: Date | undefined };
  /** Longest wait between two polls (default 2 s); polling starts at 250 ms and doubles up to it. */
  pollIntervalMs?: number;
  /** How long the operation may take before the export gives up (default {@link DEFAULT_BULK_POLL_DEADLINE_MS}). */
  pollDeadlineMs?: number;
  download?: BulkDownloadTimeouts;
  onProgress?: (progress: BulkProgress) => void;
  onOrder: (order: { id: string; updatedAt: string | null }) => Promise<void>;
}): Promise<{ orders: number; operationId: string }> {
  const operationId = await startBulkQuery(deps.client, bulkOrdersQuery(deps.window));
  const completed = await pollUntilCompleted(deps, operationId);
  if (!completed.url) return { orders: 0, operationId }; // nothing matched
  const orders = await streamJsonl({
    url: completed.url,
    operationId,
    timeouts: { ...DEFAULT_DOWNLOAD_TIMEOUTS, ...deps.download },
    onLine: async (line) => {
      const order = parseOrderLine(line);
      if (order) await deps.onOrder(order);
      return order !== null;
    },
    onRead: (read) => deps.onProgress?.({ status: "COMPLETED", objectCount: completed.objectCount, read }),
  });
  return { orders, operationId };
}

/** `bulkOperationRunQuery`; refused while another bulk query runs for the shop (retryable). */
async function startBulkQuery(client: ShopifyGraphqlClient, query: string): Promise<string> {
  const started = await client.query(BULK_RUN_QUERY, { query }, runSchema);
  const { bulkOperation, userErrors } = started.data.bulkOperationRunQuery;
  if (bulkOperation && userErrors.length === 0) return bulkOperation.id;
  throw new ConnectorError(
    "MLC_SHOPIFY_BULK_FAILED",
    `Shopify refused the bulk export: ${userErrors.map((e) => e.message).join("; ")}`,
    { retryable: userErrors.some((e) => e.code === "OPERATION_IN_PROGRESS") },
  );
}

/**
 * Polls the operation until it completes. A small export completes in well under a second, a large
 * one runs for minutes or hours: poll quickly at first, then back off to `pollIntervalMs`.
 */
async function pollUntilCompleted(
  deps: {
    client: ShopifyGraphqlClient;
    clock: Clock;
    pollIntervalMs?: number;
    pollDeadlineMs?: number;
    onProgress?: (progress: BulkProgress) => void;
  },
  operationId: string,
): Promise<BulkOperationState> {
  const maxDelayMs = deps.pollIntervalMs ?? 2000;
  const deadlineMs = deps.pollDeadlineMs ?? DEFAULT_BULK_POLL_DEADLINE_MS;
  const giveUpAtMs = deps.clock.now().getTime() + deadlineMs;
  let delayMs = Math.min(250, maxDelayMs);
  for (;;) {
    const polled = await deps.client.query(BULK_OPERATION_QUERY, { id: operationId }, statusSchema);
    const current = polled.data.bulkOperation;
    if (!current)
      throw new ConnectorError("MLC_SHOPIFY_BULK_FAILED", `bulk operation ${operationId} vanished`);
    deps.onProgress?.({ status: current.status, objectCount: current.objectCount, read: 0 });
    if (current.status === "COMPLETED") return current;
    if (FAILED_STATUSES.includes(current.status))
      throw new ConnectorError(
        "MLC_SHOPIFY_BULK_FAILED",
        `bulk operation ${current.status.toLowerCase()} (${current.errorCode ?? "no error code"})`,
        { detail: { operationId } },
      );
    const remainingMs = giveUpAtMs - deps.clock.now().getTime();
    if (remainingMs <= 0) throw await deadlinePassed(deps.client, current, deadlineMs);
    // Never sleep past the deadline: the last poll happens at it, so a just-finished operation counts.
    await deps.clock.sleep(Math.min(delayMs, remainingMs));
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }
}

/**
 * The error for an operation still running at the deadline. It is cancelled first: left running, it
 * would refuse the re-run (one bulk query per shop before API 2026-01) for up to 10 days.
 */
async function deadlinePassed(
  client: ShopifyGraphqlClient,
  current: BulkOperationState,
  deadlineMs: number,
): Promise<ConnectorError> {
  const cancelFailure = await cancelBulkOperation(client, current.id);
  const advice =
    cancelFailure === null
      ? "cancelled it; re-run the backfill (a narrower window finishes sooner)"
      : `could not cancel it (${cancelFailure}); cancel it or wait for it to end, then re-run the backfill`;
  return new ConnectorError(
    "MLC_SHOPIFY_BULK_FAILED",
    `bulk operation ${current.id} still ${current.status} after ${formatDuration(deadlineMs)} ` +
      `(${current.objectCount} objects so far): ${advice}`,
    {
      retryable: false,
      detail: {
        operationId: current.id,
        status: current.status,
        objectCount: current.objectCount,
        deadlineMs,
        cancelled: cancelFailure === null,
        ...(cancelFailure === null ? {} : { cancelFailure }),
      },
    },
  );
}

/** `bulkOperationCancel`: null when Shopify accepted it, else why not (reported, not thrown). */
async function cancelBulkOperation(client: ShopifyGraphqlClient, id: string): Promise<string | null> {
  try {
    const answer = await client.query(BULK_CANCEL_QUERY, { id }, cancelSchema);
    const { userErrors } = answer.data.bulkOperationCancel;
    return userErrors.length === 0 ? null : userErrors.map((e) => e.message).join("; ");
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** An order line of the result, or null for another object (a child line). */
function parseOrderLine(line: string): { id: string; updatedAt: string | null } | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (cause) {
    throw new ConnectorError("MLC_SHOPIFY_RESPONSE_INVALID", "a line of the bulk result is not JSON", {
      cause,
      retryable: false,
    });
  }
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success || !parsed.data.id.startsWith("gid://shopify/Order/")) return null;
  return { id: parsed.data.id, updatedAt: parsed.data.updatedAt ?? null };
}

/**
 * Reads the result file one line at a time; `onLine` is awaited, so a slow consumer pauses the
 * download (and its idle timer). `onRead` gets the lines counted so far, every 1,000 and at the end.
 */
async function streamJsonl(input: {
  url: string;
  operationId: string;
  timeouts: Required<BulkDownloadTimeouts>;
  onLine: (line: string) => Promise<boolean>;
  onRead: (count: number) => void;
}): Promise<number> {
  const { timeouts } = input;
  const failed = (cause: unknown) => downloadFailed(input.operationId, timeouts, cause);
  const agent = new Agent({
    connect: { timeout: timeouts.connectTimeoutMs },
    headersTimeout: timeouts.headersTimeoutMs,
    bodyTimeout: timeouts.idleTimeoutMs,
  });
  try {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(input.url, { method: "GET", dispatcher: agent });
    } catch (cause) {
      throw failed(cause);
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new ConnectorError(
        "MLC_SHOPIFY_HTTP",
        `bulk result download of ${input.operationId} answered ${response.statusCode}`,
        { detail: { operationId: input.operationId, status: response.statusCode } },
      );
    }
    let count = 0;
    for await (const line of linesOf(response.body, failed)) {
      if (line.trim() === "" || !(await input.onLine(line))) continue;
      count++;
      if (count % 1000 === 0) input.onRead(count);
    }
    input.onRead(count);
    return count;
  } finally {
    await agent.destroy();
  }
}

/**
 * The lines of a body. Only a failure of the body itself (a reset, the idle timeout) goes through
 * `onFailure`: an error of the consumer ends the loop through `return()`, which skips the catch.
 */
async function* linesOf(
  body: AsyncIterable<Buffer>,
  onFailure: (cause: unknown) => Error,
): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  try {
    for await (const chunk of body) {
      const lines = (rest + decoder.write(chunk)).split("\n");
      rest = lines.pop() ?? "";
      yield* lines;
    }
  } catch (cause) {
    throw onFailure(cause);
  }
  rest += decoder.end();
  if (rest !== "") yield rest;
}

/** A retryable error naming what timed out: the next attempt gets a fresh connection. */
function downloadFailed(
  operationId: string,
  timeouts: Required<BulkDownloadTimeouts>,
  cause: unknown,
): ConnectorError {
  const code = networkCode(cause);
  const why =
    code === "UND_ERR_CONNECT_TIMEOUT"
      ? `could not connect within ${timeouts.connectTimeoutMs} ms`
      : code === "UND_ERR_HEADERS_TIMEOUT"
        ? `got no response headers within ${timeouts.headersTimeoutMs} ms`
        : code === "UND_ERR_BODY_TIMEOUT"
          ? `stalled: no data for ${timeouts.idleTimeoutMs} ms`
          : `failed: ${cause instanceof Error ? cause.message : String(cause)}`;
  return new ConnectorError("MLC_SHOPIFY_HTTP", `bulk result download of ${operationId} ${why}`, {
    cause,
    retryable: true,
    detail: { operationId, ...(code ? { networkCode: code } : {}) },
  });
}

/** `12 h`, `5 min`, `30 s`: for messages an operator reads. */
function formatDuration(ms: number): string {
  if (ms >= 3_600_000) return `${Number((ms / 3_600_000).toFixed(1))} h`;
  if (ms >= 60_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}
