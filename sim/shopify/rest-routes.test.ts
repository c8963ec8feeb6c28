import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_1042, type ShopifySimulator, type SimShopConfig, startShopifySimulator } from "./index.js";
import { install, rest } from "./oauth-flow.test-helper.js";

const SHOP: SimShopConfig = {
  domain: "acme.myshopify.com",
  accessToken: "tok",
  apiSecret: "s",
  currency: "USD",
  timezone: "America/New_York",
  taxesIncluded: false,
  restPlan: "plus",
};
const BUSY: SimShopConfig = {
  ...SHOP,
  domain: "busy.myshopify.com",
  accessToken: "tok-busy",
  restPlan: undefined,
};
const ADVANCED: SimShopConfig = {
  ...BUSY,
  domain: "adv.myshopify.com",
  accessToken: "tok-adv",
  restPlan: "advanced",
};
const API = "/admin/api/2026-10";
let sim: ShopifySimulator;
let clockMs = Date.parse("2026-11-27T12:00:00Z");
const idsOf = (orders: { id: number }[]) => orders.map((o) => String(o.id));
const nextLink = (link: string | null) => /<([^<]+)>; rel="next"/.exec(link ?? "")?.[1];
const previousLink = (link: string | null) => /<([^<]+)>; rel="previous"/.exec(link ?? "")?.[1];

beforeAll(async () => {
  sim = await startShopifySimulator({ shops: [SHOP, BUSY, ADVANCED], now: () => clockMs });
  sim.orders.add(SHOP.domain, ORDER_1042, { emit: false });
  sim.orders.generate(SHOP.domain, 24, { seed: 9, emit: false });
  const cancelled = sim.orders.list(SHOP.domain)[3];
  if (cancelled) cancelled.cancelledAtMs = cancelled.createdAtMs + 60_000;
});
afterAll(() => sim.close());

describe("GET /orders.json", () => {
  it("lists open orders newest first, 50 by default, ids above 2^53 written exactly", async () => {
    const res = await rest(sim, SHOP.accessToken, `${API}/orders.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-shopify-api-version")).toBe("2026-10");
    expect(res.headers.get("link")).toBeNull();
    expect(res.body.orders).toHaveLength(24);
    const created = res.body.orders.map((o: { created_at: string }) => Date.parse(o.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const big = sim.orders.list(SHOP.domain)[5]?.id ?? "";
    expect(BigInt(big) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(res.text).toContain(`"id":${big},`);
    const any = await rest(sim, SHOP.accessToken, `${API}/orders.json?status=any`);
    expect(any.body.orders).toHaveLength(25);
    const cancelled = await rest(sim, SHOP.accessToken, `${API}/orders.json?status=cancelled`);
    expect(cancelled.body.orders).toHaveLength(1);
  });

  it("pages with Link rel=next/previous and page_info, carrying the first request's filters", async () => {
    const seen: string[] = [];
    let url: string | undefined = `${API}/orders.json?status=any&limit=7&fields=id,updated_at`;
    const pages: { orders: { id: number }[]; link: string | null }[] = [];
    while (url) {
      const res = await rest(sim, SHOP.accessToken, url);
      expect(res.status).toBe(200);
      pages.push({ orders: res.body.orders, link: res.headers.get("link") });
      seen.push(...idsOf(res.body.orders));
      url = nextLink(res.headers.get("link"));
    }
    expect(pages.map((p) => p.orders.length)).toEqual([7, 7, 7, 4]);
    expect(new Set(seen).size).toBe(25);
    expect(Object.keys(pages[1]?.orders[0] ?? {})).toEqual(["id", "updated_at"]);
    expect(previousLink(pages[0]?.link ?? null)).toBeUndefined();
    const secondLink = pages[1]?.link ?? null;
    expect(secondLink).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/admin\/api\/2026-10\/orders\.json\?limit=7&fields=id%2Cupdated_at&page_info=[\w-]+>; rel="previous", <.+>; rel="next"$/,
    );
    const back = await rest(sim, SHOP.accessToken, previousLink(secondLink) ?? "");
    expect(idsOf(back.body.orders)).toEqual(idsOf(pages[0]?.orders ?? []));
  });

  it("refuses other filters alongside page_info, and a page_info it did not issue", async () => {
    const first = await rest(sim, SHOP.accessToken, `${API}/orders.json?limit=5`);
    const next = nextLink(first.headers.get("link")) ?? "";
    const withStatus = await rest(sim, SHOP.accessToken, `${next}&status=any`);
    expect(withStatus.status).toBe(400);
    expect(withStatus.body).toEqual({
      errors: {
        status:
          "status cannot be passed when page_info is present. See https://shopify.dev/api/usage/pagination-rest for more information.",
      },
    });
    const forged = await rest(sim, SHOP.accessToken, `${API}/orders.json?page_info=bm9wZQ`);
    expect(forged).toMatchObject({ status: 400, body: { errors: { page_info: "Invalid value." } } });
    const limit = await rest(sim, SHOP.accessToken, `${API}/orders.json?limit=0`);
    expect(limit.status).toBe(400);
  });

  it("filters by updated_at, created_at and ids", async () => {
    const all = sim.orders.list(SHOP.domain).filter((o) => o.cancelledAtMs === null);
    const pivot = [...all].sort((a, b) => a.updatedAtMs - b.updatedAtMs)[10];
    const since = new Date(pivot?.updatedAtMs ?? 0).toISOString();
    const res = await rest(sim, SHOP.accessToken, `${API}/orders.json?updated_at_min=${since}&limit=250`);
    expect(res.body.orders).toHaveLength(
      all.filter((o) => o.updatedAtMs >= (pivot?.updatedAtMs ?? 0)).length,
    );
    const old = await rest(sim, SHOP.accessToken, `${API}/orders.json?created_at_max=2026-04-01T00:00:00Z`);
    expect(idsOf(old.body.orders)).toEqual(["5934123456789"]);
    const two = all.slice(0, 2).map((o) => o.id);
    const byIds = await rest(sim, SHOP.accessToken, `${API}/orders.json?ids=${two.join(",")}`);
    expect(idsOf(byIds.body.orders).sort()).toEqual([...two].sort());
    const count = await rest(sim, SHOP.accessToken, `${API}/orders/count.json?status=any`);
    expect(count.body).toEqual({ count: 25 });
    const bad = await rest(sim, SHOP.accessToken, `${API}/orders.json?updated_at_min=yesterday`);
    expect(bad.status).toBe(400);
  });

  it("hides orders older than 60 days from a token without read_all_orders", async () => {
    const token = await install(sim, SHOP, { scopes: ["read_orders"] });
    const list = await rest(sim, token.access_token, `${API}/orders.json?status=any&limit=250`);
    expect(idsOf(list.body.orders)).not.toContain("5934123456789");
    const one = await rest(sim, token.access_token, `${API}/orders/5934123456789.json`);
    expect(one).toMatchObject({ status: 404, body: { errors: "Not Found" } });
  });
});

describe("single orders and customers", () => {
  it("answers an order, its transactions and refunds in the webhook shapes", async () => {
    const order = await rest(sim, SHOP.accessToken, `${API}/orders/5934123456789.json`);
    expect(order.body.order).toMatchObject({ id: 5934123456789, name: "#1042", total_price: "127.44" });
    const tx = await rest(sim, SHOP.accessToken, `${API}/orders/5934123456789/transactions.json`);
    expect(tx.body.transactions[0]).toMatchObject({
      kind: "sale",
      status: "success",
      order_id: 5934123456789,
    });
    const refunds = await rest(sim, SHOP.accessToken, `${API}/orders/5934123456789/refunds.json`);
    expect(refunds.body).toEqual({ refunds: [] });
    const fields = await rest(sim, SHOP.accessToken, `${API}/orders/5934123456789.json?fields=id,name`);
    expect(fields.body).toEqual({ order: { id: 5934123456789, name: "#1042" } });
    expect((await rest(sim, SHOP.accessToken, `${API}/orders/1.json`)).status).toBe(404);
  });

  it("lists and reads customers", async () => {
    const list = await rest(sim, SHOP.accessToken, `${API}/customers.json?limit=3`);
    expect(list.body.customers).toHaveLength(3);
    expect(nextLink(list.headers.get("link"))).toBeDefined();
    const pat = await rest(sim, SHOP.accessToken, `${API}/customers/7011111111111.json`);
    expect(pat.body.customer).toMatchObject({
      id: 7011111111111,
      email: "pat@example.com",
      first_name: "Pat",
      default_address: { address1: "1 Main St", default: true },
    });
  });

  it("answers 403 when the token lacks the resource's scope", async () => {
    const token = await install(sim, SHOP, { scopes: ["read_products"] });
    const orders = await rest(sim, token.access_token, `${API}/orders.json`);
    expect(orders.status).toBe(403);
    expect(orders.body).toEqual({
      errors: "[API] This action requires merchant approval for read_orders scope.",
    });
    expect(orders.headers.get("x-shopify-shop-api-call-limit")).toMatch(/^\d+\/400$/);
    const customers = await rest(sim, token.access_token, `${API}/customers.json`);
    expect(customers.body).toEqual({
      errors: "[API] This action requires merchant approval for read_customers scope.",
    });
  });
});

describe("REST call limit", () => {
  it("counts requests in X-Shopify-Shop-Api-Call-Limit and answers 429 with Retry-After: 2.0 when full", async () => {
    const limits: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await rest(sim, BUSY.accessToken, `${API}/orders/count.json`);
      expect(res.status).toBe(200);
      limits.push(res.headers.get("x-shopify-shop-api-call-limit") ?? "");
    }
    expect(limits.slice(0, 2)).toEqual(["1/40", "2/40"]);
    expect(limits.at(-1)).toBe("40/40");
    const refused = await rest(sim, BUSY.accessToken, `${API}/orders.json`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("2.0");
    expect(refused.headers.get("x-shopify-shop-api-call-limit")).toBe("40/40");
    expect(refused.body).toEqual({
      errors:
        "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
    });
    clockMs += 1000;
    const after = await rest(sim, BUSY.accessToken, `${API}/orders/count.json`);
    expect(after.status).toBe(200);
    expect(after.headers.get("x-shopify-shop-api-call-limit")).toBe("39/40");
    expect(sim.stats()).toMatchObject({ restThrottled: 1 });
  });

  it("sizes the bucket by REST plan and fills it on demand", async () => {
    const first = await rest(sim, ADVANCED.accessToken, `${API}/orders/count.json`);
    expect(first.headers.get("x-shopify-shop-api-call-limit")).toBe("1/80");
    sim.throttle.fillRestBucket(ADVANCED.domain);
    const refused = await rest(sim, ADVANCED.accessToken, `${API}/orders/count.json`);
    expect(refused.status).toBe(429);
    expect(refused.body.errors).toMatch(/^Exceeded 4 calls per second/);
  });
});
