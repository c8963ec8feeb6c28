import { beforeEach, describe, expect, it } from "vitest";
import { createTokenRegistry, type TokenRegistry } from "./token-registry.js";

const SHOP = "acme.myshopify.com";
const DAY_MS = 86_400_000;
let nowMs: number;
let tokens: TokenRegistry;

beforeEach(() => {
  nowMs = Date.parse("2026-11-27T12:00:00Z");
  tokens = createTokenRegistry({ nowMs: () => nowMs });
});

function refreshOrThrow(token: string) {
  const outcome = tokens.refresh(SHOP, token);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.grant;
}

describe("token registry", () => {
  it("expires an expiring offline token after 3600 s and its refresh token after 90 days", () => {
    const { access, refresh } = tokens.issue(SHOP, "offline-expiring", ["read_orders"]);
    nowMs += 3_599_000;
    expect(tokens.authenticate(access.token)).toBeDefined();
    nowMs += 1000;
    expect(tokens.authenticate(access.token)).toBeUndefined();
    nowMs += 90 * DAY_MS;
    expect(tokens.refresh(SHOP, refresh?.token ?? "")).toMatchObject({ ok: false });
  });

  it("rotates on refresh and keeps the used refresh token until the new access token is first used", () => {
    const first = tokens.issue(SHOP, "offline-expiring", ["read_orders"]);
    const oldRefresh = first.refresh?.token ?? "";
    const second = refreshOrThrow(oldRefresh);
    expect(second.refresh?.token).not.toBe(oldRefresh);
    // the response was lost: the old refresh token still works, and retires the lost pair
    const third = refreshOrThrow(oldRefresh);
    expect(tokens.authenticate(second.access.token)).toBeUndefined();
    expect(tokens.refresh(SHOP, second.refresh?.token ?? "")).toMatchObject({ ok: false });
    expect(tokens.authenticate(third.access.token)).toBeDefined();
    expect(tokens.refresh(SHOP, oldRefresh)).toEqual({
      ok: false,
      reason: "refresh token was revoked or already replaced",
    });
  });

  it("retires the used refresh token when its replacement refresh token is used", () => {
    const first = tokens.issue(SHOP, "offline-expiring", ["read_orders"]);
    const second = refreshOrThrow(first.refresh?.token ?? "");
    refreshOrThrow(second.refresh?.token ?? "");
    expect(tokens.refresh(SHOP, first.refresh?.token ?? "")).toMatchObject({ ok: false });
  });

  it("ends the grace of a used refresh token 30 days after its first use", () => {
    const first = tokens.issue(SHOP, "offline-expiring", ["read_orders"]);
    refreshOrThrow(first.refresh?.token ?? "");
    nowMs += 30 * DAY_MS - 1000;
    refreshOrThrow(first.refresh?.token ?? "");
    nowMs += 1000;
    expect(tokens.refresh(SHOP, first.refresh?.token ?? "")).toEqual({
      ok: false,
      reason: "refresh token has expired",
    });
  });

  it("leaves earlier access tokens valid after a refresh, until they expire", () => {
    const first = tokens.issue(SHOP, "offline-expiring", ["read_orders"]);
    refreshOrThrow(first.refresh?.token ?? "");
    expect(tokens.authenticate(first.access.token)).toBeDefined();
  });

  it("expires every expiring token of the shop on demand, and leaves static and non-expiring ones", () => {
    tokens.addStatic(SHOP, "static-tok", ["read_orders"]);
    const offline = tokens.issue(SHOP, "offline", ["read_orders"]);
    const expiring = tokens.issue(SHOP, "offline-expiring", ["read_orders"]);
    const cc = tokens.issue(SHOP, "client-credentials", ["read_orders"]);
    const other = tokens.issue("other.myshopify.com", "offline-expiring", ["read_orders"]);
    expect(tokens.expireAccessTokens(SHOP)).toBe(2);
    expect(tokens.authenticate(expiring.access.token)).toBeUndefined();
    expect(tokens.authenticate(cc.access.token)).toBeUndefined();
    expect(tokens.authenticate("static-tok")).toBeDefined();
    expect(tokens.authenticate(offline.access.token)).toBeDefined();
    expect(tokens.authenticate(other.access.token)).toBeDefined();
    // the refresh token still works: that is how a client recovers
    expect(tokens.refresh(SHOP, expiring.refresh?.token ?? "")).toMatchObject({ ok: true });
  });

  it("revokes everything of a shop on uninstall, codes included", () => {
    tokens.addStatic(SHOP, "static-tok", ["read_orders"]);
    const expiring = tokens.issue(SHOP, "offline-expiring", ["read_orders"]);
    const code = tokens.issueCode(SHOP, ["read_orders"], false);
    expect(tokens.revokeAll(SHOP)).toEqual({ accessTokens: 2, refreshTokens: 1 });
    expect(tokens.authenticate("static-tok")).toBeUndefined();
    expect(tokens.refresh(SHOP, expiring.refresh?.token ?? "")).toMatchObject({ ok: false });
    expect(tokens.redeemCode(SHOP, code)).toMatchObject({ ok: false });
  });

  it("redeems an authorization code once, within 60 s", () => {
    const code = tokens.issueCode(SHOP, ["read_orders"], false);
    expect(tokens.redeemCode(SHOP, code)).toEqual({ ok: true, scopes: ["read_orders"], perUser: false });
    expect(tokens.redeemCode(SHOP, code)).toEqual({
      ok: false,
      reason: "authorization code was already used",
    });
    const late = tokens.issueCode(SHOP, ["read_orders"], false);
    nowMs += 60_000;
    expect(tokens.redeemCode(SHOP, late)).toEqual({ ok: false, reason: "authorization code has expired" });
  });
});
