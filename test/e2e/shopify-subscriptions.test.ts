import { afterEach, describe, expect, it } from "vitest";
import { type E2E, E2E_SHOP, startE2E } from "../support/e2e-harness.js";
import { until } from "../support/e2e-steps.js";
import { exactlyOnceProblems, generateOrders } from "../support/exactly-once.js";

const CORE_TOPICS = 14;

const shopSubscriptions = (e2e: E2E) =>
  e2e.shopify.subscriptions
    .list(E2E_SHOP)
    .filter((s) => s.kind === "shop" && s.uri === `${e2e.url}/webhooks/shopify`);

describe("shop-specific subscriptions and the REST fallback (e2e)", { timeout: 240_000 }, () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("creates the subscriptions, and re-creates them after Shopify deleted them for failed deliveries", async () => {
    e2e = await startE2E({
      subscribeTopics: null, // no app-level (shopify.app.toml) subscription: only the ones the connector makes
      shopifyConfig: { manageWebhooks: true },
      tenantConfig: { schedule: { subscriptions: "*/2 * * * * *" } },
    });
    await until(() => shopSubscriptions(e2e).length === CORE_TOPICS, 30_000, "the subscriptions");
    const first = generateOrders(e2e, 30, 701);
    await e2e.waitForPosting(first, 60_000);

    // Every delivery now fails (signed wrong, answered 401): after the last retry Shopify deletes the
    // subscriptions the app made through the API.
    e2e.shopify.delivery.setKnobs({ wrongSignaturePercent: 100, wrongSignatureAlways: true });
    generateOrders(e2e, 5, 702);
    await until(
      () => shopSubscriptions(e2e).length < CORE_TOPICS,
      60_000,
      "Shopify to delete the subscriptions",
    );
    expect(e2e.shopify.webhooks.deliveries().some((d) => d.removedSubscription)).toBe(true);

    // Deliveries work again; the connector's next check re-creates what is missing.
    e2e.shopify.delivery.setKnobs({});
    await until(
      () => shopSubscriptions(e2e).length === CORE_TOPICS,
      30_000,
      "the subscriptions to be re-created",
    );
    const second = generateOrders(e2e, 30, 703);
    await e2e.waitForPosting(second, 60_000);
    expect(await exactlyOnceProblems(e2e, [...first, ...second])).toEqual([]);
  });

  it("finds changed orders through REST while GraphQL fails, and posts them once GraphQL is back", async () => {
    e2e = await startE2E({
      subscribeTopics: null, // no webhooks at all: only the sweep finds the orders
      deferStart: true,
      tenantConfig: {
        accountingStartDate: "2026-11-01",
        schedule: { sweep: "*/2 * * * * *", sweepOverlapMinutes: 1 },
      },
    });
    const orders = generateOrders(e2e, 40, 711);
    e2e.shopify.faults.graphqlFailures(E2E_SHOP, { status: 503 });
    e2e.connector.start();
    // The sweep's GraphQL listing fails after its retries; REST lists the orders and their jobs exist.
    await until(
      async () => (await e2e.connector.store.jobs.list({ kind: "order-sync" })).length === orders.length,
      90_000,
      "a job per order from the REST listing",
    );
    expect(e2e.shopify.stats().restRequests).toBeGreaterThan(0);
    expect(await e2e.connector.store.posting.countDocuments()).toMatchObject({ confirmed: 0 });

    e2e.shopify.faults.clearGraphqlFailures(E2E_SHOP);
    await e2e.waitForPosting(orders, 120_000);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
  });
});
