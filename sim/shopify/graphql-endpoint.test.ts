import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_1042, type ShopifySimulator, startShopifySimulator } from "./index.js";

const SHOP = "acme.myshopify.com";
let sim: ShopifySimulator;
let clockMs = Date.parse("2026-11-27T12:00:00Z");

async function gql(
  query: string,
  variables: Record<string, unknown> = {},
  token = "tok",
  version = "2026-10",
) {
  const res = await fetch(`${sim.url}/admin/api/${version}/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    version: res.headers.get("x-shopify-api-version"),
    // biome-ignore lint/suspicious/noExplicitAny: the tests walk untyped response JSON
    body: (await res.json()) as any,
  };
}

beforeAll(async () => {
  sim = await startShopifySimulator({
    shops: [
      {
        domain: SHOP,
        accessToken: "tok",
        apiSecret: "s",
        currency: "USD",
        timezone: "America/New_York",
        taxesIncluded: false,
      },
      {
        domain: "eu.myshopify.com",
        accessToken: "eu-tok",
        apiSecret: "s2",
        currency: "EUR",
        timezone: "Europe/Paris",
        taxesIncluded: true,
        protectedCustomerData: false,
      },
    ],
    now: () => clockMs,
  });
  sim.orders.add(SHOP, ORDER_1042);
  sim.orders.generate(SHOP, 20, { seed: 4 });
  sim.orders.generate("eu.myshopify.com", 3, { seed: 4 });
});
afterAll(() => sim.close());

describe("GraphQL endpoint", () => {
  it("answers an agreements query with Shopify's decimals and extensions.cost", async () => {
    const { status, body } = await gql(
      `query($id: ID!) { order(id: $id) { name totalPriceSet { shopMoney { amount } }
      agreements(first: 5) { nodes { __typename reason sales(first: 10) { nodes { __typename lineType actionType
        totalAmount { shopMoney { amount } } ... on ProductSale { lineItem { sku } } } } } } } }`,
      { id: "gid://shopify/Order/5934123456789" },
    );
    expect(status).toBe(200);
    expect(body.data.order.totalPriceSet.shopMoney.amount).toBe("127.44");
    const sales = body.data.order.agreements.nodes[0].sales.nodes;
    expect(
      sales.map((s: { totalAmount: { shopMoney: { amount: string } } }) => s.totalAmount.shopMoney.amount),
    ).toEqual(["87.48", "29.16", "10.8"]);
    expect(sales[0]).toMatchObject({ __typename: "ProductSale", lineItem: { sku: "TEE-BLK-M" } });
    expect(body.extensions.cost).toMatchObject({
      requestedQueryCost: expect.any(Number),
      actualQueryCost: expect.any(Number),
    });
    expect(body.extensions.cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
  });

  it("rejects a field the real schema lacks in Shopify's error shape, with HTTP 200", async () => {
    const { status, body } = await gql("{ shop { name notAField } }");
    expect(status).toBe(200);
    expect(body.errors[0]).toMatchObject({
      message: "Field 'notAField' doesn't exist on type 'Shop'",
      extensions: { code: "undefinedField" },
    });
  });

  it("pages orders filtered by updated_at with opaque cursors", async () => {
    const q = `query($after: String) { orders(first: 8, after: $after, sortKey: UPDATED_AT, query: "updated_at:>='2026-01-01T00:00:00Z' AND status:any") { pageInfo { hasNextPage endCursor } nodes { id updatedAt } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { body } = await gql(q, { after });
      seen.push(...body.data.orders.nodes.map((n: { id: string }) => n.id));
      after = body.data.orders.pageInfo.hasNextPage ? body.data.orders.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(21);
  });

  it("answers 401 with Shopify's body for an unknown token", async () => {
    const { status, body } = await gql("{ shop { name } }", {}, "nope");
    expect(status).toBe(401);
    expect(body).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
  });

  it("falls forward to the oldest version for an unknown one and says so", async () => {
    const { version, body } = await gql(
      "{ shop { myshopifyDomain currencyCode ianaTimezone } }",
      {},
      "tok",
      "2019-04",
    );
    expect(version).toBe("2025-10");
    expect(body.data.shop).toEqual({
      myshopifyDomain: SHOP,
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
    });
  });

  it("refuses first > 250 and queries above 1000 points", async () => {
    const big = await gql("{ orders(first: 251) { nodes { id } } }");
    expect(big.body.errors[0].message).toMatch(/exceeds the maximum of 250/);
    const costly = await gql("{ orders(first: 100) { nodes { lineItems(first: 100) { nodes { id } } } } }");
    expect(costly.body.errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
  });

  it("answers THROTTLED with HTTP 200 when the bucket is drained, and recovers as it refills", async () => {
    sim.throttle.drain(SHOP);
    const { status, body } = await gql("{ orders(first: 10) { nodes { id } } }");
    expect(status).toBe(200);
    expect(body.errors[0].extensions.code).toBe("THROTTLED");
    expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 12, actualQueryCost: null });
    expect(body.extensions.cost.throttleStatus.currentlyAvailable).toBe(0);
    expect(sim.stats().throttled).toBe(1);
    clockMs += 1000;
    const after = await gql("{ orders(first: 10) { nodes { id } } }");
    expect(after.body.data.orders.nodes).toHaveLength(10);
  });

  it("nulls personal fields when protected customer data is not approved", async () => {
    const { body } = await gql(
      "{ orders(first: 3) { nodes { email customer { firstName defaultEmailAddress { emailAddress } } } } }",
      {},
      "eu-tok",
    );
    for (const n of body.data.orders.nodes) {
      expect(n.email).toBeNull();
      if (n.customer) expect(n.customer).toEqual({ firstName: null, defaultEmailAddress: null });
    }
  });

  it("says which field it does not implement instead of inventing data", async () => {
    const { body } = await gql(`{ order(id: "gid://shopify/Order/5934123456789") { name statusPageUrl } }`);
    expect(body.errors[0].message).toBe("simulator does not implement Order.statusPageUrl");
  });
});
