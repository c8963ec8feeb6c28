import { describe, expect, it } from "vitest";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createSilentLogger } from "../lib/logger.js";
import type { ShopInstallation } from "../pipeline/installation-store.js";
import { createFakeClock } from "./fake-clock.test-helper.js";
import type { GrantedToken, TokenEndpoint } from "./oauth/token-endpoint.js";
import { createShopAccessToken } from "./shop-access-token.js";
import type { ShopTokenStore, ShopTokens } from "./shop-token-store.js";

const HOUR = 3_600_000;

function memoryStore(): ShopTokenStore & {
  saved: number;
  value?: { installation: ShopInstallation; tokens: ShopTokens };
} {
  const store = {
    saved: 0,
    value: undefined as { installation: ShopInstallation; tokens: ShopTokens } | undefined,
    load: async () => store.value,
    save: async (installation: ShopInstallation, tokens: ShopTokens) => {
      store.saved++;
      store.value = { installation, tokens };
    },
  };
  return store;
}

function rotatingEndpoint(now: () => Date) {
  let n = 0;
  const calls: string[] = [];
  const grant = (ttlMs: number, refresh: boolean): GrantedToken => {
    n++;
    return {
      accessToken: `access-${n}`,
      scopes: ["read_orders"],
      expiresAt: new Date(now().getTime() + ttlMs),
      refreshToken: refresh ? `refresh-${n}` : null,
      refreshExpiresAt: refresh ? new Date(now().getTime() + 90 * 24 * HOUR) : null,
    };
  };
  const endpoint: TokenEndpoint = {
    exchangeCode: async () => grant(HOUR, true),
    refresh: async (token) => {
      calls.push(`refresh ${token}`);
      return grant(HOUR, true);
    },
    clientCredentials: async () => {
      calls.push("client_credentials");
      return grant(24 * HOUR, false);
    },
    migrateToExpiring: async () => grant(HOUR, true),
  };
  return { endpoint, calls };
}

function provider(
  grantType: "authorization-code" | "client-credentials" | "static",
  configuredToken?: string,
) {
  const fake = createFakeClock();
  const store = memoryStore();
  const { endpoint, calls } = rotatingEndpoint(() => fake.clock.now());
  const token = createShopAccessToken({
    tenantId: "acme",
    shopDomain: "acme.myshopify.com",
    grantType,
    configuredToken,
    store,
    endpoint: grantType === "static" ? undefined : endpoint,
    refreshBeforeMs: 300_000,
    clock: fake.clock,
    log: createSilentLogger(),
  });
  return { token, store, calls, fake, endpoint };
}

describe("createShopAccessToken", () => {
  it("authorization code: refreshes ahead of expiry, once for concurrent callers, storing both rotated tokens", async () => {
    const { token, store, calls, fake, endpoint } = provider("authorization-code");
    await token.install(await endpoint.exchangeCode("code", { expiring: true }), "authorization-code");
    expect(await token.current()).toBe("access-1");
    fake.advance(HOUR - 400_000);
    expect(await token.current()).toBe("access-1");
    fake.advance(200_000); // now inside the 5-minute margin
    const [a, b, c] = await Promise.all([token.current(), token.current(), token.current()]);
    expect([a, b, c]).toEqual(["access-2", "access-2", "access-2"]);
    expect(calls).toEqual(["refresh refresh-1"]);
    expect(store.value?.tokens).toEqual({ accessToken: "access-2", refreshToken: "refresh-2" });
    expect(store.value?.installation.accessExpiresAt).toEqual(new Date(fake.clock.now().getTime() + HOUR));
  });

  it("after a 401 takes the token another instance stored, else refreshes", async () => {
    const { token, store, calls, endpoint } = provider("authorization-code");
    await token.install(await endpoint.exchangeCode("code", { expiring: true }), "authorization-code");
    const other = {
      ...store.value!,
      tokens: { accessToken: "access-from-other", refreshToken: "refresh-other" },
    };
    store.value = other;
    expect(await token.replaceRejected("access-1")).toBe(true);
    expect(await token.current()).toBe("access-from-other");
    expect(calls).toEqual([]);
    expect(await token.replaceRejected("access-from-other")).toBe(true);
    expect(calls).toEqual(["refresh refresh-other"]);
    expect(await token.current()).toBe("access-2");
  });

  it("a due refresh takes the pair another instance rotated meanwhile instead of refreshing again", async () => {
    const { token, store, calls, endpoint, fake } = provider("authorization-code");
    await token.install(await endpoint.exchangeCode("code", { expiring: true }), "authorization-code");
    fake.advance(HOUR - 100_000); // due here
    store.value = {
      installation: {
        ...store.value!.installation,
        accessExpiresAt: new Date(fake.clock.now().getTime() + HOUR),
      },
      tokens: { accessToken: "access-other", refreshToken: "refresh-other" },
    };
    expect(await token.current()).toBe("access-other");
    expect(calls).toEqual([]);
  });

  it("a refused refresh asks the operator to connect again", async () => {
    const { token, endpoint, fake } = provider("authorization-code");
    await token.install(await endpoint.exchangeCode("code", { expiring: true }), "authorization-code");
    endpoint.refresh = async () => {
      throw new ConnectorError("MLC_SHOPIFY_OAUTH", "Shopify refused the refresh grant (invalid_grant)");
    };
    fake.advance(HOUR);
    await expect(token.current()).rejects.toThrow(/shopify connect --tenant acme/);
  });

  it("client credentials: fetched on first use and again before the ~24 h expiry", async () => {
    const { token, calls, fake, store } = provider("client-credentials");
    expect(await token.current()).toBe("access-1");
    fake.advance(24 * HOUR - 200_000);
    expect(await token.current()).toBe("access-2");
    expect(calls).toEqual(["client_credentials", "client_credentials"]);
    expect(store.value?.installation.grantType).toBe("client-credentials");
  });

  it("static: the configured token, never refreshed; a 401 cannot be repaired", async () => {
    const { token, store } = provider("static", "shpat_static");
    expect(await token.current()).toBe("shpat_static");
    expect(await token.replaceRejected("shpat_static")).toBe(false);
    expect(store.saved).toBe(0);
  });

  it("refuses to work for an uninstalled shop or one never connected", async () => {
    const { token, store, endpoint } = provider("authorization-code");
    await expect(token.current()).rejects.toMatchObject({ code: "MLC_SHOPIFY_NOT_CONNECTED" });
    await token.install(await endpoint.exchangeCode("code", { expiring: true }), "authorization-code");
    store.value = { ...store.value!, installation: { ...store.value!.installation, status: "uninstalled" } };
    token.forget();
    await expect(token.current()).rejects.toMatchObject({ code: "MLC_SHOPIFY_UNINSTALLED" });
  });
});
