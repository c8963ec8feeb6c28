import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ShopifySimulator, startShopifySimulator } from "../../sim/shopify/index.js";
import { systemClock } from "../lib/clock.js";
import { createSilentLogger } from "../lib/logger.js";
import { createCostLimiter } from "./cost-limiter.js";
import { createCustomerSource } from "./customer-reads.js";
import { createShopifyGraphqlClient } from "./graphql-client.js";
import { createShopifyRestClient } from "./rest-client.js";

const SHOP = "customers.myshopify.com";

function source(sim: ShopifySimulator, token: string) {
  const access = {
    adminUrl: sim.url,
    apiVersion: "2026-10",
    accessToken: () => token,
    clock: systemClock,
    log: createSilentLogger(),
  };
  const graphql = createShopifyGraphqlClient({
    ...access,
    limiter: createCostLimiter({ clock: systemClock }),
    maxAttempts: 2,
    backoff: { baseDelayMs: 5, maxDelayMs: 10 },
  });
  const rest = createShopifyRestClient({ ...access, limiter: createCostLimiter({ clock: systemClock }) });
  return {
    customers: createCustomerSource({ graphql, rest, log: createSilentLogger() }),
    close: async () => {
      await graphql.close();
      await rest.close();
    },
  };
}

describe("customer reads against the Shopify simulator: GraphQL, and REST when GraphQL fails", () => {
  let sim: ShopifySimulator;
  let customerGid: string;
  beforeAll(async () => {
    sim = await startShopifySimulator({
      shops: [
        {
          domain: SHOP,
          accessToken: "shpat_full",
          apiSecret: "s",
          currency: "USD",
          timezone: "America/New_York",
          taxesIncluded: false,
        },
        {
          domain: "redacted.myshopify.com",
          accessToken: "shpat_redacted",
          apiSecret: "s",
          currency: "USD",
          timezone: "UTC",
          taxesIncluded: false,
          protectedCustomerData: false,
        },
      ],
    });
    const [order] = sim.orders.generate(SHOP, 5, { seed: 3, emit: false }).filter((o) => o.customer);
    customerGid = `gid://shopify/Customer/${order!.customer!.id}`;
    sim.orders.generate("redacted.myshopify.com", 5, { seed: 3, emit: false });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("reads the same snapshot through GraphQL and through REST, ids exact", async () => {
    const { customers, close } = source(sim, "shpat_full");
    const byGraphql = await customers.fetchCustomer(customerGid);
    expect(byGraphql?.id).toBe(customerGid);
    expect(byGraphql?.email).toMatch(/@/);
    expect(byGraphql?.defaultAddress?.countryCode).toMatch(/^[A-Z]{2}$/);
    sim.faults.graphqlFailures(SHOP, { status: 503 });
    const before = sim.stats().restRequests;
    const byRest = await customers.fetchCustomer(customerGid);
    sim.faults.clearGraphqlFailures(SHOP);
    expect(sim.stats().restRequests).toBe(before + 1);
    expect(byRest).toEqual(byGraphql);
    await close();
  });

  it("answers null for an unknown customer on both paths", async () => {
    const { customers, close } = source(sim, "shpat_full");
    expect(await customers.fetchCustomer("gid://shopify/Customer/1")).toBeNull();
    sim.faults.graphqlFailures(SHOP, { status: 503 });
    expect(await customers.fetchCustomer("1")).toBeNull();
    sim.faults.clearGraphqlFailures(SHOP);
    await close();
  });

  it("without protected-data approval the personal fields are null, nothing fails", async () => {
    const [order] = sim.orders.list("redacted.myshopify.com").filter((o) => o.customer);
    const { customers, close } = source(sim, "shpat_redacted");
    const customer = await customers.fetchCustomer(`gid://shopify/Customer/${order!.customer!.id}`);
    expect(customer).toMatchObject({
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
      defaultAddress: null,
    });
    await close();
  });
});
