import { afterEach, describe, expect, it } from "vitest";
import { connectShop } from "../../src/compose/shopify-connect.js";
import { parseConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";
import { type E2E, E2E_SHOP, startE2E } from "../support/e2e-harness.js";
import { until } from "../support/e2e-steps.js";
import { exactlyOnceProblems, generateOrders } from "../support/exactly-once.js";

const CLIENT_ID = "e2e-reconnect-client";
const REFUSED = "MLC_SHOPIFY_UNAUTHORIZED";

interface TenantHealth {
  ready: boolean;
  jdeProblem: string | null;
  shopifyProblem: string | null;
}

async function health(e2e: E2E): Promise<TenantHealth> {
  const body = (await (await fetch(`${e2e.url}/healthz`)).json()) as { detail: { tenants: TenantHealth[] } };
  return body.detail.tenants[0]!;
}

async function parkedWith(e2e: E2E, code: string): Promise<string[]> {
  const parked = await e2e.connector.store.jobs.list({ status: "parked", tenantId: e2e.tenantId });
  return parked.filter((j) => j.parkCode === code).map((j) => j.key);
}

/**
 * The merchant makes a new Admin API token in the shop's admin. The simulator has no knob for a second
 * static token, so a client-credentials token stands in for it: to the connector it is just a token.
 */
async function newAdminToken(e2e: E2E): Promise<string> {
  const answer = await fetch(`${e2e.shopify.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_id: CLIENT_ID,
      client_secret: e2e.secret,
      grant_type: "client_credentials",
    }),
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { access_token: string }).access_token;
}

describe("Shopify access restored without the OAuth callback (e2e)", { timeout: 60_000 }, () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e?.stop();
  });

  it("a revoked token parks the orders and shows on /healthz beside a JDE outage; `shopify connect` with a new token resumes them, each posted once", async () => {
    e2e = await startE2E({
      shop: { clientId: CLIENT_ID, clientCredentials: true },
      jdeConfig: { referenceRefreshMs: 1000, circuitBreaker: { failures: 2, maxOpenMs: 1000 } },
    });
    await until(async () => (await health(e2e)).ready, 10_000, "the tenant to become ready");
    const before = generateOrders(e2e, 5, 601);
    await e2e.waitForPosting(before, 10_000);

    // The merchant revokes the app's static token in the admin: the app stays installed, webhooks come.
    expect(e2e.shopify.oauth.revokeAll(E2E_SHOP).accessTokens).toBeGreaterThan(0);
    const during = generateOrders(e2e, 8, 602);
    await until(
      async () => (await parkedWith(e2e, REFUSED)).length === during.length,
      10_000,
      `every new order's job to park with ${REFUSED}`,
    );
    await until(
      async () => (await health(e2e)).shopifyProblem?.startsWith(REFUSED) === true,
      5_000,
      "/healthz to show the refused token",
    );
    expect(await health(e2e)).toMatchObject({ ready: true, jdeProblem: null });

    // The shop is read again and again while the token is refused; the parked jobs stay parked.
    const refused = e2e.shopify.stats().unauthorized;
    await until(() => e2e.shopify.stats().unauthorized >= refused + 2, 5_000, "two more refused shop reads");
    expect((await parkedWith(e2e, REFUSED)).sort()).toEqual([...during].sort());

    // JDE goes down as well: /healthz shows both problems at once, and JDE's clears on its own.
    await e2e.jde.control.setDown(true, "503");
    await until(async () => (await health(e2e)).jdeProblem !== null, 5_000, "/healthz to show JDE down");
    const both = await health(e2e);
    expect(both.jdeProblem).toMatch(/^MLC_AIS_/);
    expect(both.shopifyProblem).toMatch(new RegExp(`^${REFUSED}`));
    await e2e.jde.control.setDown(false, "503");
    await until(async () => (await health(e2e)).jdeProblem === null, 5_000, "JDE's problem to clear");

    // The operator stores a new token with `shopify connect --token-stdin`: what that command runs, on a
    // store connection and vault of its own, as its process would (shopify-grants runs the CLI itself).
    const connected = await connectShop({
      config: parseConfig(e2e.configInput),
      tenantId: e2e.tenantId,
      staticToken: await newAdminToken(e2e),
      clock: systemClock,
      log: createLogger({ level: "silent" }),
    });
    expect(connected).toMatchObject({ grant: "static", shop: E2E_SHOP });

    // No OAuth callback: the running service finds the stored token on its next read of the shop.
    await until(async () => (await health(e2e)).shopifyProblem === null, 5_000, "/healthz to clear");
    const orders = [...before, ...during];
    await e2e.waitForPosting(orders, 10_000);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
    expect(e2e.shopify.stats().tokenRequests.authorization_code).toBe(0);
  });
});
