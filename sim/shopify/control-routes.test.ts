import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ShopifySimulator, startShopifySimulatorFromCli } from "./index.js";

let sim: ShopifySimulator;
beforeAll(async () => {
  sim = await startShopifySimulatorFromCli({ port: 0, seed: 1 });
});
afterAll(() => sim.close());

describe("control routes of the standalone demo simulator", () => {
  it("generates orders, reports their expected totals and counts them in stats", async () => {
    const gen = await fetch(`${sim.url}/_sim/orders/generate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shop: "demo-shop.myshopify.com", count: 3 }),
    });
    const { orders } = (await gen.json()) as { orders: string[] };
    expect(orders).toHaveLength(3);
    const expected = await fetch(`${sim.url}/_sim/orders/${encodeURIComponent(orders[0]!)}/expected`);
    expect(await expected.json()).toMatchObject({ currency: "USD", decimals: 2 });
    const sub = await fetch(`${sim.url}/_sim/webhooks/subscribe`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        shop: "demo-shop.myshopify.com",
        topics: ["orders/create"],
        uri: "http://127.0.0.1:9/x",
      }),
    });
    expect(sub.status).toBe(200);
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as { orders: number };
    expect(stats.orders).toBe(3);
  });
});
