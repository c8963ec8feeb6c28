import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createSilentLogger } from "../lib/logger.js";
import { createCostLimiter } from "./cost-limiter.js";
import { createFakeClock } from "./fake-clock.test-helper.js";
import { createShopifyRestClient, nextPageInfo, parseCallLimit, parseKeepingIds } from "./rest-client.js";

type Reply = { status: number; headers?: Record<string, string>; body: string };
let server: Server;
let baseUrl: string;
let script: Reply[] = [];
const urls: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    urls.push(req.url ?? "");
    const reply = script.shift() ?? { status: 200, body: '{"orders":[]}' };
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  script = [];
  urls.length = 0;
});

const ORDERS = z.object({ orders: z.array(z.object({ id: z.union([z.string(), z.number()]) })) });

function client() {
  const fake = createFakeClock();
  const limiter = createCostLimiter({ clock: fake.clock });
  const rest = createShopifyRestClient({
    adminUrl: baseUrl,
    apiVersion: "2026-10",
    accessToken: () => "token",
    limiter,
    clock: fake.clock,
    log: createSilentLogger(),
    random: () => 0.5,
  });
  return { rest, fake, limiter };
}

describe("REST helpers", () => {
  it("reads the call-limit header as a bucket restoring 2/s per 40", () => {
    expect(parseCallLimit("32/40")).toEqual({ maximumAvailable: 40, currentlyAvailable: 8, restoreRate: 2 });
    expect(parseCallLimit("1/400")).toEqual({
      maximumAvailable: 400,
      currentlyAvailable: 399,
      restoreRate: 20,
    });
    expect(parseCallLimit(null)).toBeNull();
    expect(parseCallLimit("x")).toBeNull();
  });

  it("takes page_info of rel=next from a Link header", () => {
    const link =
      '<https://a.myshopify.com/admin/api/2026-10/orders.json?limit=2&page_info=prev1>; rel="previous", <https://a.myshopify.com/admin/api/2026-10/orders.json?limit=2&page_info=next2>; rel="next"';
    expect(nextPageInfo(link)).toBe("next2");
    expect(nextPageInfo('<https://a/x?page_info=p>; rel="previous"')).toBeNull();
    expect(nextPageInfo(null)).toBeNull();
  });

  it("keeps ids beyond 2^53 exact", () => {
    expect(
      parseKeepingIds('{"id":9007199254740993,"order_id":12345678901234567,"total":"1.00","n":5}'),
    ).toEqual({
      id: "9007199254740993",
      order_id: "12345678901234567",
      total: "1.00",
      n: 5,
    });
  });

  it("keeps ids beyond 2^53 exact inside `ids` and `…_ids` arrays, and in objects within arrays", () => {
    const text = `{
      "ids": [10000000000000000001, 7],
      "refund": {
        "line_item_ids": [ 98765432109876543210 , 12345678901234567890, null ],
        "order_adjustments": [],
        "refund_line_items": [{ "id": 11111111111111111111, "line_item_id": 22222222222222222222, "quantity": 3 }]
      },
      "price": "19.99",
      "quantity": 2,
      "quantities": [2, 1],
      "note": "\\"ids\\": [33333333333333333333]"
    }`;
    expect(parseKeepingIds(text)).toEqual({
      ids: ["10000000000000000001", 7],
      refund: {
        line_item_ids: ["98765432109876543210", "12345678901234567890", null],
        order_adjustments: [],
        refund_line_items: [
          { id: "11111111111111111111", line_item_id: "22222222222222222222", quantity: 3 },
        ],
      },
      price: "19.99",
      quantity: 2,
      quantities: [2, 1],
      // The text of a string is left alone, even when it looks like an ids array.
      note: '"ids": [33333333333333333333]',
    });
  });
});

describe("createShopifyRestClient", () => {
  it("honours 429 Retry-After in seconds, then returns the page and its next cursor", async () => {
    const { rest, fake, limiter } = client();
    script = [
      {
        status: 429,
        headers: { "retry-after": "2.0", "x-shopify-shop-api-call-limit": "40/40" },
        body: '{"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}',
      },
      {
        status: 200,
        headers: {
          "x-shopify-shop-api-call-limit": "3/40",
          link: `<${baseUrl}/admin/api/2026-10/orders.json?page_info=abc>; rel="next"`,
        },
        body: '{"orders":[{"id":9007199254740993}]}',
      },
    ];
    const page = await rest.get("orders.json", { status: "any" }, ORDERS);
    expect(page).toEqual({ data: { orders: [{ id: "9007199254740993" }] }, nextPageInfo: "abc" });
    expect(fake.sleeps.some((ms) => ms >= 2000)).toBe(true);
    expect(urls[0]).toBe("/admin/api/2026-10/orders.json?status=any");
    expect(limiter.snapshot().status).toEqual({
      maximumAvailable: 40,
      currentlyAvailable: 37,
      restoreRate: 2,
    });
    await rest.close();
  });

  it("does not retry a 403 (scope not granted)", async () => {
    const { rest } = client();
    script = [
      {
        status: 403,
        body: '{"errors":"[API] This action requires merchant approval for read_orders scope."}',
      },
    ];
    await expect(rest.get("orders.json", {}, ORDERS)).rejects.toMatchObject({
      code: "MLC_SHOPIFY_ACCESS_DENIED",
    });
    expect(urls).toHaveLength(1);
    await rest.close();
  });
});
