import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_1042, type ShopifySimulator, type SimShopConfig, startShopifySimulator } from "./index.js";
import { gql, install, rest } from "./oauth-flow.test-helper.js";

const FULL: SimShopConfig = {
  domain: "full.myshopify.com",
  accessToken: "tok-full",
  apiSecret: "s-full",
  currency: "USD",
  timezone: "America/New_York",
  taxesIncluded: false,
};
/** read_orders only: no orders older than 60 days, no customers */
const LIMITED: SimShopConfig = {
  ...FULL,
  domain: "limited.myshopify.com",
  accessToken: "tok-limited",
  scopes: ["read_orders"],
};
const PRIVATE: SimShopConfig = {
  ...FULL,
  domain: "private.myshopify.com",
  accessToken: "tok-private",
  protectedCustomerData: false,
};
const OLD_ORDER = "gid://shopify/Order/5934123456789";
let sim: ShopifySimulator;
const clockMs = Date.parse("2026-11-27T12:00:00Z");

beforeAll(async () => {
  sim = await startShopifySimulator({ shops: [FULL, LIMITED, PRIVATE], now: () => clockMs });
  for (const shop of [FULL, LIMITED, PRIVATE]) {
    sim.orders.add(shop.domain, ORDER_1042, { emit: false });
    sim.orders.generate(shop.domain, 5, { seed: 3, emit: false });
  }
});
afterAll(() => sim.close());

describe("scopes in GraphQL", () => {
  it("denies orders without read_orders in Shopify's ACCESS_DENIED shape", async () => {
    const token = await install(sim, FULL, { scopes: ["read_products"] });
    const { status, body } = await gql(sim, token.access_token, "{ orders(first: 2) { nodes { id } } }");
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      {
        message: "Access denied for orders field. Required access: `read_orders` access scope.",
        locations: [{ line: 1, column: 3 }],
        path: ["orders"],
        extensions: {
          code: "ACCESS_DENIED",
          documentation: "https://shopify.dev/api/usage/access-scopes",
          requiredAccess: "`read_orders` access scope.",
        },
      },
    ]);
    const one = await gql(sim, token.access_token, `{ order(id: "${OLD_ORDER}") { id } }`);
    expect(one.body.errors[0].extensions.code).toBe("ACCESS_DENIED");
  });

  it("hides orders older than 60 days without read_all_orders", async () => {
    const q = `{ orders(first: 50, query: "status:any") { nodes { id } } order(id: "${OLD_ORDER}") { id } }`;
    const limited = await gql(sim, LIMITED.accessToken, q);
    expect(limited.body.data.order).toBeNull();
    expect(limited.body.data.orders.nodes.map((n: { id: string }) => n.id)).not.toContain(OLD_ORDER);
    expect(limited.body.data.orders.nodes).toHaveLength(5);
    const full = await gql(sim, FULL.accessToken, q);
    expect(full.body.data.order).toEqual({ id: OLD_ORDER });
    expect(full.body.data.orders.nodes).toHaveLength(6);
  });

  it("denies customer and customers without read_customers, and pages customers with it", async () => {
    const denied = await gql(sim, LIMITED.accessToken, "{ customers(first: 5) { nodes { id } } }");
    expect(denied.body.errors[0]).toMatchObject({
      message: "Access denied for customers field. Required access: `read_customers` access scope.",
      path: ["customers"],
    });
    const one = await gql(
      sim,
      LIMITED.accessToken,
      `{ customer(id: "gid://shopify/Customer/7011111111111") { id } }`,
    );
    expect(one.body.errors[0].extensions.requiredAccess).toBe("`read_customers` access scope.");
    const { body } = await gql(
      sim,
      FULL.accessToken,
      "{ customers(first: 3) { pageInfo { hasNextPage } nodes { id firstName } } }",
    );
    expect(body.data.customers.nodes).toHaveLength(3);
    expect(body.data.customers.pageInfo.hasNextPage).toBe(true);
  });

  it("answers the connect test's shop and currentAppInstallation query", async () => {
    const { body } = await gql(
      sim,
      LIMITED.accessToken,
      "{ shop { name currencyCode ianaTimezone } currentAppInstallation { accessScopes { handle } app { apiKey } } }",
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      shop: { name: "limited", currencyCode: "USD", ianaTimezone: "America/New_York" },
      currentAppInstallation: {
        accessScopes: [{ handle: "read_orders" }],
        app: { apiKey: "client-limited" },
      },
    });
  });
});

describe("protected customer data", () => {
  it("nulls personal fields in GraphQL, REST and webhooks when not approved", async () => {
    const { body } = await gql(
      sim,
      PRIVATE.accessToken,
      `{ order(id: "${OLD_ORDER}") { email phone customer { id firstName email defaultAddress { address1 } } } }`,
    );
    expect(body.data.order).toEqual({
      email: null,
      phone: null,
      customer: {
        id: "gid://shopify/Customer/7011111111111",
        firstName: null,
        email: null,
        defaultAddress: null,
      },
    });
    const order = (await rest(sim, PRIVATE.accessToken, "/admin/api/2026-10/orders/5934123456789.json")).body
      .order;
    expect(order).toMatchObject({ email: null, phone: null, billing_address: null, shipping_address: null });
    expect(order.customer).toMatchObject({
      id: 7011111111111,
      first_name: null,
      email: null,
      default_address: null,
    });
    const customer = (await rest(sim, PRIVATE.accessToken, "/admin/api/2026-10/customers/7011111111111.json"))
      .body.customer;
    expect(customer).toMatchObject({ first_name: null, last_name: null, phone: null, addresses: [] });
    const full = (await rest(sim, FULL.accessToken, "/admin/api/2026-10/orders/5934123456789.json")).body
      .order;
    expect(full).toMatchObject({ email: "pat@example.com", billing_address: { address1: "1 Main St" } });

    const received: Record<string, unknown>[] = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      sim.webhooks.subscribe({ shop: PRIVATE.domain, topics: ["orders/updated"], uri });
      sim.webhooks.emit(PRIVATE.domain, "orders/updated", OLD_ORDER);
      await sim.webhooks.idle();
      expect(received[0]).toMatchObject({
        email: null,
        phone: null,
        billing_address: null,
        customer: { first_name: null, last_name: null, email: null, phone: null, default_address: null },
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("fault and throttle knobs", () => {
  it("fails GraphQL with a 5xx for N requests, then recovers", async () => {
    sim.faults.graphqlFailures(FULL.domain, { status: 502, count: 2 });
    const first = await gql(sim, FULL.accessToken, "{ shop { name } }");
    expect(first.status).toBe(502);
    expect(first.text).toContain("502 Bad Gateway");
    expect((await gql(sim, FULL.accessToken, "{ shop { name } }")).status).toBe(502);
    expect((await gql(sim, FULL.accessToken, "{ shop { name } }")).status).toBe(200);
    expect((await gql(sim, LIMITED.accessToken, "{ shop { name } }")).status).toBe(200);
  });

  it("answers 200 with INTERNAL_SERVER_ERROR until cleared", async () => {
    sim.faults.graphqlFailures(FULL.domain, { status: 200 });
    for (let i = 0; i < 3; i++) {
      const { status, body } = await gql(sim, FULL.accessToken, "{ shop { name } }");
      expect(status).toBe(200);
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions).toMatchObject({
        code: "INTERNAL_SERVER_ERROR",
        requestId: expect.any(String),
      });
    }
    sim.faults.clearGraphqlFailures(FULL.domain);
    expect((await gql(sim, FULL.accessToken, "{ shop { name } }")).body.data.shop.name).toBe("full");
    expect(sim.stats().graphqlFaultsInjected).toBe(5);
  });

  it("throttles with lowered limits during a storm and restores the plan afterwards", async () => {
    sim.throttle.setLimits(FULL.domain, { maximumAvailable: 10, restoreRate: 1 });
    const stormy = await gql(sim, FULL.accessToken, "{ orders(first: 10) { nodes { id } } }");
    expect(stormy.body.errors[0].extensions.code).toBe("THROTTLED");
    expect(stormy.body.extensions.cost.throttleStatus).toMatchObject({
      maximumAvailable: 10,
      restoreRate: 1,
    });
    sim.throttle.setPlan(FULL.domain, "standard");
    const calm = await gql(sim, FULL.accessToken, "{ shop { name } }");
    expect(calm.body.extensions.cost.throttleStatus).toMatchObject({
      maximumAvailable: 2000,
      restoreRate: 100,
    });
  });
});
