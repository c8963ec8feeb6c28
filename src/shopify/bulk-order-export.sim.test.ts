import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ShopifySimulator, startShopifySimulator } from "../../sim/shopify/index.js";
import { systemClock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createSilentLogger } from "../lib/logger.js";
import { type BulkProgress, bulkOrdersQuery, exportOrdersInBulk } from "./bulk-order-export.js";
import { createCostLimiter } from "./cost-limiter.js";
import { createFakeClock } from "./fake-clock.test-helper.js";
import { createShopifyGraphqlClient, type ShopifyGraphqlClient } from "./graphql-client.js";

const SHOP = "bulk.myshopify.com";
const TOKEN = "shpat_bulk";

let sim: ShopifySimulator;
let client: ShopifyGraphqlClient;

beforeAll(async () => {
  sim = await startShopifySimulator({
    shops: [
      {
        domain: SHOP,
        accessToken: TOKEN,
        apiSecret: "secret",
        currency: "USD",
        timezone: "America/New_York",
        taxesIncluded: false,
        plan: "plus",
      },
    ],
    seed: 3,
  });
  client = createShopifyGraphqlClient({
    adminUrl: sim.url,
    apiVersion: "2026-10",
    accessToken: () => TOKEN,
    clock: systemClock,
    log: createSilentLogger(),
    limiter: createCostLimiter({ clock: systemClock }),
    timeoutMs: 5_000,
  });
  const generate = (count: number, startAt: string, seed: number) =>
    sim.orders.generate(SHOP, count, { seed, compact: true, emit: false, startAt: new Date(startAt) });
  generate(300, "2026-01-01T00:00:00Z", 11);
  generate(300, "2026-06-01T00:00:00Z", 12);
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
beforeEach(() => {
  sim.bulk.setTiming({ startDelayMs: 10, sliceDelayMs: 0, rootsPerSlice: 2000, resultStallAfterBytes: null });
});

type ExportOptions = Pick<
  Parameters<typeof exportOrdersInBulk>[0],
  "clock" | "pollIntervalMs" | "pollDeadlineMs" | "download"
>;

const exportWindow = async (
  window: { updatedSince: Date; createdBefore?: Date },
  options: Partial<ExportOptions> = {},
) => {
  const orders: { id: string; updatedAt: string | null }[] = [];
  const progress: BulkProgress[] = [];
  const result = await exportOrdersInBulk({
    client,
    clock: systemClock,
    window,
    pollIntervalMs: 20,
    ...options,
    onProgress: (p) => progress.push(p),
    onOrder: async (order) => {
      orders.push(order);
    },
  });
  return { orders, progress, result };
};

describe("exportOrdersInBulk against the simulator", () => {
  it("streams the orders of the window, oldest update first", async () => {
    // From the middle of the first 300 orders; the second 300 are created after the window.
    const middle = sim.orders.list(SHOP).sort((a, b) => a.updatedAtMs - b.updatedAtMs)[150]!;
    const updatedSince = new Date(middle.updatedAtMs);
    const createdBefore = new Date("2026-06-01T00:00:00Z");
    const expected = sim.orders
      .list(SHOP)
      .filter((o) => o.updatedAtMs >= updatedSince.getTime() && o.createdAtMs < createdBefore.getTime())
      .sort((a, b) => a.updatedAtMs - b.updatedAtMs);
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.length).toBeLessThan(300);
    const { orders, progress, result } = await exportWindow({ updatedSince, createdBefore });
    expect(orders.map((o) => o.id)).toEqual(expected.map((o) => o.gid));
    expect(orders[0]?.updatedAt).toBe(new Date(expected[0]!.updatedAtMs).toISOString().replace(".000Z", "Z"));
    expect(result).toMatchObject({
      orders: expected.length,
      operationId: expect.stringMatching(/BulkOperation/),
    });
    expect(progress.at(-1)).toEqual({
      status: "COMPLETED",
      objectCount: expected.length,
      read: expected.length,
    });
  });

  it("asks Shopify for order ids and update times only, in the window", () => {
    expect(
      bulkOrdersQuery({
        updatedSince: new Date("2026-01-05T00:00:00Z"),
        createdBefore: new Date("2026-06-01T00:00:00Z"),
      }),
    ).toBe(
      `{ orders(query: "updated_at:>='2026-01-05T00:00:00Z' AND created_at:<'2026-06-01T00:00:00Z'", sortKey: UPDATED_AT) { edges { node { id updatedAt } } } }`,
    );
  });

  it("polls until a slow operation completes", async () => {
    sim.bulk.setTiming({ startDelayMs: 50, sliceDelayMs: 40, rootsPerSlice: 100 });
    const { orders, progress } = await exportWindow({ updatedSince: new Date("2026-01-01T00:00:00Z") });
    expect(orders).toHaveLength(600);
    expect(progress.some((p) => p.status === "RUNNING")).toBe(true);
  });

  it("is refused while another bulk query runs for the shop (retryable), and fails with the operation", async () => {
    sim.bulk.setTiming({ startDelayMs: 10, sliceDelayMs: 200, rootsPerSlice: 1 });
    const first = exportWindow({ updatedSince: new Date("2026-01-01T00:00:00Z") });
    const firstOutcome = first.catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await exportWindow({ updatedSince: new Date("2026-01-01T00:00:00Z") }).catch(
      (error: unknown) => error,
    );
    expect(second).toBeInstanceOf(ConnectorError);
    expect(second).toMatchObject({ code: "MLC_SHOPIFY_BULK_FAILED", retryable: true });
    expect((second as Error).message).toMatch(/already in progress/);
    expect(sim.bulk.fail(SHOP)).toBe(true);
    expect(await firstOutcome).toMatchObject({
      code: "MLC_SHOPIFY_BULK_FAILED",
      message: "bulk operation failed (INTERNAL_SERVER_ERROR)",
    });
  });

  it.each([
    { deadline: "a given deadline", pollDeadlineMs: 5 * 60_000, pollIntervalMs: 60_000, after: "5 min" },
    { deadline: "12 hours by default", pollDeadlineMs: undefined, pollIntervalMs: 3_600_000, after: "12 h" },
  ])(
    "gives up polling after $deadline, cancels the operation and says to re-run",
    async (c) => {
      sim.bulk.setTiming({ startDelayMs: 10, sliceDelayMs: 200, rootsPerSlice: 1 }); // runs for minutes
      const fake = createFakeClock();
      const outcome = await exportWindow(
        { updatedSince: new Date("2026-01-01T00:00:00Z") },
        { clock: fake.clock, pollIntervalMs: c.pollIntervalMs, pollDeadlineMs: c.pollDeadlineMs },
      ).catch((error: unknown) => error);
      const operationId = sim.bulk.current(SHOP)!.id;
      expect(outcome).toBeInstanceOf(ConnectorError);
      expect(outcome).toMatchObject({
        code: "MLC_SHOPIFY_BULK_FAILED",
        retryable: false,
        detail: { operationId, cancelled: true },
      });
      expect((outcome as Error).message).toMatch(
        new RegExp(
          `^bulk operation ${operationId} still (CREATED|RUNNING) after ${c.after} .*cancelled it; re-run`,
        ),
      );
      // Backs off from 250 ms to the poll interval, and the last poll is at the deadline itself.
      expect(fake.sleeps.slice(0, 3)).toEqual([250, 500, 1000]);
      expect(Math.max(...fake.sleeps)).toBe(c.pollIntervalMs);
      expect(fake.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(c.pollDeadlineMs ?? 12 * 3_600_000);
      expect((await sim.bulk.finished(SHOP, operationId)).status).toBe("CANCELED");
    },
    10_000,
  );

  it.each([
    { stall: "mid-body", stallAfterBytes: 300, message: "stalled: no data for 100 ms" },
    { stall: "before the headers", stallAfterBytes: 0, message: "got no response headers within 100 ms" },
  ])(
    "fails the download with a retryable error when it stalls $stall",
    async (c) => {
      sim.bulk.setTiming({ resultStallAfterBytes: c.stallAfterBytes });
      let downloadStartedMs = 0;
      const orders: string[] = [];
      const outcome = await exportOrdersInBulk({
        client,
        clock: systemClock,
        window: { updatedSince: new Date("2026-01-01T00:00:00Z") },
        pollIntervalMs: 20,
        download: { headersTimeoutMs: 100, idleTimeoutMs: 100 },
        onProgress: (p) => {
          if (p.status === "COMPLETED" && p.read === 0) downloadStartedMs = Date.now();
        },
        onOrder: async (order) => void orders.push(order.id),
      }).catch((error: unknown) => error);
      const downloadMs = Date.now() - downloadStartedMs;
      const operationId = sim.bulk.current(SHOP)!.id;
      expect(outcome).toBeInstanceOf(ConnectorError);
      expect(outcome).toMatchObject({
        code: "MLC_SHOPIFY_HTTP",
        retryable: true,
        message: `bulk result download of ${operationId} ${c.message}`,
        detail: { operationId },
      });
      // undici checks these timeouts on a coarse (about half-second) timer: 100 ms ends within ~1 s.
      expect(downloadMs).toBeLessThan(3000);
      // Lines read before a mid-body stall were handed on; there are 600 in all.
      expect(orders.length > 0).toBe(c.stallAfterBytes > 0);
      expect(orders.length).toBeLessThan(10);
    },
    10_000,
  );

  it("passes an error of onOrder through as it is, not as a download failure", async () => {
    const refused = new Error("store unavailable");
    const outcome = await exportOrdersInBulk({
      client,
      clock: systemClock,
      window: { updatedSince: new Date("2026-01-01T00:00:00Z") },
      pollIntervalMs: 20,
      onOrder: async () => {
        throw refused;
      },
    }).catch((error: unknown) => error);
    expect(outcome).toBe(refused);
  });
});
