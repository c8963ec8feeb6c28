import { afterEach, describe, expect, it } from "vitest";
import type { SimCustomer, SimOrder } from "../../sim/shopify/index.js";
import {
  addUnpaidOrder,
  auditEntries,
  chosenCustomer,
  connectorRecords,
  crossReferenceOf,
  customerGid,
  customersConfig,
  emailOf,
  GENERIC_AN8,
  receivableAddressNumbers,
  receivableAddressNumbersByOrder,
  recordsOf,
} from "../support/customer-e2e.js";
import { type E2E, type E2EOptions, startE2E } from "../support/e2e-harness.js";
import { until } from "../support/e2e-steps.js";
import { exactlyOnceProblems } from "../support/exactly-once.js";

const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/paid"];
const CUSTOMER_TOPICS = ["customers/create", "customers/update"];

/** CI size; the soak (test/soak/customers-soak.test.ts) runs 5,000 orders from 1,000 customers. */
const RUN_ORDERS = Number(process.env.MLC_CUSTOMER_ORDERS ?? 500);
const RUN_CUSTOMERS = Number(process.env.MLC_CUSTOMER_COUNT ?? 100);
// A hang detector, not a speed check: 500 orders took 65 s on 2 cores shared with another suite.
const RUN_DEADLINE_MS = Math.max(120_000, RUN_ORDERS * 400);
/** `customers.batch`, the documented defaults. */
const MAX_CUSTOMERS = 50;
const MAX_WAIT_MS = 200;

/**
 * When each customer's first order asked for its AN8: the `order.customer` audit's time is taken when
 * the order was read, a few milliseconds before the request reaches the customer batcher.
 */
function firstRequestTimes(run: E2E, orders: readonly SimOrder[]): number[] {
  const customerOf = new Map(orders.map((o) => [o.gid, o.customer?.id]));
  const first = new Map<string, number>();
  for (const entry of auditEntries(run, "order.customer")) {
    const customer = customerOf.get(entry.orderId ?? "");
    if (customer === undefined) continue;
    const at = entry.at.getTime();
    if (at < (first.get(customer) ?? Number.POSITIVE_INFINITY)) first.set(customer, at);
  }
  return [...first.values()].sort((a, b) => a - b);
}

/**
 * The batcher's windows over these request times: a batch opens at the first request no open batch
 * took and takes every request of the next `windowMs` (docs/customers.md §3, `batch.maxWaitMs`).
 */
function batchWindows(times: readonly number[], windowMs: number): number {
  let windows = 0;
  let closesAt = Number.NEGATIVE_INFINITY;
  for (const at of times) {
    if (at < closesAt) continue;
    windows += 1;
    closesAt = at + windowMs;
  }
  return windows;
}

/**
 * Issue 6 end to end: both simulators and the real connector on the orchestration path. Every
 * assertion reads what JDE holds (F0101 by ALKY, F01151, F0116, F0115, the AN8 on F0911 receivable
 * lines) and what the connector recorded (links, audit trail). Orders are left unpaid where a test
 * needs the AN8 in F0911: a paid-at-checkout order's receivable nets to zero and has no line.
 */
describe("customers: every order on the right JDE customer (e2e, orchestration)", () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.stop();
    e2e = undefined;
  });

  const start = async (options: E2EOptions & { customers?: Record<string, unknown> } = {}) => {
    const { customers, ...rest } = options;
    e2e = await startE2E({
      subscribeTopics: ORDER_TOPICS,
      ...rest,
      tenantConfig: { ...customersConfig(customers), ...rest.tenantConfig },
    });
    return e2e;
  };
  const link = (run: E2E, customer: SimCustomer) =>
    run.connector.store.customerLinks.get(run.tenantId, customerGid(customer));

  it("finds a returning customer by GID after an e-mail change: one record, its e-mail updated, both orders on its AN8", async () => {
    const run = await start({ subscribeTopics: [...ORDER_TOPICS, ...CUSTOMER_TOPICS] });
    const ada = run.shopify.customers.create(run.shop, { email: "ada@example.com" });
    const first = addUnpaidOrder(run, ada.id);
    await run.waitForPosting([first.gid]);
    const created = recordsOf(run, ada);
    expect(created).toHaveLength(1);
    const an8 = created[0]!.an8;
    expect(emailOf(created[0])).toBe("ada@example.com");

    run.shopify.customers.update(run.shop, ada.id, { email: "Ada.Lovelace@Example.org" });
    await run.waitForPosting([first.gid]); // the customer-sync job of customers/update
    expect(emailOf(run.jde.customers.get(an8))).toBe("ada.lovelace@example.org");

    const second = addUnpaidOrder(run, ada.id);
    await run.waitForPosting([first.gid, second.gid]);
    expect(recordsOf(run, ada).map((r) => r.an8)).toEqual([an8]);
    expect(connectorRecords(run)).toHaveLength(1);
    expect(receivableAddressNumbers(run, first.name)).toEqual([an8]);
    expect(receivableAddressNumbers(run, second.name)).toEqual([an8]);
    expect(run.jde.stats()).toMatchObject({ customersCreated: 1, customersUpdated: 1 });
    expect(await link(run, ada)).toMatchObject({ addressNumber: String(an8), state: "linked" });
    const updates = auditEntries(run, "customer.updated");
    expect(updates.map((u) => u.detail)).toEqual([
      { customerId: customerGid(ada), addressNumber: String(an8), update: "EMAL" },
    ]);
    expect(chosenCustomer(run, second.gid)).toMatchObject({
      addressNumber: String(an8),
      reason: "customer.linked",
    });
  });

  it("gives a second Shopify customer with a known e-mail its own record (customer.email_shared)", async () => {
    const run = await start({ subscribeTopics: [...ORDER_TOPICS, ...CUSTOMER_TOPICS] });
    const alice = run.shopify.customers.create(run.shop, { email: "family@example.com" });
    const firstOfAlice = addUnpaidOrder(run, alice.id);
    await run.waitForPosting([firstOfAlice.gid]);
    const aliceAn8 = recordsOf(run, alice)[0]!.an8;

    // Alice moves to her own mailbox; that webhook never reaches the connector (Shopify drops some),
    // so JDE still has the family address on her record when Bob takes it over in Shopify.
    run.shopify.customers.update(run.shop, alice.id, { email: "alice@example.com" }, { emit: false });
    const bob = run.shopify.customers.create(run.shop, { email: "family@example.com" });
    const firstOfBob = addUnpaidOrder(run, bob.id);
    await run.waitForPosting([firstOfAlice.gid, firstOfBob.gid]);

    const bobRecords = recordsOf(run, bob);
    expect(bobRecords).toHaveLength(1);
    const bobAn8 = bobRecords[0]!.an8;
    expect(bobAn8).not.toBe(aliceAn8);
    expect(recordsOf(run, alice).map((r) => r.an8)).toEqual([aliceAn8]);
    expect(receivableAddressNumbers(run, firstOfBob.name)).toEqual([bobAn8]);
    expect(auditEntries(run, "customer.email_shared").map((e) => e.detail)).toEqual([
      { customerId: customerGid(bob), why: "cross-referenced-elsewhere", addressNumbers: [String(aliceAn8)] },
    ]);

    // Alice's next order brings her record up to date: her new e-mail, still her own AN8.
    const secondOfAlice = addUnpaidOrder(run, alice.id);
    await run.waitForPosting([firstOfAlice.gid, firstOfBob.gid, secondOfAlice.gid]);
    expect(receivableAddressNumbers(run, secondOfAlice.name)).toEqual([aliceAn8]);
    expect(emailOf(run.jde.customers.get(aliceAn8))).toBe("alice@example.com");
    expect(emailOf(run.jde.customers.get(bobAn8))).toBe("family@example.com");
    expect(run.jde.stats().customersCreated).toBe(2);
  });

  it("adopts a hand-keyed JDE record with a unique e-mail and a blank ALKY: no new record, ALKY written", async () => {
    const handKeyed = 5_000;
    const run = await start({
      subscribeTopics: [...ORDER_TOPICS, ...CUSTOMER_TOPICS],
      beforeConnector: async (jde) => {
        // Someone keyed this customer in P01012 before the shop had a connector: no ALKY.
        jde.tables.F0101.push({
          ABAN8: handKeyed,
          ABALKY: "",
          ABALPH: "Grace Hopper",
          ABAT1: "C",
          ABMCU: "",
          ABTAX: "",
          ABUPMJ: 0,
        });
        jde.tables.F01151.push({
          EAAN8: handKeyed,
          EAIDLN: 0,
          EARCK7: 1,
          EAETP: "E",
          EAEMAL: "grace@example.com",
          EAUPMJ: 0,
        });
      },
    });
    const grace = run.shopify.customers.create(run.shop, {
      email: "grace@example.com",
      firstName: "Grace",
      lastName: "Hopper",
    });
    const order = addUnpaidOrder(run, grace.id);
    await run.waitForPosting([order.gid]);

    expect(run.jde.customers.get(handKeyed)?.alky).toBe(crossReferenceOf(grace));
    expect(recordsOf(run, grace).map((r) => r.an8)).toEqual([handKeyed]);
    expect(receivableAddressNumbers(run, order.name)).toEqual([handKeyed]);
    expect(run.jde.stats().customersCreated).toBe(0);
    expect(await link(run, grace)).toMatchObject({ addressNumber: String(handKeyed), source: "email" });
    expect(auditEntries(run, "customer.linked").map((e) => e.detail)).toEqual([
      { customerId: customerGid(grace), addressNumber: String(handKeyed), source: "email", by: "email" },
    ]);
    expect(auditEntries(run, "customer.email_shared")).toEqual([]);
  });

  it("posts guest checkouts on the generic customer and creates no record", async () => {
    const run = await start();
    const regular = run.shopify.customers.create(run.shop);
    const generated = run.shopify.orders.generate(run.shop, 6, {
      seed: 61,
      customers: [regular.id],
      guestShare: 1,
    });
    const unpaid = addUnpaidOrder(run, null);
    const gids = [...generated.map((o) => o.gid), unpaid.gid];
    await run.waitForPosting(gids);

    for (const gid of gids) {
      expect(chosenCustomer(run, gid)).toMatchObject({
        customerId: null,
        addressNumber: String(GENERIC_AN8),
        reason: "customer.guest",
      });
    }
    expect(receivableAddressNumbers(run, unpaid.name)).toEqual([GENERIC_AN8]);
    expect(recordsOf(run, regular)).toEqual([]);
    expect(run.jde.stats().customersCreated).toBe(0);
    expect(await exactlyOnceProblems(run, gids)).toEqual([]);
  });

  it("posts a customer Shopify withholds (no protected customer data approval) on the generic customer", async () => {
    const run = await start({ shop: { protectedCustomerData: false } });
    const withheld = run.shopify.customers.create(run.shop);
    const order = addUnpaidOrder(run, withheld.id);
    await run.waitForPosting([order.gid]);

    expect(receivableAddressNumbers(run, order.name)).toEqual([GENERIC_AN8]);
    expect(chosenCustomer(run, order.gid)).toMatchObject({
      customerId: customerGid(withheld),
      addressNumber: String(GENERIC_AN8),
      reason: "customer.name_missing",
    });
    expect(recordsOf(run, withheld)).toEqual([]);
    expect(run.jde.stats().customersCreated).toBe(0);
  });

  it("propagates an address change from customers/update to F0116 without a new record, and not the phone it does not own", async () => {
    const run = await start({
      subscribeTopics: [...ORDER_TOPICS, ...CUSTOMER_TOPICS],
      customers: { ownedFields: ["name", "address", "email"] },
    });
    const lin = run.shopify.customers.create(run.shop, {
      firstName: "Lin",
      lastName: "Okafor",
      company: null,
      phone: "+14155550100",
      address1: "1 Market St",
      city: "San Francisco",
    });
    const first = addUnpaidOrder(run, lin.id);
    await run.waitForPosting([first.gid]);
    const [created] = recordsOf(run, lin);
    const an8 = created!.an8;
    expect(created!.addresses[0]).toMatchObject({ ALADD1: "1 Market St", ALCTY1: "San Francisco" });
    expect(created!.phones.map((p) => p.WPPH1.trim())).toEqual(["+14155550100"]);

    run.shopify.customers.update(run.shop, lin.id, {
      address1: "1 Infinite Loop",
      city: "Cupertino",
      phone: "+14155550199",
    });
    await run.waitForPosting([first.gid]); // the customer-sync job of customers/update
    const changed = run.jde.customers.get(an8)!;
    expect(changed.addresses).toHaveLength(1);
    expect(changed.addresses[0]).toMatchObject({ ALADD1: "1 Infinite Loop", ALCTY1: "Cupertino" });
    expect(changed.phones.map((p) => p.WPPH1.trim())).toEqual(["+14155550100"]);

    // The next order finds the link current: no call changes anything, the phone stays JDE's.
    const second = addUnpaidOrder(run, lin.id);
    await run.waitForPosting([first.gid, second.gid]);
    expect(recordsOf(run, lin).map((r) => r.an8)).toEqual([an8]);
    expect(receivableAddressNumbers(run, second.name)).toEqual([an8]);
    expect(run.jde.customers.get(an8)!.phones.map((p) => p.WPPH1.trim())).toEqual(["+14155550100"]);
    expect(run.jde.stats()).toMatchObject({ customersCreated: 1, customersUpdated: 1 });
    expect(auditEntries(run, "customer.updated").map((e) => e.detail.update)).toEqual(["ADD"]);
  });

  it("parks an order whose customer JDE refuses with MLC_JDE_CUSTOMER_REJECTED, and posts it with the customer's AN8 once unparked", async () => {
    const run = await start();
    const refused = run.shopify.customers.create(run.shop);
    run.jde.control.customers.rejectWhere(
      { alky: crossReferenceOf(refused) },
      { CODE: "0117", DESC: "Search Type Invalid: C" },
    );
    const order = addUnpaidOrder(run, refused.id);
    let parked: Awaited<ReturnType<typeof run.connector.store.jobs.list>> = [];
    await until(
      async () => {
        parked = await run.connector.store.jobs.list({ status: "parked" });
        return parked.length > 0;
      },
      15_000,
      "the order job to park",
    );
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ key: order.gid, parkCode: "MLC_JDE_CUSTOMER_REJECTED" });
    expect(parked[0]!.parkReason).toContain("0117 Search Type Invalid: C");
    expect(recordsOf(run, refused)).toEqual([]);
    expect(run.jde.ledger.documents().filter((d) => d.vinv.trim() === order.name)).toEqual([]);
    expect(auditEntries(run, "customer.rejected").map((e) => e.detail.customerId)).toEqual([
      customerGid(refused),
    ]);

    run.jde.control.customers.clearRejections();
    expect(await run.connector.store.jobs.unpark(parked[0]!.id)).toBe(true);
    await run.waitForPosting([order.gid]);
    const records = recordsOf(run, refused);
    expect(records).toHaveLength(1);
    expect(receivableAddressNumbers(run, order.name)).toEqual([records[0]!.an8]);
    expect(await exactlyOnceProblems(run, [order.gid])).toEqual([]);
  });

  it(`creates one record per customer for ${RUN_ORDERS} orders of ${RUN_CUSTOMERS} customers, posts each order once, and batches the AIS calls`, {
    timeout: RUN_DEADLINE_MS + 60_000,
  }, async () => {
    const run = await start({
      customers: { batch: { maxCustomers: MAX_CUSTOMERS, maxWaitMs: MAX_WAIT_MS } },
    });
    const customers = Array.from({ length: RUN_CUSTOMERS }, () => run.shopify.customers.create(run.shop));
    const orders = run.shopify.orders.generate(run.shop, RUN_ORDERS, {
      seed: 606,
      customers: customers.map((c) => c.id),
    });
    const gids = orders.map((o) => o.gid);
    await run.waitForPosting(gids, RUN_DEADLINE_MS);

    const ordering = new Set(orders.map((o) => crossReferenceOf(o.customer!.id)));
    const ours = connectorRecords(run);
    expect(ours).toHaveLength(ordering.size);
    expect(new Set(ours.map((r) => r.alky))).toEqual(ordering);
    expect(await exactlyOnceProblems(run, gids)).toEqual([]);
    const an8Of = new Map(ours.map((r) => [r.alky, String(r.an8)]));
    const chosen = new Map(
      auditEntries(run, "order.customer").map((e) => [e.orderId, e.detail.addressNumber]),
    );
    const receivables = receivableAddressNumbersByOrder(run);
    const misplaced = orders.filter((order) => {
      const expected = an8Of.get(crossReferenceOf(order.customer!.id));
      const onLines = (receivables.get(order.name) ?? []).map(String);
      return chosen.get(order.gid) !== expected || onLines.some((an8) => an8 !== expected);
    });
    expect(misplaced.map((o) => o.name)).toEqual([]);

    const firstRequests = firstRequestTimes(run, orders);
    const stats = run.jde.stats();
    const upserts = stats.calls["v3/orchestrator/MLC_CustomerUpsert"] ?? 0;
    const byAlkyOrNumber = stats.dataServiceByTable.F0101 ?? 0;
    const byEmail = stats.dataServiceByTable.F01151 ?? 0;
    const lookups = byAlkyOrNumber + byEmail;
    console.log(
      `customers: ${ordering.size}, AN8 records: ${ours.length}, AIS customer calls: ${upserts + lookups} (upsert ${upserts}, look-ups ${lookups})`,
    );
    // A linked customer's later orders cost nothing: no change is ever written, only adds.
    expect(stats).toMatchObject({
      customersCreated: ordering.size,
      customersUpdated: 0,
      customersRejected: 0,
    });
    // Per batch (docs/customers.md §3): at most one write, one F0101 look-up by ALKY, one F01151
    // look-up by e-mail and one F0101 read of the AN8s that found (none here: no JDE record has
    // these e-mails). Every batch that looks a customer up here also adds it.
    expect(byEmail).toBeLessThanOrEqual(upserts);
    expect(byAlkyOrNumber).toBeLessThanOrEqual(2 * upserts);
    // How many batches: not ceil(customers / maxCustomers). Each order job waits for its customer's
    // batch, so a batch takes the customers whose first order is read within its maxWaitMs window,
    // however many workers there are (measured: 32–45 writes for 100 customers at 200 ms, 19 at
    // 1,000 ms, the same with 50 workers). The windows are counted from the audit trail's read times,
    // at half the width for the few milliseconds between the read and the request.
    const windows = batchWindows(firstRequests, MAX_WAIT_MS / 2);
    console.log(`customer batch windows of ${MAX_WAIT_MS} ms: ${batchWindows(firstRequests, MAX_WAIT_MS)}`);
    expect(upserts).toBeGreaterThanOrEqual(Math.ceil(ordering.size / MAX_CUSTOMERS));
    expect(upserts).toBeLessThanOrEqual(windows);
    expect(upserts + lookups).toBeLessThanOrEqual(4 * windows);
  });
});
