import { describe, expect, it } from "vitest";
import { SHOPIFY_SCOPES } from "../config/config-schema.js";
import type { ChecklistItem } from "../lib/checklist.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { GRANTED_SCOPES_QUERY } from "./granted-scopes-query.js";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { SHOP_FACTS_QUERY } from "./shop-facts.js";
import { runShopifyChecklist, type ShopifyChecklistInput, type ShopTokenState } from "./shopify-checklist.js";
import { CORE_WEBHOOK_TOPICS, topicEnum, WEBHOOK_SUBSCRIPTIONS_QUERY } from "./webhook-subscriptions.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const PUBLIC_URL = "https://connector.acme.example";
const ALL_SCOPES = [...SHOPIFY_SCOPES];

interface Answers {
  shop?: { myshopifyDomain: string; currencyCode: string; ianaTimezone: string } | Error;
  scopes?: string[] | Error;
  topics?: readonly string[] | Error;
}

/** Answers the three documents the checklist sends, as Shopify would shape them. */
function fakeClient(answers: Answers = {}): ShopifyGraphqlClient {
  const shop = answers.shop ?? {
    myshopifyDomain: "acme.myshopify.com",
    currencyCode: "USD",
    ianaTimezone: "America/Chicago",
  };
  const scopes = answers.scopes ?? ALL_SCOPES;
  const topics = answers.topics ?? CORE_WEBHOOK_TOPICS;
  const data = (document: string): unknown => {
    if (document === SHOP_FACTS_QUERY) return shop instanceof Error ? shop : { shop };
    if (document === GRANTED_SCOPES_QUERY)
      return scopes instanceof Error
        ? scopes
        : { currentAppInstallation: { accessScopes: scopes.map((handle) => ({ handle })) } };
    if (document === WEBHOOK_SUBSCRIPTIONS_QUERY) {
      if (topics instanceof Error) return topics;
      const nodes = topics.map((topic, i) => ({
        id: `gid://shopify/WebhookSubscription/${i}`,
        topic: topicEnum(topic),
        uri: `${PUBLIC_URL}/webhooks/shopify`,
        format: "JSON",
      }));
      return { webhookSubscriptions: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } };
    }
    throw new Error(`unexpected document ${document}`);
  };
  return {
    async query(document, _variables, schema) {
      const answer = data(document);
      if (answer instanceof Error) throw answer;
      return { data: schema.parse(answer), cost: null };
    },
    close: async () => undefined,
  };
}

const STATIC_STATE: ShopTokenState = {
  grant: "static",
  accessExpiresAt: null,
  refreshExpiresAt: null,
  hasRefreshToken: false,
  canRenew: false,
  refreshBeforeSeconds: 300,
};

function makeInput(overrides: Partial<ShopifyChecklistInput> = {}): ShopifyChecklistInput {
  return {
    tenantId: "acme",
    shop: "acme.myshopify.com",
    adminUrl: "https://acme.myshopify.com",
    apiVersion: "2026-10",
    client: fakeClient(),
    accessToken: async () => "token-value",
    probe: async () => ({
      status: 200,
      servedVersion: "2026-10",
      bucket: { maximumAvailable: 2000, restoreRate: 100 },
    }),
    tokenState: async () => STATIC_STATE,
    webhooks: { managed: true, publicUrl: PUBLIC_URL, schedule: "17 * * * *" },
    jdeCompany: "00100",
    jdeCurrency: async () => "USD",
    now: NOW,
    ...overrides,
  };
}

async function run(overrides: Partial<ShopifyChecklistInput> = {}) {
  const checklist = await runShopifyChecklist(makeInput(overrides));
  const byId = (id: string): ChecklistItem => {
    const item = checklist.items.find((candidate) => candidate.id === id);
    if (!item) throw new Error(`no item ${id}`);
    return item;
  };
  return { ...checklist, byId, statuses: checklist.items.map((item) => `${item.id}:${item.status}`) };
}

describe("runShopifyChecklist", () => {
  it("passes every item and reports the shop's facts", async () => {
    const { statuses, facts, byId } = await run();
    expect(statuses).toEqual([
      "shop-reachable:ok",
      "token-valid:ok",
      "scopes-granted:ok",
      "api-version:ok",
      "webhook-subscriptions:ok",
      "shop-currency:ok",
    ]);
    expect(facts).toEqual({
      shopDomain: "acme.myshopify.com",
      currency: "USD",
      timezone: "America/Chicago",
      bucket: { maximumAvailable: 2000, restoreRate: 100 },
      grantedScopes: ALL_SCOPES,
      missingScopes: [],
      token: { grant: "static", expiresAt: null, refreshTokenExpiresAt: null },
      apiVersion: {
        configured: "2026-10",
        served: "2026-10",
        supported: ["2026-01", "2026-04", "2026-07", "2026-10"],
      },
      webhookSubscriptions: { uri: `${PUBLIC_URL}/webhooks/shopify`, missing: [] },
    });
    expect(byId("token-valid").detail).toBe(
      "the shop answered as acme.myshopify.com; static token of a custom app, does not expire",
    );
    expect(byId("shop-reachable").detail).toContain("cost bucket 2000 points, 100 restored per s");
  });

  it("never puts the token into an item", async () => {
    const { items } = await run();
    expect(JSON.stringify(items)).not.toContain("token-value");
  });

  it.each([
    [
      ["read_orders", "read_all_orders", "read_products", "read_locations", "read_shopify_payments_payouts"],
      "warning",
      "read_customers (orders are posted without customer detail)",
    ],
    [
      ["read_orders", "read_customers", "read_products", "read_locations"],
      "warning",
      "read_all_orders (only the last 60 days of orders are visible (backfills beyond that miss orders)); read_shopify_payments_payouts (payouts cannot be reconciled)",
    ],
    [
      [
        "read_all_orders",
        "read_customers",
        "read_products",
        "read_locations",
        "read_shopify_payments_payouts",
      ],
      "failed",
      "read_orders (no order can be read: nothing will be posted)",
    ],
    [
      [
        "write_orders",
        "read_all_orders",
        "read_customers",
        "read_products",
        "read_locations",
        "read_shopify_payments_payouts",
      ],
      "ok",
      "all 6 the connector asks for",
    ],
  ])("with scopes %j the scope item is %s and names %s", async (scopes, status, detail) => {
    const { byId } = await run({ client: fakeClient({ scopes }) });
    expect(byId("scopes-granted")).toMatchObject({ status, detail: expect.stringContaining(detail) });
  });

  it("tells a static-token tenant to reinstall the custom app for missing scopes", async () => {
    const { byId } = await run({ client: fakeClient({ scopes: ["read_orders"] }) });
    expect(byId("scopes-granted").hint).toContain("ml-connector shopify connect --tenant acme --token-stdin");
    expect(byId("scopes-granted").hint).toContain("Shopify's approval for read_all_orders");
  });

  it("fails reachability on a transport failure, with a hint, and skips what needs the shop", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const probe = async () => {
      throw new ConnectorError("MLC_SHOPIFY_HTTP", "no answer from https://acme.myshopify.com/…", {
        cause: refused,
      });
    };
    const { statuses, byId } = await run({ probe });
    expect(statuses).toEqual([
      "shop-reachable:failed",
      "token-valid:skipped",
      "scopes-granted:skipped",
      "api-version:ok",
      "webhook-subscriptions:skipped",
      "shop-currency:skipped",
    ]);
    expect(byId("shop-reachable")).toMatchObject({
      detail: "MLC_SHOPIFY_HTTP: no answer from https://acme.myshopify.com/… (ECONNREFUSED)",
      hint: expect.stringContaining("nothing accepts connections at https://acme.myshopify.com"),
    });
  });

  it("fails reachability when no shop lives at the address", async () => {
    const { byId } = await run({
      probe: async () => ({ status: 404, servedVersion: undefined, bucket: undefined }),
    });
    expect(byId("shop-reachable")).toMatchObject({
      status: "failed",
      hint: expect.stringContaining("shopify.shop"),
    });
  });

  it("fails the token Shopify refuses, with the connect hint, and skips what needs it", async () => {
    const refused = new ConnectorError("MLC_SHOPIFY_UNAUTHORIZED", "Shopify refused the access token (401)");
    const { statuses, byId } = await run({
      client: fakeClient({ shop: refused }),
      probe: async () => ({ status: 401, servedVersion: undefined, bucket: undefined }),
    });
    expect(statuses).toEqual([
      "shop-reachable:ok",
      "token-valid:failed",
      "scopes-granted:skipped",
      "api-version:ok",
      "webhook-subscriptions:skipped",
      "shop-currency:skipped",
    ]);
    expect(byId("token-valid").hint).toContain(
      "run `ml-connector shopify connect --tenant acme --token-stdin`",
    );
  });

  it.each([
    [
      "MLC_SHOPIFY_NOT_CONNECTED",
      "authorization-code",
      "connect the shop: run `ml-connector shopify connect --tenant acme`",
    ],
    [
      "MLC_SHOPIFY_UNINSTALLED",
      "authorization-code",
      "the app was uninstalled from acme.myshopify.com: install it again",
    ],
    ["MLC_SHOPIFY_OAUTH", "client-credentials", "Shopify refused to renew the token"],
  ] as const)("fails the token item on %s", async (code, grant, hint) => {
    const { byId } = await run({
      accessToken: async () => {
        throw new ConnectorError(code, "no token");
      },
      tokenState: async () => ({ ...STATIC_STATE, grant }),
    });
    expect(byId("token-valid")).toMatchObject({ status: "failed", hint: expect.stringContaining(hint) });
  });

  it("fails a token that belongs to another shop", async () => {
    const shop = { myshopifyDomain: "other.myshopify.com", currencyCode: "USD", ianaTimezone: "UTC" };
    const { byId } = await run({ client: fakeClient({ shop }) });
    expect(byId("token-valid")).toMatchObject({
      status: "failed",
      detail: "the token belongs to other.myshopify.com, not to acme.myshopify.com",
    });
  });

  describe("an expiring token", () => {
    const expiring: ShopTokenState = {
      grant: "authorization-code",
      accessExpiresAt: new Date("2026-11-27T12:45:00Z"),
      refreshExpiresAt: new Date("2027-02-25T12:00:00Z"),
      hasRefreshToken: true,
      canRenew: true,
      refreshBeforeSeconds: 300,
    };

    it("shows when it expires and that it is renewed with the stored refresh token", async () => {
      const { byId, facts } = await run({ tokenState: async () => expiring });
      expect(byId("token-valid")).toMatchObject({
        status: "ok",
        detail:
          "the shop answered as acme.myshopify.com; offline token (authorization code), expires 2026-11-27T12:45:00.000Z (in 45 min); renewed 300 s before it expires with the stored refresh token (valid until 2027-02-25T12:00:00.000Z)",
      });
      expect(facts.token).toEqual({
        grant: "authorization-code",
        expiresAt: "2026-11-27T12:45:00.000Z",
        refreshTokenExpiresAt: "2027-02-25T12:00:00.000Z",
      });
    });

    it("says when it was renewed during the test", async () => {
      let reads = 0;
      const tokenState = async () =>
        reads++ === 0 ? { ...expiring, accessExpiresAt: new Date("2026-11-27T12:01:00Z") } : expiring;
      const { byId } = await run({ tokenState });
      expect(byId("token-valid").detail).toContain(
        "a new one was obtained during this test, so renewal works",
      );
    });

    it.each([
      [{ hasRefreshToken: false }, "no refresh token is stored"],
      [{ canRenew: false }, "no OAuth client id is configured"],
      [
        { refreshExpiresAt: new Date("2026-11-27T12:30:00Z") },
        "the refresh token expires 2026-11-27T12:30:00.000Z",
      ],
    ])("warns when it cannot be renewed (%j)", async (change, detail) => {
      const { byId } = await run({ tokenState: async () => ({ ...expiring, ...change }) });
      expect(byId("token-valid")).toMatchObject({
        status: "warning",
        detail: expect.stringContaining(detail),
      });
    });
  });

  it("fails when Shopify serves another version than the configured one", async () => {
    const { byId, facts } = await run({
      apiVersion: "2025-07",
      probe: async () => ({ status: 200, servedVersion: "2026-01", bucket: undefined }),
    });
    expect(byId("api-version")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("Shopify serves 2026-01 for the requested 2025-07"),
    });
    expect(facts.apiVersion.served).toBe("2026-01");
  });

  it("warns about missing subscriptions: the service re-creates them", async () => {
    const { byId, facts } = await run({ client: fakeClient({ topics: CORE_WEBHOOK_TOPICS.slice(2) }) });
    expect(byId("webhook-subscriptions")).toMatchObject({
      status: "warning",
      detail: `2 of 14 topics are not subscribed at ${PUBLIC_URL}/webhooks/shopify: orders/create, orders/updated`,
      hint: expect.stringContaining(
        're-creates them at start and on its schedule (schedule.subscriptions "17 * * * *")',
      ),
    });
    expect(facts.webhookSubscriptions?.missing).toEqual(["orders/create", "orders/updated"]);
  });

  it("skips subscriptions the connector does not manage", async () => {
    const { byId } = await run({ webhooks: { managed: false, reason: "shopify.manageWebhooks is false" } });
    expect(byId("webhook-subscriptions")).toMatchObject({
      status: "skipped",
      detail:
        "not managed by the connector (shopify.manageWebhooks is false): shopify.app.toml declares the subscriptions",
    });
  });

  it("fails a public URL Shopify cannot deliver to", async () => {
    const { byId } = await run({
      webhooks: { managed: true, publicUrl: "http://connector.acme.example", schedule: "17 * * * *" },
    });
    expect(byId("webhook-subscriptions")).toMatchObject({
      status: "failed",
      detail: expect.stringContaining("MLC_CONFIG_INVALID"),
    });
  });

  it("fails when the shop's currency is not the JDE company's", async () => {
    const shop = {
      myshopifyDomain: "acme.myshopify.com",
      currencyCode: "EUR",
      ianaTimezone: "Europe/Berlin",
    };
    const { byId } = await run({ client: fakeClient({ shop }) });
    expect(byId("shop-currency")).toMatchObject({
      status: "failed",
      detail: "the shop sells in EUR, JDE company 00100 keeps its books in USD",
      hint: expect.stringContaining("MLC_CURRENCY_MISMATCH"),
    });
  });

  it("skips the currency comparison when JDE could not tell its currency", async () => {
    const { byId } = await run({ jdeCurrency: async () => undefined });
    expect(byId("shop-currency")).toMatchObject({
      status: "skipped",
      detail: expect.stringContaining("00100's currency is unknown"),
    });
  });
});
