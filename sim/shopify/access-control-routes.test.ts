import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP, type ShopifySimulator, startShopifySimulatorFromCli } from "./index.js";
import { authorize, gql, install, rest, tokenRequest } from "./oauth-flow.test-helper.js";

const SHOP = DEMO_SHOP.domain;
let sim: ShopifySimulator;

beforeAll(async () => {
  sim = await startShopifySimulatorFromCli({ port: 0, clientId: "demo-app", accessTokenTtlSeconds: 5 });
});
afterAll(() => sim.close());

async function control(path: string, body: Record<string, unknown>) {
  const res = await fetch(`${sim.url}/_sim/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the tests walk untyped response JSON
  return { status: res.status, body: (await res.json()) as any };
}

describe("the standalone simulator's OAuth, fault and throttle knobs", () => {
  it("uses the CLI's client id and token lifetime, and allows client credentials", async () => {
    expect(sim.oauth.clientId(SHOP)).toBe("demo-app");
    const token = await install(sim, DEMO_SHOP, { scopes: ["read_orders"], expiring: true });
    expect(token.expires_in).toBe(5);
    const cc = await tokenRequest(sim, {
      client_id: "demo-app",
      client_secret: DEMO_SHOP.apiSecret,
      grant_type: "client_credentials",
    });
    expect(cc.body.expires_in).toBe(86_399);
  });

  it("expires and revokes tokens and sets the merchant's decision over /_sim", async () => {
    const token = await install(sim, DEMO_SHOP, { scopes: ["read_orders"], expiring: true });
    const expired = await control("oauth/expire-access-tokens", { shop: SHOP });
    expect(expired.body.expired).toBeGreaterThanOrEqual(1);
    expect((await gql(sim, token.access_token, "{ shop { name } }")).status).toBe(401);
    expect(await control("oauth/decision", { shop: SHOP, decision: "decline" })).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect((await authorize(sim, SHOP, { scopes: ["read_orders"] })).params.get("error")).toBe(
      "access_denied",
    );
    await control("oauth/decision", { shop: SHOP, decision: { grant: ["read_orders"] } });
    expect((await install(sim, DEMO_SHOP, { scopes: ["read_orders", "read_customers"] })).scope).toBe(
      "read_orders",
    );
    expect(await control("oauth/revoke-all", { shop: "nobody.myshopify.com" })).toEqual({
      status: 404,
      body: { error: "unknown shop" },
    });
  });

  it("injects GraphQL failures and throttling over /_sim", async () => {
    await control("faults/graphql", { shop: SHOP, status: 503, count: 1 });
    expect((await gql(sim, DEMO_SHOP.accessToken, "{ shop { name } }")).status).toBe(503);
    expect((await gql(sim, DEMO_SHOP.accessToken, "{ shop { name } }")).status).toBe(200);
    await control("faults/graphql", { shop: SHOP, status: 200 });
    await control("faults/graphql/clear", { shop: SHOP });
    expect((await gql(sim, DEMO_SHOP.accessToken, "{ shop { name } }")).body.data.shop.name).toBe(
      "demo-shop",
    );
    const storm = await control("throttle/graphql", { shop: SHOP, maximumAvailable: 10, restoreRate: 1 });
    expect(storm.body).toMatchObject({ maximumAvailable: 10, restoreRate: 1 });
    await control("throttle/graphql", { shop: SHOP, plan: "standard" });
    expect((await control("throttle/rest", { shop: SHOP, fill: true })).body).toEqual({ callLimit: "40/40" });
    const refused = await rest(sim, DEMO_SHOP.accessToken, "/admin/api/2026-10/orders.json");
    expect(refused.status).toBe(429);
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ restThrottled: 1, graphqlFaultsInjected: 1 });
    expect(stats.tokenRequests).toMatchObject({ authorization_code: 3, client_credentials: 1 });
  });
});
