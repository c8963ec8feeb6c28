import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDirectoryHarness } from "../customers/test-support/directory-harness.js";
import { makeCustomer } from "../customers/test-support/make-customer.js";
import type { OrderSnapshot } from "../domain/order.js";
import type { Clock } from "../lib/clock.js";
import { makeOrder, makeSale, makeSalesEvent } from "../mapping/test-support/make-order.js";
import { makePolicy } from "../mapping/test-support/make-policy.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import type { LeasedJob } from "./job-queue.js";
import { createOrderSyncHandler } from "./order-sync-job.js";

const CUSTOMER = "gid://shopify/Customer/7011111111111";
/** Unpaid (payment on delivery): its receivable stays open, on the customer. */
const unpaidOrder = (overrides: Partial<OrderSnapshot> = {}): OrderSnapshot =>
  makeOrder({
    id: "gid://shopify/Order/1",
    name: "#1",
    customerId: CUSTOMER,
    customerUpdatedAt: "2026-11-27T10:00:00Z",
    salesEvents: [
      makeSalesEvent({
        id: "gid://shopify/OrderAgreement/1",
        happenedAt: "2026-11-27T15:00:00Z",
        sales: [makeSale({ totalAmountMinor: 10_000n })],
      }),
    ],
    ...overrides,
  });

describe("order sync: the customer's AN8", () => {
  let store: Store;
  const clock: Clock = { now: () => new Date("2026-11-27T23:00:00Z"), sleep: async () => {} };
  const policy = makePolicy({ timezone: "America/New_York" });
  beforeEach(async () => {
    store = await openStore("sqlite::memory:", { clock });
    await store.migrate();
  });
  afterEach(async () => store.close());

  function setup(
    options: { summary?: "daily"; refuse?: boolean; ztable?: boolean; orders?: OrderSnapshot[] } = {},
  ) {
    const customers = createDirectoryHarness(store, {
      customers: [makeCustomer({ id: CUSTOMER, updatedAt: "2026-11-27T10:00:00Z" })],
      jde: {
        ...(options.ztable ? { path: "ztable" as const, firstAddressNumber: 6100 } : {}),
        ...(options.refuse ? { refuse: () => [{ code: "0730", description: "Business Unit invalid" }] } : {}),
      },
    });
    const orders = new Map((options.orders ?? [unpaidOrder()]).map((o) => [o.id, o]));
    // Counts the order sync's questions to the directory; `configured: false` = no `customers` block yet.
    const directory = { asked: 0, configured: true };
    const handler = createOrderSyncHandler({
      tenant: () => ({
        policy,
        orders: {
          fetchOrder: async (id) => orders.get(id) ?? null,
          listUpdatedOrderIds: async () => ({ orderIds: [], nextCursor: null }),
        },
        ...(directory.configured
          ? {
              customers: {
                addressNumberFor: (...args: Parameters<typeof customers.directory.addressNumberFor>) => {
                  directory.asked += 1;
                  return customers.directory.addressNumberFor(...args);
                },
              },
            }
          : {}),
        ...(options.summary ? { summary: options.summary } : {}),
      }),
      posting: store.posting,
      summaries: store.summaries,
      audit: store.audit,
      clock,
      onDocumentsRecorded: () => {},
    });
    const sync = (orderId = "gid://shopify/Order/1") =>
      handler({ tenantId: "acme", key: orderId, payload: {} } as LeasedJob);
    return { customers, orders, directory, sync };
  }

  const receivableAddressNumbers = async () =>
    (await store.posting.listDocuments({ tenantId: "acme" })).flatMap((d) =>
      d.lines.map((line) => [line.kind, line.addressNumber ?? null]),
    );

  /** Per document, in sequence: the AN8 of each receivable line (null when it has none). */
  const receivableAddressNumbersByDocument = async () =>
    (await store.posting.listDocuments({ tenantId: "acme" })).map((d) =>
      d.lines.filter((line) => line.kind === "receivable").map((line) => line.addressNumber ?? null),
    );
  const saleEvents = () => unpaidOrder().salesEvents;
  /** One of the two items returned before the order was paid: the receivable shrinks by 25.00. */
  const refundEvent = makeSalesEvent({
    id: "gid://shopify/RefundAgreement/2",
    reason: "REFUND",
    happenedAt: "2026-11-28T15:00:00Z",
    sales: [makeSale({ actionType: "RETURN", totalAmountMinor: -2_500n })],
  });

  it("puts the customer's AN8 on the receivable lines, and only there", async () => {
    const t = setup();
    expect(await t.sync()).toEqual({ type: "done" });
    const lines = await receivableAddressNumbers();
    expect(lines.filter(([kind]) => kind === "receivable")).toEqual([["receivable", "9001"]]);
    expect(lines.filter(([kind]) => kind !== "receivable").every(([, an8]) => an8 === null)).toBe(true);
    const trail = await store.audit.listByOrder("acme", "gid://shopify/Order/1");
    expect(trail.find((e) => e.step === "order.customer")?.detail).toEqual({
      customerId: CUSTOMER,
      addressNumber: "9001",
      reason: "customer.linked",
      source: "created",
    });
  });

  it("posts a guest checkout to the generic customer", async () => {
    const t = setup({ orders: [unpaidOrder({ customerId: null, customerUpdatedAt: null })] });
    await t.sync();
    expect((await receivableAddressNumbers()).filter(([kind]) => kind === "receivable")).toEqual([
      ["receivable", "4242"],
    ]);
    expect(t.customers.shopify.reads()).toBe(0);
  });

  it("summary mode asks for no customer and puts no AN8 on any line", async () => {
    const t = setup({ summary: "daily" });
    await t.sync();
    const [contribution] = await store.summaries.openContributions("acme");
    expect(contribution?.lines.length).toBeGreaterThan(0);
    expect(contribution?.lines.every((line) => line.addressNumber === undefined)).toBe(true);
    expect(t.customers.shopify.reads()).toBe(0);
    expect(t.customers.jde.calls.write).toBe(0);
  });

  it("leaves the customer alone when the order has nothing new to post", async () => {
    const t = setup();
    await t.sync();
    const reads = t.customers.shopify.reads();
    const calls = { ...t.customers.jde.calls };
    // The customer changed since; the order's events are all posted: nothing to bring up to date for it.
    const later = "2026-11-27T12:00:00Z";
    t.customers.shopify.set(makeCustomer({ id: CUSTOMER, email: "new@example.com", updatedAt: later }));
    t.orders.set("gid://shopify/Order/1", unpaidOrder({ customerUpdatedAt: later }));
    expect(await t.sync()).toEqual({ type: "done" });
    expect(t.customers.shopify.reads()).toBe(reads);
    expect(t.customers.jde.calls).toEqual(calls);
  });

  it("keeps the AN8 of the order's first document: a refund after a link-later add resolved stays generic", async () => {
    const t = setup({ ztable: true });
    await t.sync(); // R01010Z has not run: the sale goes to the generic customer
    expect(await receivableAddressNumbersByDocument()).toEqual([["4242"]]);
    t.customers.jde.runProcessor();
    expect(await t.customers.directory.resolvePendingLinks()).toMatchObject({ linked: 1 });
    expect(await store.customerLinks.get("acme", CUSTOMER)).toMatchObject({ addressNumber: "6100" });
    const reads = t.customers.shopify.reads();
    const calls = { ...t.customers.jde.calls };
    const asked = t.directory.asked;

    t.orders.set("gid://shopify/Order/1", unpaidOrder({ salesEvents: [...saleEvents(), refundEvent] }));
    expect(await t.sync()).toEqual({ type: "done" });

    // The refund's receivable credit nets the sale's debit on one customer in JDE.
    expect(await receivableAddressNumbersByDocument()).toEqual([["4242"], ["4242"]]);
    expect(t.directory.asked).toBe(asked);
    expect(t.customers.shopify.reads()).toBe(reads);
    expect(t.customers.jde.calls).toEqual(calls);
    const trail = await store.audit.listByOrder("acme", "gid://shopify/Order/1");
    expect(trail.filter((e) => e.step === "order.customer").map((e) => e.detail)).toEqual([
      { customerId: CUSTOMER, addressNumber: "4242", reason: "customer.link_pending" },
      { customerId: CUSTOMER, addressNumber: "4242", reason: "order.first_document" },
    ]);
  });

  it("asks the directory when the order's documents predate the customers block (no AN8 on them)", async () => {
    const t = setup();
    t.directory.configured = false;
    await t.sync();
    expect(await receivableAddressNumbersByDocument()).toEqual([[null]]);
    t.directory.configured = true;
    t.orders.set("gid://shopify/Order/1", unpaidOrder({ salesEvents: [...saleEvents(), refundEvent] }));
    await t.sync();
    expect(t.directory.asked).toBe(1);
    expect(await receivableAddressNumbersByDocument()).toEqual([[null], ["9001"]]);
  });

  it("parks the order with MLC_JDE_CUSTOMER_REJECTED and JDE's reasons when JDE refuses the customer", async () => {
    const t = setup({ refuse: true });
    const result = await t.sync();
    expect(result).toMatchObject({ type: "park", code: "MLC_JDE_CUSTOMER_REJECTED" });
    expect(result.type === "park" && result.reason).toContain("0730 Business Unit invalid");
    expect(await store.posting.listDocuments({ tenantId: "acme" })).toEqual([]);
    const trail = await store.audit.listByOrder("acme", "gid://shopify/Order/1");
    expect(trail.at(-1)).toMatchObject({
      step: "order.parked",
      detail: { code: "MLC_JDE_CUSTOMER_REJECTED" },
    });
  });
});
