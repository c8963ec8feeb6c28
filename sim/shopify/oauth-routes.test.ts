import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ShopifySimulator, type SimShopConfig, startShopifySimulator } from "./index.js";
import {
  authorize,
  callbackHmacMatches,
  gql,
  INVALID_TOKEN,
  install,
  rest,
  tokenRequest,
} from "./oauth-flow.test-helper.js";

const ACME: SimShopConfig = {
  domain: "acme.myshopify.com",
  accessToken: "shpat_static",
  apiSecret: "acme-secret",
  currency: "USD",
  timezone: "America/New_York",
  taxesIncluded: false,
  clientCredentials: true,
};
const EU: SimShopConfig = {
  domain: "eu.myshopify.com",
  accessToken: "shpat_eu",
  apiSecret: "eu-secret",
  clientId: "eu-app",
  currency: "EUR",
  timezone: "Europe/Paris",
  taxesIncluded: true,
};
const SHOP_QUERY = "{ shop { name currencyCode ianaTimezone } }";
let sim: ShopifySimulator;
let clockMs = Date.parse("2026-11-27T12:00:00Z");
const client = (shop: SimShopConfig) => ({
  client_id: sim.oauth.clientId(shop.domain),
  client_secret: shop.apiSecret,
});

beforeAll(async () => {
  sim = await startShopifySimulator({ shops: [ACME, EU], now: () => clockMs });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.oauth.setDecision(ACME.domain, "grant");
});

describe("authorization code grant", () => {
  it("redirects with code, hmac, host, shop, state and timestamp, signed with the client secret", async () => {
    const { status, params, location } = await authorize(sim, ACME.domain, {
      scopes: ["read_orders", "read_customers"],
      state: "n0nce",
    });
    expect(status).toBe(302);
    expect(location.startsWith("https://app.example.com/auth/callback?")).toBe(true);
    expect([...params.keys()].sort()).toEqual(["code", "hmac", "host", "shop", "state", "timestamp"]);
    expect(params.get("shop")).toBe(ACME.domain);
    expect(params.get("state")).toBe("n0nce");
    expect(params.get("timestamp")).toBe(String(clockMs / 1000));
    expect(Buffer.from(params.get("host") ?? "", "base64url").toString()).toBe("acme.myshopify.com/admin");
    expect(callbackHmacMatches(params, ACME.apiSecret)).toBe(true);
    expect(callbackHmacMatches(params, "wrong")).toBe(false);
  });

  it("exchanges the code once for a non-expiring token that works on GraphQL", async () => {
    const { params } = await authorize(sim, ACME.domain, { scopes: ["read_orders"] });
    const code = params.get("code") ?? "";
    const res = await tokenRequest(sim, { ...client(ACME), code });
    expect(res).toEqual({ status: 200, body: { access_token: expect.any(String), scope: "read_orders" } });
    expect((await gql(sim, res.body.access_token, SHOP_QUERY)).body.data.shop).toEqual({
      name: "acme",
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
    });
    const again = await tokenRequest(sim, { ...client(ACME), code });
    expect(again).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "authorization code was already used" },
    });
  });

  it("gives an expiring token with a refresh token for expiring=1, from a form body", async () => {
    const { params } = await authorize(sim, ACME.domain, { scopes: ["read_orders"] });
    const res = await tokenRequest(
      sim,
      { ...client(ACME), code: params.get("code") ?? "", expiring: "1" },
      { form: true },
    );
    expect(res.body).toEqual({
      access_token: expect.any(String),
      scope: "read_orders",
      expires_in: 3600,
      refresh_token: expect.any(String),
      refresh_token_expires_in: 7_776_000,
    });
  });

  it("gives an online token with its user for grant_options[]=per-user", async () => {
    const { params } = await authorize(sim, ACME.domain, { scopes: ["read_orders"], perUser: true });
    const res = await tokenRequest(sim, { ...client(ACME), code: params.get("code") ?? "" });
    expect(res.body).toMatchObject({
      expires_in: 86_399,
      associated_user_scope: "read_orders",
      associated_user: { account_owner: true },
    });
  });

  it("refuses an expired code, a wrong secret, an unknown client and an unknown grant type", async () => {
    const { params } = await authorize(sim, ACME.domain, { scopes: ["read_orders"] });
    clockMs += 60_000;
    const late = await tokenRequest(sim, { ...client(ACME), code: params.get("code") ?? "" });
    expect(late.body).toEqual({
      error: "invalid_grant",
      error_description: "authorization code has expired",
    });
    const wrongSecret = await tokenRequest(sim, { client_id: "client-acme", client_secret: "x", code: "c" });
    expect(wrongSecret).toEqual({
      status: 401,
      body: { error: "invalid_client", error_description: "Client authentication failed." },
    });
    const unknown = await tokenRequest(sim, { client_id: "nobody", client_secret: "x", code: "c" });
    expect(unknown.status).toBe(401);
    const grant = await tokenRequest(sim, { ...client(ACME), grant_type: "password" });
    expect(grant).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
    const empty = await tokenRequest(sim, { ...client(ACME) });
    expect(empty).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("finds the shop by a configured client id and refuses unknown scopes with 400", async () => {
    const eu = await authorize(sim, EU.domain, { scopes: ["read_orders"] });
    expect(eu.params.get("shop")).toBe(EU.domain);
    expect(callbackHmacMatches(eu.params, EU.apiSecret)).toBe(true);
    const bad = await fetch(
      sim.oauth.authorizeUrl(ACME.domain, {
        scopes: ["read_everything"],
        redirectUri: "https://a.example/cb",
      }),
      { redirect: "manual" },
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: "invalid_scope",
      error_description: "The access scope is invalid: read_everything",
    });
    const noClient = await fetch(
      `${sim.url}/admin/oauth/authorize?client_id=nobody&redirect_uri=https://a.example`,
      {
        redirect: "manual",
      },
    );
    expect(noClient.status).toBe(400);
  });

  it("redirects with error=access_denied when the merchant declines, and grants only a chosen subset", async () => {
    sim.oauth.setDecision(ACME.domain, "decline");
    const declined = await authorize(sim, ACME.domain, { scopes: ["read_orders"], state: "s1" });
    expect(declined.params.get("error")).toBe("access_denied");
    expect(declined.params.get("state")).toBe("s1");
    expect(declined.params.get("code")).toBeNull();
    sim.oauth.setDecision(ACME.domain, { grant: ["read_orders"] });
    const token = await install(sim, ACME, { scopes: ["read_orders", "read_customers"] });
    expect(token.scope).toBe("read_orders");
  });
});

describe("refresh_token grant", () => {
  it("rotates both tokens; the previous refresh token works until the new access token is used", async () => {
    const first = await install(sim, ACME, { scopes: ["read_orders"], expiring: true });
    const refresh = (token: string) =>
      tokenRequest(sim, { ...client(ACME), grant_type: "refresh_token", refresh_token: token });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      expires_in: 3600,
      refresh_token_expires_in: 7_776_000,
      scope: "read_orders",
    });
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    // the app lost that answer: the old refresh token still works
    const third = await refresh(first.refresh_token);
    expect(third.status).toBe(200);
    expect((await gql(sim, third.body.access_token, SHOP_QUERY)).status).toBe(200);
    // the replacement is in use now, so the old refresh token is dead
    expect(await refresh(first.refresh_token)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
    expect(await refresh("shprt_unknown")).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("answers 401 with Shopify's exact body once an access token expires, and a refresh recovers", async () => {
    const token = await install(sim, ACME, { scopes: ["read_orders"], expiring: true });
    expect((await gql(sim, token.access_token, SHOP_QUERY)).status).toBe(200);
    clockMs += 3600_000;
    const expired = await gql(sim, token.access_token, SHOP_QUERY);
    expect(expired.status).toBe(401);
    expect(expired.text).toBe(JSON.stringify(INVALID_TOKEN));
    const restExpired = await rest(sim, token.access_token, "/admin/api/2026-10/orders.json");
    expect(restExpired.status).toBe(401);
    expect(restExpired.body).toEqual(INVALID_TOKEN);
    const renewed = await tokenRequest(sim, {
      ...client(ACME),
      grant_type: "refresh_token",
      refresh_token: token.refresh_token,
    });
    expect((await gql(sim, renewed.body.access_token, SHOP_QUERY)).status).toBe(200);
  });

  it("expires every access token of a shop mid-run on demand", async () => {
    const token = await install(sim, ACME, { scopes: ["read_orders"], expiring: true });
    expect(sim.oauth.expireAccessTokens(ACME.domain)).toBeGreaterThanOrEqual(1);
    expect((await gql(sim, token.access_token, SHOP_QUERY)).status).toBe(401);
    expect((await gql(sim, ACME.accessToken, SHOP_QUERY)).status).toBe(200);
    expect(sim.stats().unauthorized).toBeGreaterThan(0);
  });
});

describe("client_credentials and token exchange", () => {
  it("issues a ~24 h token with the shop's scopes where the shop allows it, else shop_not_permitted", async () => {
    const ok = await tokenRequest(sim, { ...client(ACME), grant_type: "client_credentials" }, { form: true });
    expect(ok).toEqual({
      status: 200,
      body: {
        access_token: expect.any(String),
        scope: expect.stringContaining("read_all_orders"),
        expires_in: 86_399,
      },
    });
    expect(ok.body.refresh_token).toBeUndefined();
    const refused = await tokenRequest(sim, { ...client(EU), grant_type: "client_credentials" });
    expect(refused).toEqual({
      status: 400,
      body: {
        error: "shop_not_permitted",
        error_description: "Client credentials cannot be performed on this shop.",
      },
    });
    expect(sim.stats().tokenRequests.client_credentials).toBe(2);
  });

  it("migrates a non-expiring offline token to an expiring one and revokes the old one", async () => {
    const old = await install(sim, ACME, { scopes: ["read_orders", "read_customers"] });
    const migrated = await tokenRequest(sim, {
      ...client(ACME),
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: old.access_token,
      subject_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      expiring: "1",
    });
    expect(migrated.body).toMatchObject({
      scope: "read_orders,read_customers",
      expires_in: 3600,
      refresh_token: expect.any(String),
    });
    expect((await gql(sim, old.access_token, SHOP_QUERY)).status).toBe(401);
    expect((await gql(sim, migrated.body.access_token, SHOP_QUERY)).status).toBe(200);
    const twice = await tokenRequest(sim, {
      ...client(ACME),
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: old.access_token,
      subject_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      expiring: "1",
    });
    expect(twice).toMatchObject({ status: 400, body: { error: "invalid_subject_token" } });
  });

  it("exchanges an App Bridge session token and refuses one signed with another secret", async () => {
    const exchange = (subject: string) =>
      tokenRequest(sim, {
        ...client(EU),
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: subject,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        expiring: "1",
      });
    const good = await exchange(sim.oauth.sessionToken(EU.domain));
    expect(good.body).toMatchObject({ expires_in: 3600, refresh_token: expect.any(String) });
    const forged = await exchange(
      sim.oauth.sessionToken(ACME.domain, { aud: "eu-app", dest: "https://eu.myshopify.com" }),
    );
    expect(forged).toMatchObject({ status: 400, body: { error: "invalid_subject_token" } });
  });
});

describe("scopes and uninstall", () => {
  it("lists the token's scopes at access_scopes.json and in currentAppInstallation", async () => {
    const token = await install(sim, ACME, { scopes: ["read_orders", "read_products"] });
    const scopes = await rest(sim, token.access_token, "/admin/oauth/access_scopes.json");
    expect(scopes.body).toEqual({ access_scopes: [{ handle: "read_orders" }, { handle: "read_products" }] });
    expect(scopes.headers.get("x-shopify-shop-api-call-limit")).toMatch(/^\d+\/40$/);
    const { body } = await gql(
      sim,
      token.access_token,
      "{ currentAppInstallation { accessScopes { handle } } }",
    );
    expect(body.data.currentAppInstallation.accessScopes).toEqual([
      { handle: "read_orders" },
      { handle: "read_products" },
    ]);
  });

  it("revokes every token of the shop, the static one too, on uninstall", async () => {
    const shop: SimShopConfig = { ...ACME, domain: "gone.myshopify.com", accessToken: "shpat_gone" };
    const local = await startShopifySimulator({ shops: [shop], now: () => clockMs });
    try {
      const token = await install(local, shop, { scopes: ["read_orders"], expiring: true });
      expect(local.oauth.revokeAll(shop.domain)).toEqual({ accessTokens: 2, refreshTokens: 1 });
      expect((await gql(local, token.access_token, SHOP_QUERY)).status).toBe(401);
      expect((await gql(local, shop.accessToken, SHOP_QUERY)).status).toBe(401);
      const refresh = await tokenRequest(local, {
        client_id: local.oauth.clientId(shop.domain),
        client_secret: shop.apiSecret,
        grant_type: "refresh_token",
        refresh_token: token.refresh_token,
      });
      expect(refresh.status).toBe(400);
    } finally {
      await local.close();
    }
  });

  it("keeps a token to its own shop when the Host header names another", async () => {
    const withHost = (token: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          `${sim.url}/admin/api/2026-10/graphql.json`,
          {
            method: "POST",
            headers: { "content-type": "application/json", "x-shopify-access-token": token, host },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify({ query: SHOP_QUERY }));
      });
    expect(await withHost(EU.accessToken, ACME.domain)).toBe(401);
    expect(await withHost(EU.accessToken, EU.domain)).toBe(200);
  });
});
