import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../../lib/logger.js";
import { createFakeClock } from "../fake-clock.test-helper.js";
import type { ShopAccessToken } from "../shop-access-token.js";
import { createInstallFlow, type InstallableTenant } from "./install-flow.js";
import { signOAuthQuery, verifyOAuthQuery } from "./oauth-query-hmac.js";
import type { GrantedToken } from "./token-endpoint.js";

const SECRET = "hush-client-secret";
const SHOP = "acme.myshopify.com";

function signed(query: Record<string, string>, secret = SECRET) {
  return { ...query, hmac: signOAuthQuery(query, secret) };
}

describe("verifyOAuthQuery", () => {
  const now = Date.UTC(2026, 10, 27, 12);
  const base = {
    shop: SHOP,
    timestamp: String(now / 1000),
    host: "YWNtZS5teXNob3BpZnkuY29tL2FkbWlu",
    code: "c 1&x",
  };

  it("accepts Shopify's hex HMAC over the sorted query, under either secret of a rotation", () => {
    expect(verifyOAuthQuery(signed(base), [SECRET], now)).toEqual({ ok: true, shop: SHOP });
    expect(verifyOAuthQuery(signed(base, "old"), [SECRET, "old"], now)).toMatchObject({ ok: true });
  });

  it("refuses a changed parameter, a wrong secret, a foreign host and a stale timestamp", () => {
    expect(verifyOAuthQuery({ ...signed(base), code: "other" }, [SECRET], now)).toMatchObject({ ok: false });
    expect(verifyOAuthQuery(signed(base, "wrong"), [SECRET], now)).toMatchObject({
      reason: "hmac does not match",
    });
    expect(verifyOAuthQuery(signed({ ...base, shop: "evil.example.com" }), [SECRET], now)).toMatchObject({
      ok: false,
    });
    expect(verifyOAuthQuery(signed(base), [SECRET], now + 91_000)).toMatchObject({ reason: /timestamp/ });
    expect(verifyOAuthQuery({ ...base }, [SECRET], now)).toMatchObject({ reason: /hmac/ });
  });

  it("ignores a `signature` parameter and signs repeated keys in order", () => {
    const query = signed({ ...base, "ids[]": "1" });
    expect(verifyOAuthQuery({ ...query, signature: "x" }, [SECRET], now)).toMatchObject({ ok: true });
  });
});

function setup() {
  const fake = createFakeClock();
  const states = new Map<string, { tenantId: string; shopDomain: string; expiresAt: Date }>();
  const installed: GrantedToken[] = [];
  const exchanged: { code: string; expiring: boolean }[] = [];
  const tenant: InstallableTenant = {
    tenantId: "acme",
    shopDomain: SHOP,
    clientId: "client-acme",
    clientSecrets: [SECRET],
    redirectUrl: "https://connector.example.com/shopify/callback",
    adminUrl: `https://${SHOP}`,
    expiringTokens: true,
    endpoint: {
      exchangeCode: async (code, { expiring }) => {
        exchanged.push({ code, expiring });
        return {
          accessToken: "a",
          scopes: ["read_orders", "read_customers"],
          expiresAt: null,
          refreshToken: "r",
          refreshExpiresAt: null,
        };
      },
      refresh: async () => {
        throw new Error("unused");
      },
      clientCredentials: async () => {
        throw new Error("unused");
      },
      migrateToExpiring: async () => {
        throw new Error("unused");
      },
    },
    token: {
      install: async (grant: GrantedToken) => {
        installed.push(grant);
        return {
          tenantId: "acme",
          shopDomain: SHOP,
          status: "installed",
          grantType: "authorization-code",
          scopes: grant.scopes,
          accessExpiresAt: null,
          refreshExpiresAt: null,
          installedAt: fake.clock.now(),
          uninstalledAt: null,
        };
      },
    } as unknown as ShopAccessToken,
  };
  const flow = createInstallFlow({
    tenantById: (id) => (id === "acme" ? tenant : undefined),
    tenantByShop: (shop) => (shop === SHOP ? tenant : undefined),
    states: {
      saveState: async (s) => {
        states.set(s.nonce, s);
      },
      takeState: async (nonce, now) => {
        const s = states.get(nonce);
        states.delete(nonce);
        return s && s.expiresAt > now ? { tenantId: s.tenantId, shopDomain: s.shopDomain } : undefined;
      },
    },
    clock: fake.clock,
    log: createSilentLogger(),
  });
  const timestamp = () => String(Math.floor(fake.clock.now().getTime() / 1000));
  return { flow, fake, installed, exchanged, timestamp };
}

describe("createInstallFlow", () => {
  it("sends the merchant to authorize with the six scopes and a one-time state, then stores the token", async () => {
    const { flow, installed, exchanged, timestamp } = setup();
    const opened = await flow.appOpened(signed({ shop: SHOP, timestamp: timestamp() }));
    expect(opened.kind).toBe("redirect");
    const url = new URL((opened as { url: string }).url);
    expect(url.origin + url.pathname).toBe(`https://${SHOP}/admin/oauth/authorize`);
    expect(url.searchParams.get("client_id")).toBe("client-acme");
    expect(url.searchParams.get("scope")).toBe(
      "read_orders,read_all_orders,read_customers,read_products,read_locations,read_shopify_payments_payouts",
    );
    expect(url.searchParams.get("redirect_uri")).toBe("https://connector.example.com/shopify/callback");
    const state = url.searchParams.get("state") ?? "";
    expect(state).toMatch(/^[0-9a-f]{48}$/);

    const back = signed({ shop: SHOP, code: "abc", state, timestamp: timestamp(), host: "x" });
    const answer = await flow.callback(back);
    expect(answer).toMatchObject({
      kind: "installed",
      tenantId: "acme",
      missingScopes: ["read_all_orders", "read_products", "read_locations", "read_shopify_payments_payouts"],
    });
    expect(exchanged).toEqual([{ code: "abc", expiring: true }]);
    expect(installed).toHaveLength(1);
    // The same state cannot be replayed.
    expect(await flow.callback(back)).toMatchObject({ kind: "refused", status: 403 });
  });

  it("refuses a forged callback, an unknown shop and an expired state", async () => {
    const { flow, fake, installed, timestamp } = setup();
    const url = new URL(await flow.begin("acme"));
    const state = url.searchParams.get("state") ?? "";
    expect(
      await flow.callback({
        ...signed({ shop: SHOP, code: "abc", state, timestamp: timestamp() }),
        code: "forged",
      }),
    ).toMatchObject({ status: 401 });
    expect(
      await flow.callback(
        signed({ shop: "other.myshopify.com", code: "abc", state, timestamp: timestamp() }),
      ),
    ).toMatchObject({ status: 404 });
    fake.advance(601_000);
    expect(
      await flow.callback(signed({ shop: SHOP, code: "abc", state, timestamp: timestamp() })),
    ).toMatchObject({ status: 403 });
    expect(installed).toHaveLength(0);
  });
});
