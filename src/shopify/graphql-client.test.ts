import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../lib/logger.js";
import { createCostLimiter } from "./cost-limiter.js";
import { createFakeClock } from "./fake-clock.test-helper.js";
import { createShopifyGraphqlClient } from "./graphql-client.js";

type Reply = { status?: number; headers?: Record<string, string>; body?: unknown; delayMs?: number };

const TOKEN = "shpat_secret_token_value";
const COST = {
  requestedQueryCost: 12,
  actualQueryCost: 3,
  throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1997, restoreRate: 100 },
};
const OK: Reply = { body: { data: { shop: { name: "Acme" } }, extensions: { cost: COST } } };
const SHOP_SCHEMA = z.object({ shop: z.object({ name: z.string() }) });

let server: Server;
let baseUrl: string;
let script: Reply[] = [];
const received: { url: string; headers: IncomingMessage["headers"]; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ url: req.url ?? "", headers: req.headers, body });
      const reply = script.shift() ?? OK;
      setTimeout(() => {
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {}));
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  script = [];
  received.length = 0;
});

function setup(
  options: {
    maxAttempts?: number;
    timeoutMs?: number;
    accessToken?: () => Promise<string>;
    replaceRejectedToken?: (rejected: string) => Promise<boolean>;
  } = {},
) {
  const fake = createFakeClock();
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(String(chunk));
      callback();
    },
  });
  const limiter = createCostLimiter({ clock: fake.clock });
  const client = createShopifyGraphqlClient({
    adminUrl: `${baseUrl}/`,
    apiVersion: "2026-10",
    accessToken: async () => TOKEN,
    clock: fake.clock,
    log: createLogger({ level: "debug", destination }),
    limiter,
    random: () => 0.5,
    ...options,
  });
  return { client, sleeps: fake.sleeps, logLines, limiter };
}

const QUERY = "query { shop { name } }";

const UNAUTHORIZED: Reply = {
  status: 401,
  body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
};

describe("createShopifyGraphqlClient: a refused token", () => {
  it("retries once with the replacement token after a 401", async () => {
    let token = "expired-token";
    const rejected: string[] = [];
    const { client } = setup({
      accessToken: async () => token,
      replaceRejectedToken: async (old) => {
        rejected.push(old);
        token = "fresh-token";
        return true;
      },
    });
    script = [UNAUTHORIZED, OK];
    await expect(client.query(QUERY, {}, SHOP_SCHEMA)).resolves.toMatchObject({
      data: { shop: { name: "Acme" } },
    });
    expect(rejected).toEqual(["expired-token"]);
    expect(received.map((r) => r.headers["x-shopify-access-token"])).toEqual([
      "expired-token",
      "fresh-token",
    ]);
    await client.close();
  });

  it("gives up with MLC_SHOPIFY_UNAUTHORIZED when no other token exists or the new one is refused too", async () => {
    let replaced = 0;
    const { client } = setup({
      replaceRejectedToken: async () => {
        replaced++;
        return true;
      },
    });
    script = [UNAUTHORIZED, UNAUTHORIZED, OK];
    await expect(client.query(QUERY, {}, SHOP_SCHEMA)).rejects.toMatchObject({
      code: "MLC_SHOPIFY_UNAUTHORIZED",
    });
    expect(replaced).toBe(1);
    expect(received).toHaveLength(2);
    const none = setup({ replaceRejectedToken: async () => false });
    script = [UNAUTHORIZED, OK];
    await expect(none.client.query(QUERY, {}, SHOP_SCHEMA)).rejects.toMatchObject({
      code: "MLC_SHOPIFY_UNAUTHORIZED",
    });
    await client.close();
    await none.client.close();
  });
});

describe("createShopifyGraphqlClient", () => {
  it("posts to the versioned endpoint with the access token and parses data", async () => {
    const { client, limiter } = setup();
    const result = await client.query(QUERY, {}, SHOP_SCHEMA);
    expect(result).toEqual({ data: { shop: { name: "Acme" } }, cost: COST });
    expect(received[0]?.url).toBe("/admin/api/2026-10/graphql.json");
    expect(received[0]?.headers["x-shopify-access-token"]).toBe(TOKEN);
    expect(JSON.parse(received[0]?.body ?? "")).toEqual({ query: QUERY, variables: {} });
    expect(limiter.snapshot()).toMatchObject({ reservedPoints: 0, status: COST.throttleStatus });
    await client.close();
  });

  it("waits out THROTTLED, then succeeds", async () => {
    const { client, sleeps } = setup();
    const throttled = {
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
      extensions: {
        cost: {
          requestedQueryCost: 752,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 666, restoreRate: 50 },
        },
      },
    };
    script = [{ body: throttled }, OK];
    await expect(client.query(QUERY, {}, SHOP_SCHEMA)).resolves.toMatchObject({
      data: { shop: { name: "Acme" } },
    });
    expect(received).toHaveLength(2);
    expect(sleeps[0]).toBe(2_000); // ceil((752 − 666) / 50) s, more than the jittered 250 ms
    await client.close();
  });

  it("honours Retry-After in seconds on 429", async () => {
    const { client, sleeps } = setup();
    script = [{ status: 429, headers: { "retry-after": "2.0" }, body: "" }, OK];
    await client.query(QUERY, {}, SHOP_SCHEMA);
    expect(sleeps).toEqual([2_000]);
    await client.close();
  });

  it("retries 5xx with full-jitter backoff and gives up after maxAttempts", async () => {
    const { client, sleeps } = setup({ maxAttempts: 3 });
    script = [{ status: 502 }, { status: 503 }, { status: 500 }];
    await expect(client.query(QUERY, {}, SHOP_SCHEMA)).rejects.toMatchObject({
      code: "MLC_SHOPIFY_HTTP",
      retryable: true,
    });
    expect(received).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]); // 0.5 × 500, 0.5 × 1000
    await client.close();
  });

  it.each([
    [
      { errors: [{ message: "Access denied for orders field.", extensions: { code: "ACCESS_DENIED" } }] },
      "MLC_SHOPIFY_ACCESS_DENIED",
    ],
    [
      { errors: [{ message: "Query cost is 1600", extensions: { code: "MAX_COST_EXCEEDED" } }] },
      "MLC_SHOPIFY_QUERY_TOO_COSTLY",
    ],
    [
      {
        errors: [
          { message: "Field 'nope' doesn't exist on type 'Shop'", extensions: { code: "undefinedField" } },
        ],
      },
      "MLC_SHOPIFY_QUERY_INVALID",
    ],
  ])("does not retry %j", async (body, code) => {
    const { client, sleeps } = setup();
    script = [{ body }];
    await expect(client.query(QUERY, {}, SHOP_SCHEMA)).rejects.toMatchObject({ code, retryable: false });
    expect(received).toHaveLength(1);
    expect(sleeps).toEqual([]);
    await client.close();
  });

  it("does not retry 401 and never logs the token", async () => {
    const { client, logLines } = setup();
    script = [{ status: 502 }, { status: 401, body: { errors: "[API] Invalid API key or access token" } }];
    await expect(client.query(QUERY, {}, SHOP_SCHEMA)).rejects.toMatchObject({
      code: "MLC_SHOPIFY_UNAUTHORIZED",
    });
    expect(received).toHaveLength(2);
    expect(logLines.join("")).toContain("shopify.graphql.retry");
    expect(logLines.join("")).not.toContain(TOKEN);
    await client.close();
  });

  it("retries a call that exceeds the timeout", async () => {
    const { client } = setup({ timeoutMs: 100 });
    script = [{ delayMs: 500, ...OK }, OK];
    await expect(client.query(QUERY, {}, SHOP_SCHEMA)).resolves.toMatchObject({
      data: { shop: { name: "Acme" } },
    });
    expect(received).toHaveLength(2);
    await client.close();
  });

  it("reports data of the wrong shape as MLC_SHOPIFY_RESPONSE_INVALID", async () => {
    const { client } = setup();
    script = [{ body: { data: { shop: { name: 42 } } } }];
    await expect(client.query(QUERY, {}, SHOP_SCHEMA)).rejects.toMatchObject({
      code: "MLC_SHOPIFY_RESPONSE_INVALID",
    });
    await client.close();
  });
});
