import { get } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ShopifySimulator, type SimShopConfig, startShopifySimulator } from "./index.js";
import { adminGraphql, startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.test-helper.js";

const SHOP = "acme.myshopify.com";
const NO_ORDERS = "noscope.myshopify.com";
const shop = (domain: string, token: string, extra: Partial<SimShopConfig> = {}): SimShopConfig => ({
  domain,
  accessToken: token,
  apiSecret: "hush",
  currency: "USD",
  timezone: "America/New_York",
  taxesIncluded: false,
  ...extra,
});
let sim: ShopifySimulator;
let receiver: WebhookReceiver;

const RUN = `mutation($q: String!, $group: Boolean!) {
  bulkOperationRunQuery(query: $q, groupObjects: $group) { bulkOperation { id status } userErrors { field message code } }
}`;
const CURRENT = `{ currentBulkOperation { id status errorCode createdAt completedAt objectCount rootObjectCount fileSize url partialDataUrl } }`;
const WITH_LINES = `{ orders(query: "updated_at:>='2026-01-01T00:00:00Z' AND updated_at:<'2027-01-01T00:00:00Z'") {
  edges { node { id name updatedAt createdAt processedAt lineItems { edges { node { id sku quantity } } } } } } }`;

const run = async (q: string, group = false, token = "tok") =>
  (await adminGraphql(sim.url, RUN, { variables: { q, group }, token })).data.bulkOperationRunQuery;
// biome-ignore lint/suspicious/noExplicitAny: JSONL lines are untyped
async function download(url: string): Promise<any[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
}

/** What a reader of `url` got within `ms`, then hangs up. */
function readFor(url: string, ms: number): Promise<{ status: number | null; bytes: number; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const seen = { status: null as number | null, bytes: 0, ended: false };
    const req = get(url, (res) => {
      seen.status = res.statusCode ?? null;
      res.on("data", (chunk: Buffer) => {
        seen.bytes += chunk.length;
      });
      res.on("end", () => {
        seen.ended = true;
      });
      res.on("error", () => {});
    });
    req.on("error", (error) => {
      if (!req.destroyed) reject(error); // after our own hang-up, "socket hang up" is expected
    });
    setTimeout(() => {
      req.destroy();
      resolve(seen);
    }, ms);
  });
}

beforeAll(async () => {
  receiver = await startWebhookReceiver("hush");
  sim = await startShopifySimulator({
    shops: [shop(SHOP, "tok"), shop(NO_ORDERS, "tok2", { scopes: ["read_customers"] })],
    bulkOperations: { startDelayMs: 5, rootsPerSlice: 200 },
  });
  sim.webhooks.subscribe({ shop: SHOP, topics: ["bulk_operations/finish"], uri: receiver.url() });
  sim.orders.generate(SHOP, 1000, { seed: 21, emit: false });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
beforeEach(() => {
  sim.bulk.setTiming({ startDelayMs: 5, sliceDelayMs: 0, rootsPerSlice: 200, resultStallAfterBytes: null });
  receiver.clear();
});

describe("bulk query operations", () => {
  it("runs CREATED → RUNNING → COMPLETED and serves JSONL with children after their parent", async () => {
    sim.bulk.setTiming({ sliceDelayMs: 5 });
    const started = await run(WITH_LINES, true);
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation).toMatchObject({
      status: "CREATED",
      id: expect.stringMatching(/BulkOperation\/\d+$/),
    });
    const seen = new Set<string>();
    let current: Record<string, string | null>;
    do {
      current = (await adminGraphql(sim.url, CURRENT)).data.currentBulkOperation;
      seen.add(current.status!);
    } while (current.status !== "COMPLETED");
    expect(seen.has("RUNNING")).toBe(true);

    const orders = sim.orders.list(SHOP);
    const lineCount = orders.reduce((s, o) => s + o.lineItems.filter((l) => !l.isTip).length, 0);
    expect(current).toMatchObject({
      id: started.bulkOperation.id,
      errorCode: null,
      rootObjectCount: "1000",
      objectCount: String(1000 + lineCount),
      partialDataUrl: null,
    });
    const lines = await download(current.url!);
    expect(lines).toHaveLength(1000 + lineCount);
    const size = (await (await fetch(current.url!)).arrayBuffer()).byteLength;
    expect(String(size)).toBe(current.fileSize);

    let parent: { id: string } | undefined;
    for (const line of lines) {
      if (line.__parentId === undefined) {
        expect(Object.keys(line)).toEqual(["id", "name", "updatedAt", "createdAt", "processedAt"]);
        parent = line;
      } else {
        expect(line.__parentId).toBe(parent!.id);
        expect(Object.keys(line)).toEqual(["id", "sku", "quantity", "__parentId"]);
      }
    }
    const sample = orders[17]!;
    const row = lines.find((l) => l.id === sample.gid);
    expect(row).toEqual({
      id: sample.gid,
      name: sample.name,
      updatedAt: new Date(sample.updatedAtMs).toISOString().replace(".000", ""),
      createdAt: new Date(sample.createdAtMs).toISOString().replace(".000", ""),
      processedAt: new Date(sample.processedAtMs).toISOString().replace(".000", ""),
    });
    expect(lines.filter((l) => l.__parentId === sample.gid).map((l) => l.sku)).toEqual(
      sample.lineItems.filter((l) => !l.isTip).map((l) => l.sku),
    );
  });

  it("writes ids with escaped slashes, as Shopify's files do", async () => {
    const op = (await run(`{ orders(query: "name:#1001") { edges { node { id } } } }`)).bulkOperation;
    const done = await sim.bulk.finished(SHOP, op.id);
    const text = await (await fetch(done.url!)).text();
    expect(text).toMatch(/^\{"id":"gid:\\\/\\\/shopify\\\/Order\\\/\d+"\}\n$/);
  });

  it("without groupObjects still writes every child after its parent, not necessarily right after it", async () => {
    const op = (await run(WITH_LINES, false)).bulkOperation;
    const done = await sim.bulk.finished(SHOP, op.id);
    const lines = await download(done.url!);
    const position = new Map<string, number>();
    lines.forEach((l, i) => {
      if (!l.__parentId) position.set(l.id, i);
    });
    expect(position.size).toBe(1000);
    lines.forEach((l, i) => {
      if (l.__parentId) expect(position.get(l.__parentId)).toBeLessThan(i);
    });
    expect(lines[1].__parentId).toBeUndefined();
  });

  it("stalls the result download after the configured bytes, before the headers at 0 (test knob)", async () => {
    const op = (await run(`{ orders { edges { node { id } } } }`)).bulkOperation;
    const done = await sim.bulk.finished(SHOP, op.id);
    sim.bulk.setTiming({ resultStallAfterBytes: 100 });
    expect(await readFor(done.url!, 150)).toEqual({ status: 200, bytes: 100, ended: false });
    sim.bulk.setTiming({ resultStallAfterBytes: 0 });
    expect(await readFor(done.url!, 150)).toEqual({ status: null, bytes: 0, ended: false });
    sim.bulk.setTiming({ resultStallAfterBytes: null });
    expect(await download(done.url!)).toHaveLength(1000);
  });

  it("allows one running query operation per shop (OPERATION_IN_PROGRESS)", async () => {
    sim.bulk.setTiming({ startDelayMs: 200 });
    const first = (await run(WITH_LINES)).bulkOperation;
    const second = await run(WITH_LINES);
    expect(second).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          field: null,
          message: `A bulk query operation for this app and shop is already in progress: ${first.id}.`,
          code: "OPERATION_IN_PROGRESS",
        },
      ],
    });
    await sim.bulk.finished(SHOP, first.id);
    expect((await run(`{ orders { edges { node { id } } } }`)).userErrors).toEqual([]);
    await sim.bulk.finished(SHOP, sim.bulk.current(SHOP)!.id);
  });

  it("announces bulk_operations/finish with lowercase status and no URL", async () => {
    const op = (await run(`{ orders { nodes { id } } }`)).bulkOperation;
    await sim.bulk.finished(SHOP, op.id);
    await sim.webhooks.idle();
    const finish = receiver.received.find((w) => receiver.json(w).admin_graphql_api_id === op.id)!;
    expect(finish.headers["x-shopify-topic"]).toBe("bulk_operations/finish");
    expect(finish.validSignature).toBe(true);
    const body = receiver.json(finish);
    expect(Object.keys(body)).toEqual([
      "admin_graphql_api_id",
      "completed_at",
      "created_at",
      "error_code",
      "status",
      "type",
    ]);
    expect(body).toMatchObject({ error_code: null, status: "completed", type: "query" });
    expect(body.completed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[45]:00$/);
  });

  it("cancels a running operation: CANCELING, then CANCELED and a finish webhook", async () => {
    sim.bulk.setTiming({ rootsPerSlice: 10, sliceDelayMs: 20 });
    const op = (await run(WITH_LINES)).bulkOperation;
    const cancel = await adminGraphql(
      sim.url,
      `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }`,
      { variables: { id: op.id } },
    );
    expect(cancel.data.bulkOperationCancel).toEqual({
      bulkOperation: { id: op.id, status: "CANCELING" },
      userErrors: [],
    });
    expect((await sim.bulk.finished(SHOP, op.id)).status).toBe("CANCELED");
    await sim.webhooks.idle();
    expect(receiver.received.map((w) => receiver.json(w).status)).toEqual(["canceled"]);
  });

  it("fails with partial data that stops at the objects written", async () => {
    sim.bulk.setTiming({ rootsPerSlice: 100, sliceDelayMs: 30 });
    const op = (await run(WITH_LINES, true)).bulkOperation;
    while ((sim.bulk.get(SHOP, op.id)?.rootObjectCount ?? "0") === "0")
      await new Promise((r) => setTimeout(r, 5));
    expect(sim.bulk.fail(SHOP, "TIMEOUT")).toBe(true);
    const done = await sim.bulk.finished(SHOP, op.id);
    expect(done).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT", url: null, fileSize: null });
    const lines = await download(done.partialDataUrl!);
    expect(lines.filter((l) => !l.__parentId)).toHaveLength(Number(done.rootObjectCount));
    expect(lines).toHaveLength(Number(done.objectCount));
    await sim.webhooks.idle();
    expect(receiver.json(receiver.received.at(-1)!)).toMatchObject({
      status: "failed",
      error_code: "timeout",
    });
  });

  it("fails with ACCESS_DENIED when the token cannot read orders", async () => {
    const op = (await run(`{ orders { edges { node { id } } } }`, false, "tok2")).bulkOperation;
    expect(await sim.bulk.finished(NO_ORDERS, op.id)).toMatchObject({
      status: "FAILED",
      errorCode: "ACCESS_DENIED",
      url: null,
    });
  });

  it("reads an operation by id and through node(id:) where the schema has them", async () => {
    const op = (await run(`{ orders { edges { node { id } } } }`)).bulkOperation;
    await sim.bulk.finished(SHOP, op.id);
    const read = await adminGraphql(
      sim.url,
      `query($id: ID!) { bulkOperation(id: $id) { status objectCount } node(id: $id) { ... on BulkOperation { type } }
        bulkOperations(first: 50, query: "status:COMPLETED") { nodes { id } } }`,
      { variables: { id: op.id } },
    );
    expect(read.data.bulkOperation).toEqual({ status: "COMPLETED", objectCount: "1000" });
    expect(read.data.node).toEqual({ type: "QUERY" });
    expect(read.data.bulkOperations.nodes.map((n: { id: string }) => n.id)).toContain(op.id);
    const old = await adminGraphql(sim.url, `query($id: ID!) { bulkOperation(id: $id) { id } }`, {
      variables: { id: op.id },
      version: "2025-10",
    });
    expect(old.errors[0].message).toBe("Field 'bulkOperation' doesn't exist on type 'QueryRoot'");
  });

  it.each([
    [
      "a field the schema lacks",
      `{ orders { edges { node { id notAField } } } }`,
      "Field 'notAField' doesn't exist on type 'Order'",
    ],
    ["no connection", `{ shop { name } }`, "Bulk queries must contain at least one connection."],
    [
      "top-level node",
      `{ node(id: "gid://shopify/Order/1") { id } }`,
      "The top-level node and nodes fields can't be used in bulk queries.",
    ],
    [
      "a connection inside a list",
      `{ orders { edges { node { id refunds { refundLineItems { edges { node { id } } } } } } } }`,
      "Queries that contain a connection field within a list field are not currently supported.",
    ],
    [
      "three levels of connections",
      `{ orders { edges { node { id agreements { edges { node { id sales { edges { node { id } } } } } } } } } }`,
      "Bulk queries cannot contain more than 2 levels of nested connections.",
    ],
    [
      "six connections",
      `{ orders { edges { node { id a: lineItems { nodes { id } } b: lineItems { nodes { id } } c: lineItems { nodes { id } }
        d: lineItems { nodes { id } } e: lineItems { nodes { id } } } } } }`,
      "Bulk queries cannot contain more than 5 connections.",
    ],
  ])("answers a userError for %s", async (_name, query, message) => {
    expect(await run(query)).toEqual({
      bulkOperation: null,
      userErrors: [{ field: ["query"], message, code: "INVALID" }],
    });
  });
});

describe("bulk result lifetime", () => {
  it("expires the result seven days after completion (simulated clock)", async () => {
    let clockMs = Date.parse("2026-11-27T12:00:00Z");
    const timed = await startShopifySimulator({ shops: [shop(SHOP, "tok")], now: () => clockMs });
    try {
      timed.orders.generate(SHOP, 3, { emit: false });
      const started = await adminGraphql(timed.url, RUN, {
        variables: { q: "{ orders { edges { node { id } } } }", group: false },
      });
      const done = await timed.bulk.finished(SHOP, started.data.bulkOperationRunQuery.bulkOperation.id);
      expect(done).toMatchObject({ status: "COMPLETED", completedAt: "2026-11-27T12:00:00Z" });
      expect((await fetch(done.url!)).status).toBe(200);
      clockMs += 7 * 86_400_000 + 1000;
      const later = (await adminGraphql(timed.url, CURRENT)).data.currentBulkOperation;
      expect(later).toMatchObject({ status: "EXPIRED", url: null, fileSize: null });
      expect((await fetch(done.url!)).status).toBe(404);
      const control = await (await fetch(`${timed.url}/_sim/bulk/current?shop=${SHOP}`)).json();
      expect(control).toMatchObject({ id: done.id, status: "EXPIRED", simulatorError: null });
    } finally {
      await timed.close();
    }
  });
});

describe("bulk operations over a 100,000-order shop", () => {
  it("streams the JSONL of compact orders without building their details", async () => {
    const big = await startShopifySimulator({
      shops: [shop(SHOP, "tok")],
      bulkOperations: { rootsPerSlice: 5000 },
    });
    try {
      const orders = big.orders.generate(SHOP, 100_000, { compact: true, seed: 5, emit: false });
      const heapBefore = process.memoryUsage().heapUsed;
      const started = await adminGraphql(big.url, RUN, {
        variables: {
          q: `{ orders(query: "updated_at:>='2026-11-02T00:00:00Z'") { edges { node { id name updatedAt createdAt processedAt } } } }`,
          group: false,
        },
      });
      const done = await big.bulk.finished(SHOP, started.data.bulkOperationRunQuery.bulkOperation.id);
      expect(done).toMatchObject({ status: "COMPLETED", objectCount: "100000", rootObjectCount: "100000" });
      const res = await fetch(done.url!);
      let bytes = 0;
      let newlines = 0;
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        for (const b of chunk) if (b === 10) newlines++;
      }
      expect(newlines).toBe(100_000);
      expect(String(bytes)).toBe(done.fileSize);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(bytes);
      expect(orders.filter((o) => (o as { isMaterialized?: boolean }).isMaterialized)).toHaveLength(0);
    } finally {
      await big.close();
    }
  });
});
