import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ShopifySimulator, startShopifySimulator } from "./index.js";
import { install } from "./oauth-flow.test-helper.js";
import { adminGraphql, startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.test-helper.js";

const SHOP = "lifecycle.myshopify.com";
const SECRET = "lifecycle_secret";
const SHOP_ID = "70000000123";
const COMPLIANCE = ["customers/data_request", "customers/redact", "shop/redact"];

let sim: ShopifySimulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(async () => {
  await sim?.close();
  receiver.clear();
  sim = await startShopifySimulator({
    shops: [
      {
        domain: SHOP,
        accessToken: "tok",
        apiSecret: SECRET,
        clientId: "lifecycle-client",
        currency: "USD",
        timezone: "America/New_York",
        taxesIncluded: false,
        shopId: SHOP_ID,
      },
    ],
    webhookRetry: { attempts: 1, baseDelayMs: 5 },
  });
  sim.webhooks.subscribe({
    shop: SHOP,
    topics: ["orders/create", "app/uninstalled"],
    uri: receiver.url(),
  });
  sim.webhooks.subscribe({ shop: SHOP, topics: [], complianceTopics: COMPLIANCE, uri: receiver.url() });
});
afterAll(() => sim.close());

const topicsReceived = () => receiver.received.map((w) => w.headers["x-shopify-topic"]);
const withTopic = (topic: string) => {
  const found = receiver.received.filter((w) => w.headers["x-shopify-topic"] === topic);
  expect(found).toHaveLength(1);
  return found[0]!;
};

function customerOrders() {
  const [first, second, other] = [
    sim.orders.add(SHOP, order("pat@example.com", "7011111111111111111")),
    sim.orders.add(SHOP, order("pat@example.com", "7011111111111111111")),
    sim.orders.add(SHOP, order("kim@example.com", "7022222222222222222")),
  ];
  return { first: first!, second: second!, other: other! };
}

function order(email: string, customerId: string) {
  return {
    customer: { id: customerId, firstName: "Pat", lastName: "Lee", email, phone: "+16135550100" },
    lineItems: [{ sku: "TEE", title: "Tee", priceMinor: 2500, quantity: 1 }],
    taxes: [],
  };
}

describe("app lifecycle and compliance webhooks", () => {
  it("uninstall: app/uninstalled carries the REST Shop, tokens stop working, shop-specific subscriptions go", async () => {
    const created = sim.subscriptions.create({ shop: SHOP, topic: "orders/paid", uri: receiver.url() });
    expect(created.ok).toBe(true);
    expect((await adminGraphql(sim.url, "{ shop { id } }")).data.shop.id).toBe(
      `gid://shopify/Shop/${SHOP_ID}`,
    );

    const result = sim.app.uninstall(SHOP);
    expect(result).toEqual({ uninstalled: true, accessTokens: 1, refreshTokens: 0, subscriptionsDeleted: 1 });
    await sim.webhooks.idle();
    const hook = withTopic("app/uninstalled");
    expect(hook.validSignature).toBe(true);
    expect(hook.headers["x-shopify-shop-domain"]).toBe(SHOP);
    const raw = hook.raw.toString("utf8");
    expect(raw.startsWith(`{"id":${SHOP_ID},"name":"lifecycle",`)).toBe(true);
    expect(receiver.json(hook)).toMatchObject({
      myshopify_domain: SHOP,
      domain: SHOP,
      currency: "USD",
      iana_timezone: "America/New_York",
      timezone: expect.stringMatching(/^\(GMT-0[45]:00\) America\/New_York$/),
    });

    const refused = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": "tok" },
      body: JSON.stringify({ query: "{ shop { id } }" }),
    });
    expect(refused.status).toBe(401);
    expect(sim.subscriptions.list(SHOP).map((s) => s.kind)).toEqual(["app", "app"]);
    expect(sim.app.isInstalled(SHOP)).toBe(false);
    expect(sim.app.uninstall(SHOP).uninstalled).toBe(false);
  });

  it("after the uninstall only compliance webhooks are sent; an OAuth install sends order webhooks again", async () => {
    const { first } = customerOrders();
    await sim.webhooks.idle();
    expect(topicsReceived()).toEqual(["orders/create", "orders/create", "orders/create"]);
    receiver.clear();

    sim.app.uninstall(SHOP);
    sim.orders.generate(SHOP, 2, { seed: 3 });
    sim.privacy.customerRedact(SHOP, { customerGid: `gid://shopify/Customer/${first.customer!.id}` });
    sim.privacy.shopRedact(SHOP);
    await sim.webhooks.idle();
    expect(topicsReceived().sort()).toEqual(["app/uninstalled", "customers/redact", "shop/redact"]);
    expect(receiver.received.every((w) => w.validSignature)).toBe(true);

    receiver.clear();
    await install(sim, { domain: SHOP, apiSecret: SECRET }, { scopes: ["read_orders"] });
    expect(sim.app.isInstalled(SHOP)).toBe(true);
    sim.orders.generate(SHOP, 1, { seed: 4 });
    await sim.webhooks.idle();
    expect(topicsReceived()).toEqual(["orders/create"]);
  });

  it("customers/redact and customers/data_request carry Shopify's documented bodies with exact ids", async () => {
    const { first, second } = customerOrders();
    await sim.webhooks.idle();
    receiver.clear();
    const customerGid = `gid://shopify/Customer/${first.customer!.id}`;

    const redact = sim.privacy.customerRedact(SHOP, { customerGid, orderGids: [first.gid] });
    const request = sim.privacy.customersDataRequest(SHOP, { customerGid, dataRequestId: "9999" });
    await sim.webhooks.idle();

    expect(redact).toBe(
      `{"shop_id":${SHOP_ID},"shop_domain":"${SHOP}","customer":{"id":7011111111111111111,"email":"pat@example.com","phone":"+16135550100"},"orders_to_redact":[${first.id}]}`,
    );
    expect(withTopic("customers/redact").raw.toString("utf8")).toBe(redact);
    expect(request).toBe(
      `{"shop_id":${SHOP_ID},"shop_domain":"${SHOP}","orders_requested":[${first.id},${second.id}],"customer":{"id":7011111111111111111,"email":"pat@example.com","phone":"+16135550100"},"data_request":{"id":9999}}`,
    );
    const delivered = withTopic("customers/data_request");
    expect(delivered.raw.toString("utf8")).toBe(request);
    expect(delivered.validSignature).toBe(true);
    expect(delivered.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => sim.privacy.customerRedact(SHOP, { customerGid: "gid://shopify/Customer/1" })).toThrow(
      /no customer/,
    );
  });

  it("compliance webhooks go only to subscriptions of their topics", async () => {
    sim.subscriptions.deleteAll(SHOP, "all");
    sim.webhooks.subscribe({ shop: SHOP, topics: ["orders/create"], uri: receiver.url() });
    sim.privacy.shopRedact(SHOP);
    await sim.webhooks.idle();
    expect(receiver.received).toHaveLength(0);
    expect(() =>
      sim.webhooks.subscribe({
        shop: SHOP,
        topics: [],
        complianceTopics: ["orders/create"],
        uri: receiver.url(),
      }),
    ).toThrow(/not compliance topics/);
  });

  it("offers the same actions as /_sim routes", async () => {
    const { first } = customerOrders();
    await sim.webhooks.idle();
    receiver.clear();
    const post = (path: string, body: unknown) =>
      fetch(`${sim.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const customerGid = `gid://shopify/Customer/${first.customer!.id}`;
    expect((await post("/_sim/privacy/customers-data-request", { shop: SHOP, customerGid })).status).toBe(
      200,
    );
    expect((await post("/_sim/privacy/customers-redact", { shop: SHOP, customerGid })).status).toBe(200);
    expect((await post("/_sim/app/uninstall", { shop: SHOP })).status).toBe(200);
    expect((await post("/_sim/privacy/shop-redact", { shop: SHOP })).status).toBe(200);
    expect((await post("/_sim/privacy/shop-redact", { shop: "nope.myshopify.com" })).status).toBe(404);
    await sim.webhooks.idle();
    expect(topicsReceived()).toEqual([
      "customers/data_request",
      "customers/redact",
      "app/uninstalled",
      "shop/redact",
    ]);
    expect(receiver.json(withTopic("shop/redact"))).toEqual({ shop_id: Number(SHOP_ID), shop_domain: SHOP });
  });
});
