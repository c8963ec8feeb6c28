import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { type E2E, E2E_SHOP, startE2E } from "../support/e2e-harness.js";
import { connectByInstall, tenantHealth as health, until, writeConfigFile } from "../support/e2e-steps.js";
import { exactlyOnceProblems, generateOrders, sleep, untilDocumentsDone } from "../support/exactly-once.js";
import { runCli } from "../support/run-cli.js";

const CLIENT_ID = "e2e-client";

/** The sealed rows of the secrets table, read directly: never the token in clear. */
function sealedSecrets(e2e: E2E): { name: string; key_id: string; sealed: string }[] {
  const db = new BetterSqlite3(e2e.databaseFile, { readonly: true });
  try {
    return db.prepare("SELECT name, key_id, sealed FROM secrets ORDER BY name").all() as {
      name: string;
      key_id: string;
      sealed: string;
    }[];
  } finally {
    db.close();
  }
}

describe("Shopify grants end to end (e2e)", { timeout: 240_000 }, () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("authorization code: install through `shopify connect`, then an expiring token refreshed and recovered mid-run", async () => {
    e2e = await startE2E({
      shop: { clientId: CLIENT_ID },
      shopifySimulator: { tokenLifetimes: { accessTokenSeconds: 4 } },
      shopifyConfig: {
        auth: { grant: "authorization-code", clientId: CLIENT_ID, refreshBeforeExpirySeconds: 1 },
      },
    });
    // Not installed yet: the service runs, not ready, and says why.
    await until(async () => (await health(e2e)).shopifyProblem !== null, 10_000, "the not-connected problem");
    expect((await health(e2e)).shopifyProblem).toMatch(/MLC_SHOPIFY_NOT_CONNECTED/);
    // JDE's side does not wait for the shop: its reference data and posting path are read already.
    expect(await health(e2e)).toMatchObject({
      ready: false,
      jdeProblem: null,
      postingPath: expect.any(String),
    });

    // The operator runs `shopify connect`; the merchant opens the URL it prints and approves.
    const { cli: connected, callbackUrl, callback } = await connectByInstall(e2e, writeConfigFile(e2e));
    expect(callbackUrl.startsWith(`${e2e.url}/shopify/callback?`)).toBe(true);
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain(`connected to ${E2E_SHOP}`);
    // Shopify's redirect carries a one-time state: a replay is refused.
    expect((await fetch(callbackUrl)).status).toBe(403);

    expect(connected.code, connected.stderr).toBe(0);
    const summary = JSON.parse(connected.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({
      tenant: e2e.tenantId,
      shop: E2E_SHOP,
      grant: "authorization-code",
      missingScopes: [],
    });
    expect(summary.accessExpiresAt).not.toBeNull();

    await until(async () => (await health(e2e)).ready, 30_000, "the tenant to become ready");
    const first = generateOrders(e2e, 40, 501);
    await untilDocumentsDone(e2e, 20);
    // Shopify expires the token before its time (a revocation): the next call gets a 401.
    expect(e2e.shopify.oauth.expireAccessTokens(E2E_SHOP)).toBeGreaterThan(0);
    const second = generateOrders(e2e, 40, 502);
    await sleep(4_500); // past the 4 s lifetime: refreshed ahead of expiry
    const third = generateOrders(e2e, 40, 503);
    const orders = [...first, ...second, ...third];
    await e2e.waitForPosting(orders, 120_000);

    const stats = e2e.shopify.stats();
    expect(stats.tokenRequests.authorization_code).toBe(1);
    expect(stats.tokenRequests.refresh_token).toBeGreaterThanOrEqual(2);
    expect(stats.unauthorized).toBeGreaterThanOrEqual(1);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);

    // Both tokens are sealed in the store, and the current ones are the simulator's newest.
    const rows = sealedSecrets(e2e);
    expect(rows.map((r) => r.name)).toEqual(["shopify.accessToken", "shopify.refreshToken"]);
    const live = e2e.shopify.oauth.tokens(E2E_SHOP).map((t) => t.token);
    for (const row of rows) {
      expect(row.sealed).toMatch(/^v1\./);
      for (const token of live) expect(row.sealed).not.toContain(token);
    }
    const newest = e2e.shopify.oauth
      .tokens(E2E_SHOP)
      .filter((t) => !t.revoked)
      .sort((a, b) => b.issuedAtMs - a.issuedAtMs)[0]!.token;
    expect(await e2e.connector.secrets.get(e2e.tenantId, "shopify.accessToken")).toBe(newest);
    expect(e2e.shopify.oauth.refreshTokens(E2E_SHOP)).toContain(
      await e2e.connector.secrets.get(e2e.tenantId, "shopify.refreshToken"),
    );
  });

  it("client credentials: the token is requested on its own and used for the run", async () => {
    e2e = await startE2E({
      shop: { clientId: CLIENT_ID, clientCredentials: true },
      shopifyConfig: { auth: { grant: "client-credentials", clientId: CLIENT_ID } },
    });
    await until(async () => (await health(e2e)).ready, 30_000, "the tenant to become ready");
    const orders = generateOrders(e2e, 30, 511);
    await e2e.waitForPosting(orders, 60_000);
    expect(e2e.shopify.stats().tokenRequests.client_credentials).toBe(1);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });

  it("static token of an older custom app: stored sealed by `shopify connect --token-stdin`", async () => {
    e2e = await startE2E();
    const connected = await runCli(
      [
        "shopify",
        "connect",
        "--tenant",
        e2e.tenantId,
        "--token-stdin",
        "--json",
        "-c",
        writeConfigFile(e2e, (config) => delete config.tenants[0]!.shopify.accessToken),
      ],
      {
        input: "shpat_e2e_token\n",
        timeoutMs: 60_000,
      },
    );
    expect(connected.code, connected.stderr).toBe(0);
    expect(JSON.parse(connected.stdout.trim())).toMatchObject({ grant: "static", accessExpiresAt: null });
    const rows = sealedSecrets(e2e);
    expect(rows.map((r) => r.name)).toEqual(["shopify.accessToken"]);
    expect(rows[0]!.sealed).not.toContain("shpat_e2e_token");
    // …and it is the token given: the running service's vault opens it.
    expect(await e2e.connector.secrets.get(e2e.tenantId, "shopify.accessToken")).toBe("shpat_e2e_token");
  });
});
