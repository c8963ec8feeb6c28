import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CustomerRefusedError,
  type ShopifySimulator,
  type SimOrderInput,
  type SimShopConfig,
  startShopifySimulator,
} from "./index.js";
import { gql, rest } from "./oauth-flow.test-helper.js";
import { createOrderStore } from "./order-store.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.test-helper.js";

const SHOP: SimShopConfig = {
  domain: "customers.myshopify.com",
  accessToken: "tok",
  apiSecret: "hush",
  currency: "USD",
  timezone: "America/New_York",
  taxesIncluded: false,
};
const PRIVATE: SimShopConfig = {
  ...SHOP,
  domain: "private.myshopify.com",
  accessToken: "tok-private",
  protectedCustomerData: false,
};
const API = "/admin/api/2026-10";
const TOPICS = ["customers/create", "customers/update"];
let clockMs = Date.parse("2026-11-27T12:00:00Z");
let sim: ShopifySimulator;
let receiver: WebhookReceiver;

const tee = (extra: Partial<SimOrderInput> = {}): SimOrderInput => ({
  lineItems: [{ sku: "TEE", title: "Tee", priceMinor: 2500, quantity: 1 }],
  taxes: [],
  ...extra,
});
const iso = (ms: number) => new Date(ms).toISOString().replace(".000", "");
const received = (topic: string) => receiver.received.filter((w) => w.headers["x-shopify-topic"] === topic);

beforeAll(async () => {
  receiver = await startWebhookReceiver("hush");
  sim = await startShopifySimulator({ shops: [SHOP, PRIVATE], now: () => clockMs });
  for (const shop of [SHOP, PRIVATE])
    sim.webhooks.subscribe({ shop: shop.domain, topics: TOPICS, uri: receiver.url() });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
beforeEach(async () => {
  clockMs += 3_600_000;
  await sim.webhooks.idle();
  receiver.clear();
});

describe("the customer registry", () => {
  it("creates customers with seeded defaults and their own times, lists them by id, finds them by id or GID", () => {
    const ada = sim.customers.create(SHOP.domain, {
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      company: "Analytical Engines Ltd",
    });
    const other = sim.customers.create(SHOP.domain);
    expect(ada).toMatchObject({
      id: expect.stringMatching(/^7011\d{9}$/),
      firstName: "Ada",
      company: "Analytical Engines Ltd",
      address1: expect.any(String),
      countryCode: expect.stringMatching(/^[A-Z]{2}$/),
      createdAtMs: clockMs,
      updatedAtMs: clockMs,
    });
    expect(other.email).toMatch(/^[a-z]+\.\d+@example\.com$/);
    expect(other.firstName).not.toBe("");
    const listed = sim.customers.list(SHOP.domain).map((c) => c.id);
    expect(listed).toEqual(expect.arrayContaining([ada.id, other.id]));
    expect(listed).toEqual([...listed].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
    expect(sim.customers.get(SHOP.domain, `gid://shopify/Customer/${ada.id}`)).toEqual(ada);
    expect(sim.customers.get(SHOP.domain, "1")).toBeUndefined();
  });

  it("update changes the record, moves updatedAt at least a second, and an idle patch changes nothing", () => {
    const c = sim.customers.create(SHOP.domain, {}, { emit: false });
    const changed = sim.customers.update(SHOP.domain, c.id, {
      lastName: "Byron",
      address1: "12 St James's Sq",
    });
    expect(changed).toMatchObject({ lastName: "Byron", address1: "12 St James's Sq", createdAtMs: clockMs });
    expect(changed.updatedAtMs).toBe(clockMs + 1000); // same clock second as the creation
    const idle = sim.customers.update(SHOP.domain, c.id, { lastName: "Byron" });
    expect(idle.updatedAtMs).toBe(changed.updatedAtMs);
    expect(() => sim.customers.update(SHOP.domain, "7011000000000000001", { lastName: "X" })).toThrow(
      /no customer/,
    );
  });

  it("refuses a taken e-mail or phone as customerCreate/customerUpdate do; a freed e-mail can be taken", () => {
    const a = sim.customers.create(SHOP.domain, { email: "shared@example.com", phone: "+16135550100" });
    const taken = () => sim.customers.create(SHOP.domain, { email: " Shared@Example.com" });
    expect(taken).toThrow(CustomerRefusedError);
    try {
      taken();
    } catch (error) {
      expect((error as CustomerRefusedError).userErrors).toEqual([
        { field: ["email"], message: "Email has already been taken", code: "TAKEN" },
      ]);
    }
    expect(() => sim.customers.create(SHOP.domain, { phone: "+16135550100" })).toThrow(
      /Phone has already been taken/,
    );
    const b = sim.customers.create(SHOP.domain, { email: "b@example.com" });
    expect(() => sim.customers.update(SHOP.domain, b.id, { email: "shared@example.com" })).toThrow(
      /Email has already been taken/,
    );
    sim.customers.update(SHOP.domain, a.id, { email: "a.new@example.com" });
    expect(sim.customers.update(SHOP.domain, b.id, { email: "shared@example.com" }).email).toBe(
      "shared@example.com",
    );
  });

  it("a guest checkout may give a customer's e-mail: the order has no customer and keeps that e-mail", async () => {
    const pat = sim.customers.create(SHOP.domain, { email: "pat.guest@example.com" }, { emit: false });
    const order = sim.orders.add(SHOP.domain, tee({ customer: null, email: pat.email }), { emit: false });
    expect(order).toMatchObject({ customer: null, email: "pat.guest@example.com", address: null });
    const { body } = await gql(
      sim,
      SHOP.accessToken,
      `{ order(id: "${order.gid}") { email customer { id } } }`,
    );
    expect(body.data.order).toEqual({ email: "pat.guest@example.com", customer: null });
    const restOrder = (await rest(sim, SHOP.accessToken, `${API}/orders/${order.id}.json`)).body.order;
    expect(restOrder).toMatchObject({
      email: "pat.guest@example.com",
      customer: null,
      billing_address: null,
    });
  });
});

describe("customers/create and customers/update webhooks", () => {
  it("send one signed delivery each, with the REST customer as it is now", async () => {
    const c = sim.customers.create(SHOP.domain, { email: "hook@example.com" });
    clockMs += 60_000;
    sim.customers.update(SHOP.domain, c.id, { email: "hook.new@example.com", firstName: "Hookie" });
    sim.customers.update(SHOP.domain, c.id, { firstName: "Hookie" }); // changes nothing, sends nothing
    await sim.webhooks.idle();
    expect(received("customers/create")).toHaveLength(1);
    const updates = received("customers/update");
    expect(updates).toHaveLength(1);
    const update = updates[0]!;
    expect(update.validSignature).toBe(true);
    expect(update.headers).toMatchObject({
      "x-shopify-shop-domain": SHOP.domain,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": expect.any(String),
      "x-shopify-event-id": expect.any(String),
    });
    const text = update.raw.toString("utf8");
    expect(text).toContain(`"id":${c.id},`);
    expect(receiver.json(update)).toMatchObject({
      admin_graphql_api_id: `gid://shopify/Customer/${c.id}`,
      email: "hook.new@example.com",
      first_name: "Hookie",
      updated_at: expect.stringMatching(/-0[45]:00$/),
    });
    expect(Date.parse(receiver.json(update).updated_at)).toBe(Math.floor(clockMs / 1000) * 1000);
    expect(receiver.json(received("customers/create")[0]!).email).toBe("hook@example.com");
  });
});

describe("orders of registered customers", () => {
  it("draws generated orders from the given customers only, uniformly and seeded, with the guest share", () => {
    const pool = [1, 2, 3].map((i) => sim.customers.create(SHOP.domain, { email: `pool${i}@example.com` }));
    const ids = pool.map((c) => c.id);
    const draw = (seed: number) =>
      sim.orders.generate(SHOP.domain, 60, {
        seed,
        emit: false,
        customers: [ids[0]!, `gid://shopify/Customer/${ids[1]}`, ids[2]!],
        guestShare: 0.2,
      });
    const orders = draw(5);
    const buyers = orders.map((o) => o.customer?.id ?? null);
    expect(new Set(buyers.filter((b) => b !== null))).toEqual(new Set(ids));
    const guests = orders.filter((o) => o.customer === null);
    expect(guests.length).toBeGreaterThan(0);
    expect(guests.length).toBeLessThan(30);
    for (const g of guests) expect(pool.map((c) => c.email)).not.toContain(g.email);
    // every order of a customer holds the registry's record itself
    const first = orders.filter((o) => o.customer?.id === ids[0]);
    expect(new Set(first.map((o) => o.customer)).size).toBe(1);
    expect(() => sim.orders.generate(SHOP.domain, 1, { customers: ["7011000000000000009"] })).toThrow(
      /no customer/,
    );
  });

  it("draws the same customers for the same seed", () => {
    const buyers = () => {
      const store = createOrderStore({ shops: [SHOP], seed: 42, nowMs: () => clockMs });
      const ids = [1, 2, 3].map(() => store.customers.create(SHOP.domain).id);
      const orders = store.generate(SHOP.domain, 40, { seed: 9, customers: ids, guestShare: 0.3 });
      return orders.map((o) => [o.customer?.id ?? null, o.email]);
    };
    expect(buyers()).toEqual(buyers());
  });

  it("keeps the default: a new customer per order, registered so customer(id:) answers it", async () => {
    const [order] = sim.orders.generate(SHOP.domain, 8, { seed: 3, emit: false }).filter((o) => o.customer);
    const [compact] = sim.orders
      .generate(SHOP.domain, 8, { seed: 4, emit: false, compact: true })
      .filter((o) => o.customer);
    for (const o of [order!, compact!]) {
      const gid = `gid://shopify/Customer/${o.customer!.id}`;
      const { body } = await gql(sim, SHOP.accessToken, `{ customer(id: "${gid}") { id } }`);
      expect(body.data.customer).toEqual({ id: gid });
    }
  });

  it("orders.add takes an existing customer by id; an unknown one is refused", () => {
    const c = sim.customers.create(SHOP.domain, {}, { emit: false });
    const order = sim.orders.add(SHOP.domain, tee({ customerId: `gid://shopify/Customer/${c.id}` }), {
      emit: false,
    });
    expect(order.customer?.id).toBe(c.id);
    expect(order.email).toBe(c.email);
    expect(() => sim.orders.add(SHOP.domain, tee({ customerId: "7011000000000000009" }))).toThrow(
      /no customer/,
    );
  });

  it("GraphQL customer(id:), REST customers/{id}.json, the order's customer and the bulk export agree after an update", async () => {
    const c = sim.customers.create(SHOP.domain, { email: "before@example.com" }, { emit: false });
    const gid = `gid://shopify/Customer/${c.id}`;
    const orders = [1, 2].map(() => sim.orders.add(SHOP.domain, tee({ customerId: c.id }), { emit: false }));
    clockMs += 86_400_000;
    const updated = sim.customers.update(
      SHOP.domain,
      c.id,
      { email: "after@example.com", lastName: "Changed", address1: "2 New Rd", company: "NewCo" },
      { emit: false },
    );
    const fields =
      "id updatedAt lastName defaultEmailAddress { emailAddress } defaultAddress { address1 company }";
    const { body } = await gql(
      sim,
      SHOP.accessToken,
      `{ customer(id: "${gid}") { ${fields} }
         a: order(id: "${orders[0]!.gid}") { email customer { ${fields} } }
         b: order(id: "${orders[1]!.gid}") { customer { ${fields} } } }`,
    );
    const expected = {
      id: gid,
      updatedAt: iso(updated.updatedAtMs),
      lastName: "Changed",
      defaultEmailAddress: { emailAddress: "after@example.com" },
      defaultAddress: { address1: "2 New Rd", company: "NewCo" },
    };
    expect(body.data.customer).toEqual(expected);
    expect(body.data.a.customer).toEqual(expected);
    expect(body.data.b.customer).toEqual(expected);
    expect(body.data.a.email).toBe("before@example.com"); // the checkout's e-mail stays as it was given

    const byRest = (await rest(sim, SHOP.accessToken, `${API}/customers/${c.id}.json`)).body.customer;
    expect(byRest).toMatchObject({
      id: Number(c.id), // a 13-digit id is an exact JSON number, as REST answers it
      email: "after@example.com",
      last_name: "Changed",
      default_address: { address1: "2 New Rd", company: "NewCo" },
    });
    expect(Date.parse(byRest.updated_at)).toBe(Date.parse(expected.updatedAt));
    const restOrder = (await rest(sim, SHOP.accessToken, `${API}/orders/${orders[0]!.id}.json`)).body.order;
    expect(restOrder.customer).toEqual(byRest);

    const exported = await bulkCustomers(orders[0]!.createdAtMs);
    expect(exported.filter((line) => orders.some((o) => o.gid === line.id))).toEqual([
      { id: orders[0]!.gid, customer: { id: gid, updatedAt: expected.updatedAt } },
      { id: orders[1]!.gid, customer: { id: gid, updatedAt: expected.updatedAt } },
    ]);
  });
});

describe("protected customer data", () => {
  it("nulls a registry customer's personal fields in GraphQL, REST and its webhook", async () => {
    const c = sim.customers.create(PRIVATE.domain, { email: "secret@example.com" });
    const order = sim.orders.add(PRIVATE.domain, tee({ customerId: c.id }), { emit: false });
    sim.customers.update(PRIVATE.domain, c.id, { email: "secret2@example.com" });
    await sim.webhooks.idle();
    const personal = { first_name: null, last_name: null, email: null, phone: null, default_address: null };
    for (const w of [...received("customers/create"), ...received("customers/update")]) {
      expect(w.headers["x-shopify-shop-domain"]).toBe(PRIVATE.domain);
      expect(receiver.json(w)).toMatchObject({ ...personal, addresses: [] });
      expect(w.raw.toString("utf8")).not.toContain("secret");
    }
    expect(received("customers/update")).toHaveLength(1);
    const gid = `gid://shopify/Customer/${c.id}`;
    const fields =
      "id updatedAt firstName lastName email phone defaultEmailAddress { emailAddress } defaultAddress { address1 }";
    const { body } = await gql(
      sim,
      PRIVATE.accessToken,
      `{ customer(id: "${gid}") { ${fields} } order(id: "${order.gid}") { email customer { ${fields} } } }`,
    );
    const nulls = {
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
      defaultEmailAddress: null,
      defaultAddress: null,
    };
    expect(body.data.customer).toMatchObject({ id: gid, ...nulls });
    expect(body.data.order).toEqual({ email: null, customer: body.data.customer });
    const byRest = (await rest(sim, PRIVATE.accessToken, `${API}/customers/${c.id}.json`)).body.customer;
    expect(byRest).toMatchObject({ id: Number(c.id), ...personal });
  });
});

/** A bulk export of the orders created since `sinceMs`, reading each order's `customer { id updatedAt }`. */
async function bulkCustomers(sinceMs: number) {
  const query = `created_at:>='${iso(sinceMs)}'`;
  const q = `{ orders(query: "${query}") { edges { node { id customer { id updatedAt } } } } }`;
  const mutation = `mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }`;
  const started = (await gql(sim, SHOP.accessToken, mutation, { q })).body.data.bulkOperationRunQuery;
  expect(started.userErrors).toEqual([]);
  const done = await sim.bulk.finished(SHOP.domain, started.bulkOperation.id);
  const text = await (await fetch(done.url!)).text();
  return text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
}
