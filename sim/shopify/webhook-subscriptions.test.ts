import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ORDER_1042, type ShopifySimulator, startShopifySimulator } from "./index.js";
import { adminGraphql, startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.test-helper.js";

const SHOP = "acme.myshopify.com";
const SECRET = "hush";
let sim: ShopifySimulator;
let receiver: WebhookReceiver;
let nextOrderId = 5934123456789100000n;

const CREATE = `mutation($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
    webhookSubscription { id topic uri format includeFields createdAt }
    userErrors { field message }
  }
}`;
const LIST = `query($topics: [WebhookSubscriptionTopic!], $after: String) {
  webhookSubscriptions(first: 2, after: $after, topics: $topics) {
    edges { cursor node { id topic uri } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const DELETE = `mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }`;

const gql = (query: string, variables: Record<string, unknown> = {}, version = "2026-10") =>
  adminGraphql(sim.url, query, { variables, version });
const create = async (topic: string, sub: Record<string, unknown>, version?: string) =>
  (await gql(CREATE, { topic, sub }, version)).data.webhookSubscriptionCreate;
const addOrder = (emit = false) =>
  sim.orders.add(SHOP, { ...ORDER_1042, id: String(nextOrderId++) }, { emit });

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  sim = await startShopifySimulator({
    shops: [
      {
        domain: SHOP,
        accessToken: "tok",
        apiSecret: SECRET,
        currency: "USD",
        timezone: "America/New_York",
        taxesIncluded: false,
      },
    ],
    webhookRetry: { attempts: 2, baseDelayMs: 5 },
  });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
beforeEach(() => {
  sim.subscriptions.deleteAll(SHOP, "all");
  receiver.respond(null);
  receiver.clear();
});

describe("webhook subscriptions through the Admin GraphQL API", () => {
  it("creates, lists, reads and deletes a shop-specific subscription with schema-validated queries", async () => {
    const created = await gql(CREATE, {
      topic: "ORDERS_CREATE",
      sub: { uri: receiver.url(), format: "JSON", includeFields: ["id", "updated_at"] },
    });
    expect(created.extensions.cost.requestedQueryCost).toBe(10);
    const { webhookSubscription: sub, userErrors } = created.data.webhookSubscriptionCreate;
    expect(userErrors).toEqual([]);
    expect(sub).toMatchObject({
      id: expect.stringMatching(/^gid:\/\/shopify\/WebhookSubscription\/\d+$/),
      topic: "ORDERS_CREATE",
      uri: receiver.url(),
      format: "JSON",
      includeFields: ["id", "updated_at"],
      createdAt: expect.stringMatching(/Z$/),
    });
    await create("ORDERS_UPDATED", { uri: receiver.url("/a") });
    await create("ORDERS_UPDATED", { uri: receiver.url("/b") });
    sim.webhooks.subscribe({ shop: SHOP, topics: ["orders/create"], uri: receiver.url("/toml") });

    const pages: { id: string; topic: string }[][] = [];
    let after: string | null = null;
    do {
      const page: {
        edges: { node: { id: string; topic: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      } = (await gql(LIST, { after })).data.webhookSubscriptions;
      pages.push(page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(pages.flat().map((n) => n.topic)).toEqual(["ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_UPDATED"]);
    const onlyUpdated = (await gql(LIST, { topics: ["ORDERS_UPDATED"] })).data.webhookSubscriptions.edges;
    expect(onlyUpdated).toHaveLength(2);
    expect(sim.subscriptions.list(SHOP).map((s) => s.kind)).toEqual(["shop", "shop", "shop", "app"]);

    const one = await gql(
      `query($id: ID!) { webhookSubscription(id: $id) { id endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } }
        node(id: $id) { ... on WebhookSubscription { topic } } }`,
      { id: sub.id },
    );
    expect(one.data.webhookSubscription.endpoint).toEqual({
      __typename: "WebhookHttpEndpoint",
      callbackUrl: receiver.url(),
    });
    expect(one.data.node).toEqual({ topic: "ORDERS_CREATE" });

    const deleted = (await gql(DELETE, { id: sub.id })).data.webhookSubscriptionDelete;
    expect(deleted).toEqual({ deletedWebhookSubscriptionId: sub.id, userErrors: [] });
    const again = (await gql(DELETE, { id: sub.id })).data.webhookSubscriptionDelete;
    expect(again.userErrors).toEqual([{ field: ["id"], message: "Webhook subscription does not exist" }]);
    expect((await gql(LIST, { topics: ["ORDERS_CREATE"] })).data.webhookSubscriptions.edges).toEqual([]);
  });

  it.each([
    ["a duplicate topic and address", () => receiver.url(), "Address for this topic has already been taken"],
    [
      "plain http to a public host",
      () => "http://example.com/hooks",
      "Address protocol http:// is not supported",
    ],
    ["an address that is not a URL", () => "not a url", "Address is invalid"],
    [
      "a Pub/Sub address (not simulated)",
      () => "pubsub://project:topic",
      "simulator delivers to HTTPS addresses only (not Pub/Sub or EventBridge)",
    ],
  ])("answers a userError for %s", async (_name, uri, message) => {
    await create("ORDERS_PAID", { uri: receiver.url() });
    const result = await create("ORDERS_PAID", { uri: uri() });
    expect(result).toEqual({
      webhookSubscription: null,
      userErrors: [{ field: ["webhookSubscription", "uri"], message }],
    });
  });

  it("accepts the deprecated callbackUrl and reports errors on that field", async () => {
    const ok = await create("REFUNDS_CREATE", { callbackUrl: receiver.url() }, "2025-10");
    expect(ok.webhookSubscription.uri).toBe(receiver.url());
    const dup = await create("REFUNDS_CREATE", { callbackUrl: receiver.url() }, "2025-10");
    expect(dup.userErrors[0].field).toEqual(["webhookSubscription", "callbackUrl"]);
  });

  it("refuses compliance topics: the real schema has no enum value for them", async () => {
    const result = await gql(CREATE, { topic: "SHOP_REDACT", sub: { uri: receiver.url() } });
    expect(result.data).toBeNull();
    expect(result.errors[0].message).toMatch(/SHOP_REDACT/);
    expect(sim.subscriptions.create({ shop: SHOP, topic: "shop/redact", uri: receiver.url() })).toMatchObject(
      {
        ok: false,
        userErrors: [{ field: ["topic"] }],
      },
    );
  });

  it("delivers to an API subscription with its includeFields, filter and name", async () => {
    const sub = (
      await gql(
        `mutation($sub: WebhookSubscriptionInput!) { webhookSubscriptionCreate(topic: ORDERS_UPDATED, webhookSubscription: $sub) {
          webhookSubscription { id name filter } userErrors { message } } }`,
        {
          sub: {
            uri: receiver.url(),
            includeFields: ["id", "updated_at", "line_items.sku"],
            filter: "financial_status:paid",
            name: "gl-orders",
          },
        },
      )
    ).data.webhookSubscriptionCreate.webhookSubscription;
    expect(sub).toMatchObject({ name: "gl-orders", filter: "financial_status:paid" });
    const paid = addOrder();
    const pending = sim.orders.add(
      SHOP,
      {
        ...ORDER_1042,
        id: String(nextOrderId++),
        payments: [{ gateway: "manual" }],
        financialStatus: "pending",
      },
      { emit: false },
    );
    sim.webhooks.emit(SHOP, "orders/updated", paid.gid);
    sim.webhooks.emit(SHOP, "orders/updated", pending.gid);
    await sim.webhooks.idle();
    expect(receiver.received).toHaveLength(1);
    const [w] = receiver.received;
    expect(w!.validSignature).toBe(true);
    expect(w!.headers["x-shopify-name"]).toBe("gl-orders");
    expect(w!.raw.toString()).toMatch(
      new RegExp(
        `^\\{"id":${paid.id},"updated_at":"[^"]+","line_items":\\[\\{"sku":"TEE-BLK-M"\\},\\{"sku":"MUG-01"\\}\\]\\}$`,
      ),
    );
  });
});

describe("removal after the final failed retry", () => {
  it("deletes an API-created subscription, never an app-specific one", async () => {
    receiver.respond(() => 500);
    const apiSub = (await create("ORDERS_CREATE", { uri: receiver.url("/api") })).webhookSubscription;
    sim.webhooks.subscribe({ shop: SHOP, topics: ["orders/create"], uri: receiver.url("/toml") });
    addOrder(true);
    await sim.webhooks.idle();

    const records = sim.webhooks.deliveries().slice(-2);
    expect(records.map((r) => [r.subscriptionKind, r.status, r.attempts, r.removedSubscription])).toEqual([
      ["shop", "failed", 3, true],
      ["app", "failed", 3, false],
    ]);
    expect(sim.subscriptions.list(SHOP).map((s) => s.kind)).toEqual(["app"]);
    const node = await gql(`query($id: ID!) { webhookSubscription(id: $id) { id } }`, { id: apiSub.id });
    expect(node.data.webhookSubscription).toBeNull();

    receiver.respond(null);
    receiver.clear();
    addOrder(true);
    await sim.webhooks.idle();
    expect(receiver.received.map((w) => w.path)).toEqual(["/toml"]);
  });

  it("keeps a subscription whose delivery succeeds on a retry", async () => {
    let failures = 2;
    receiver.respond(() => (failures-- > 0 ? 503 : 200));
    await create("ORDERS_CREATE", { uri: receiver.url("/api") });
    addOrder(true);
    await sim.webhooks.idle();
    expect(sim.webhooks.deliveries().at(-1)).toMatchObject({
      status: "delivered",
      attempts: 3,
      removedSubscription: false,
    });
    expect(sim.subscriptions.list(SHOP)).toHaveLength(1);
  });
});
