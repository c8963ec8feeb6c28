import { createInterface } from "node:readline";
import { request } from "undici";
import { z } from "zod";
import type { Clock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
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
 * result line by line (constant memory, whatever the number of orders).
 * @see https://shopify.dev/docs/api/usage/bulk-operations/queries
 */
export async function exportOrdersInBulk(deps: {
  client: ShopifyGraphqlClient;
  clock: Clock;
  window: { updatedSince: Date; createdBefore?: Date | undefined };
  pollIntervalMs?: number;
  onProgress?: (progress: BulkProgress) => void;
  onOrder: (order: { id: string; updatedAt: string | null }) => Promise<void>;
}): Promise<{ orders: number; operationId: string }> {
  const started = await deps.client.query(BULK_RUN_QUERY, { query: bulkOrdersQuery(deps.window) }, runSchema);
  const { bulkOperation, userErrors } = started.data.bulkOperationRunQuery;
  if (!bulkOperation || userErrors.length > 0) {
    const inProgress = userErrors.some((e) => e.code === "OPERATION_IN_PROGRESS");
    throw new ConnectorError(
      "MLC_SHOPIFY_BULK_FAILED",
      `Shopify refused the bulk export: ${userErrors.map((e) => e.message).join("; ")}`,
      {
        retryable: inProgress,
      },
    );
  }
  let current: NonNullable<z.infer<typeof statusSchema>["bulkOperation"]>;
  // A small export completes in well under a second; a large one runs for minutes. Poll quickly at
  // first, then back off to `pollIntervalMs`.
  let delayMs = Math.min(250, deps.pollIntervalMs ?? 2000);
  for (;;) {
    const polled = await deps.client.query(BULK_OPERATION_QUERY, { id: bulkOperation.id }, statusSchema);
    if (!polled.data.bulkOperation)
      throw new ConnectorError("MLC_SHOPIFY_BULK_FAILED", `bulk operation ${bulkOperation.id} vanished`);
    current = polled.data.bulkOperation;
    deps.onProgress?.({ status: current.status, objectCount: current.objectCount, read: 0 });
    if (current.status === "COMPLETED") break;
    if (["FAILED", "CANCELED", "CANCELING", "EXPIRED"].includes(current.status))
      throw new ConnectorError(
        "MLC_SHOPIFY_BULK_FAILED",
        `bulk operation ${current.status.toLowerCase()} (${current.errorCode ?? "no error code"})`,
      );
    await deps.clock.sleep(delayMs);
    delayMs = Math.min(delayMs * 2, deps.pollIntervalMs ?? 2000);
  }
  if (!current.url) return { orders: 0, operationId: bulkOperation.id }; // nothing matched
  const orders = await streamJsonl(
    current.url,
    async (line) => {
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
      if (!parsed.success || !parsed.data.id.startsWith("gid://shopify/Order/")) return false;
      await deps.onOrder({ id: parsed.data.id, updatedAt: parsed.data.updatedAt ?? null });
      return true;
    },
    (read) => deps.onProgress?.({ status: "COMPLETED", objectCount: current.objectCount, read }),
  );
  return { orders, operationId: bulkOperation.id };
}

/** Reads the result file one line at a time; `onLine` is awaited, so a slow consumer pauses the download. */
async function streamJsonl(
  url: string,
  onLine: (line: string) => Promise<boolean>,
  onRead: (count: number) => void,
): Promise<number> {
  const response = await request(url, { method: "GET" });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new ConnectorError("MLC_SHOPIFY_HTTP", `bulk result download answered ${response.statusCode}`);
  }
  let count = 0;
  const lines = createInterface({ input: response.body, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    if (await onLine(line)) {
      count++;
      if (count % 1000 === 0) onRead(count);
    }
  }
  onRead(count);
  return count;
}
