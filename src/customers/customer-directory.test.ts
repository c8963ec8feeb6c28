import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FreshStore, freshStore } from "../../test/support/store-backends.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { CustomerSettings } from "./customer-settings.js";
import { createDirectoryHarness } from "./test-support/directory-harness.js";
import { makeCustomer, makeWithheldCustomer } from "./test-support/make-customer.js";
import type { createMemoryJdeCustomers } from "./test-support/memory-jde-customers.js";

const ADA = makeCustomer();
const UPDATED_LATER = "2026-11-27T11:00:00Z";
const gid = (n: number) => `gid://shopify/Customer/70112345${String(n).padStart(5, "0")}`;
const customer = (n: number, overrides: Parameters<typeof makeCustomer>[0] = {}) =>
  makeCustomer({ id: gid(n), firstName: `Customer${n}`, email: `customer${n}@example.com`, ...overrides });

let fresh: FreshStore;
let tenantSeq = 0;
beforeAll(async () => {
  fresh = await freshStore("sqlite");
});
afterAll(async () => {
  await fresh.dispose();
});

function harness(
  options: {
    settings?: Partial<CustomerSettings>;
    jde?: Parameters<typeof createMemoryJdeCustomers>[0];
    customers?: Parameters<typeof makeCustomer>[0][];
  } = {},
) {
  return createDirectoryHarness(fresh.store, {
    tenantId: `t${++tenantSeq}`,
    customers: (options.customers ?? [{}]).map((overrides) => makeCustomer(overrides)),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.jde ? { jde: options.jde } : {}),
  });
}

describe("customer directory: which AN8 an order gets", () => {
  it("creates a new customer once, then uses the link without asking Shopify or JDE", async () => {
    const t = harness();
    expect(await t.directory.addressNumberFor(ADA.id, { customerUpdatedAt: ADA.updatedAt })).toEqual({
      addressNumber: "9001",
      reason: "customer.linked",
      source: "created",
    });
    expect(t.jde.writes).toEqual([[expect.objectContaining({ kind: "add", addressNumber: null })]]);
    expect(t.jde.record("9001")).toMatchObject({
      crossReference: "SH7011234567890",
      email: "ada@example.com",
    });
    expect(t.steps("customer.created")).toEqual([
      { customerId: ADA.id, addressNumber: "9001", source: "created" },
    ]);
    const calls = { ...t.jde.calls };

    expect(await t.directory.addressNumberFor(ADA.id, { customerUpdatedAt: ADA.updatedAt })).toMatchObject({
      addressNumber: "9001",
    });
    expect(t.shopify.reads()).toBe(1);
    expect(t.jde.calls).toEqual(calls);
  });

  it("finds a returning customer with a new e-mail by its GID: no new record, only the e-mail changes", async () => {
    const t = harness();
    await t.directory.addressNumberFor(ADA.id);
    t.shopify.set({ ...ADA, email: "ada.king@example.com", updatedAt: UPDATED_LATER });
    const emailLookups = t.jde.calls.findByEmail;

    expect(await t.directory.addressNumberFor(ADA.id, { customerUpdatedAt: UPDATED_LATER })).toMatchObject({
      addressNumber: "9001",
      reason: "customer.linked",
    });
    expect(t.jde.writes[1]).toEqual([
      expect.objectContaining({ kind: "change", addressNumber: "9001", update: "EMAL" }),
    ]);
    expect(t.jde.records()).toHaveLength(1);
    expect(t.jde.record("9001")?.email).toBe("ada.king@example.com");
    expect(t.jde.calls.findByEmail).toBe(emailLookups);
    expect(t.steps("customer.updated")).toEqual([
      { customerId: ADA.id, addressNumber: "9001", update: "EMAL" },
    ]);
  });

  it("adopts the JDE record carrying the customer's cross-reference when the connector's link is lost", async () => {
    const t = harness({ customers: [{ email: "ada.king@example.com" }] });
    t.jde.seed({
      addressNumber: "7001",
      searchType: "C",
      crossReference: "SH7011234567890",
      email: "ada@old.example",
    });

    expect(await t.directory.addressNumberFor(ADA.id)).toEqual({
      addressNumber: "7001",
      reason: "customer.linked",
      source: "alky",
    });
    expect(t.jde.writes).toEqual([
      [expect.objectContaining({ kind: "change", addressNumber: "7001", update: "ALPH,MLNM,ADD,EMAL,PH" })],
    ]);
    expect(t.jde.record("7001")).toMatchObject({
      email: "ada.king@example.com",
      companies: new Set(["00100"]),
    });
    expect(t.steps("customer.linked")).toEqual([
      { customerId: ADA.id, addressNumber: "7001", source: "alky", by: "alky" },
    ]);
  });

  it("adopts the only customer record with the e-mail: writes only the cross-reference, keeps what finance keyed", async () => {
    const t = harness();
    const keyed = { ALPH: "LOVELACE, ADA", ADD1: "Ockham Park" };
    t.jde.seed({
      addressNumber: "7002",
      searchType: "C",
      crossReference: "",
      email: "ada@example.com",
      fields: keyed,
    });

    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({
      addressNumber: "7002",
      source: "email",
    });
    expect(t.jde.writes[0]).toEqual([
      expect.objectContaining({ kind: "change", addressNumber: "7002", update: "ALKY" }),
    ]);
    expect(t.jde.record("7002")).toMatchObject({
      crossReference: "SH7011234567890",
      fields: keyed,
      companies: new Set(["00100"]),
    });
    expect(t.steps("customer.updated")).toEqual([
      { customerId: ADA.id, addressNumber: "7002", update: "ALKY" },
    ]);

    // The current hash counts as sent: the next order costs no JDE call; a later change goes alone.
    const writes = t.jde.calls.write;
    await t.directory.addressNumberFor(ADA.id, { customerUpdatedAt: ADA.updatedAt });
    expect(t.jde.calls.write).toBe(writes);
    t.shopify.set({ ...ADA, phone: "+442079460001", updatedAt: UPDATED_LATER });
    await t.directory.syncCustomer(ADA.id);
    expect(t.jde.writes[1]).toEqual([expect.objectContaining({ addressNumber: "7002", update: "PH" })]);
    expect(t.jde.record("7002")?.fields).toMatchObject(keyed);
  });

  it("gives the second Shopify customer of one e-mail its own record and audits why (AN8s only)", async () => {
    const t = harness({ customers: [{ id: gid(1) }, { id: gid(2), firstName: "Ben" }] });
    expect(await t.directory.addressNumberFor(gid(1))).toMatchObject({ addressNumber: "9001" });
    expect(await t.directory.addressNumberFor(gid(2))).toMatchObject({ addressNumber: "9002" });

    expect(t.jde.writes.flat().map((row) => row.kind)).toEqual(["add", "add"]);
    expect(t.steps("customer.email_shared")).toEqual([
      { customerId: gid(2), why: "cross-referenced-elsewhere", addressNumbers: ["9001"] },
    ]);
    const trail = JSON.stringify(t.audit.entries);
    for (const personal of ["ada@example.com", "Ada", "Ben", "Lovelace", "London"])
      expect(trail).not.toContain(personal);
  });

  it("does not let two new customers of one batch adopt the same record by e-mail", async () => {
    const t = harness({ customers: [{ id: gid(1) }, { id: gid(2) }] });
    t.jde.seed({ addressNumber: "7002", searchType: "C", crossReference: "", email: "ada@example.com" });

    const [first, second] = await Promise.all([
      t.directory.addressNumberFor(gid(1)),
      t.directory.addressNumberFor(gid(2)),
    ]);
    expect([first?.addressNumber, second?.addressNumber]).toEqual(["7002", "9001"]);
    expect(t.jde.calls).toMatchObject({ findByCrossReference: 1, findByEmail: 1, write: 1 });
    expect(t.steps("customer.email_shared")).toEqual([
      { customerId: gid(2), why: "linked-to-another-customer", addressNumbers: ["7002"] },
    ]);
  });

  it.each([
    ["a guest checkout", null, "customer.guest", 0],
    ["a customer Shopify withholds (no protected data)", ADA.id, "customer.name_missing", 1],
    ["a customer Shopify no longer has", gid(404), "customer.not_found", 1],
  ] as const)("posts %s to the generic customer without calling JDE", async (_case, id, reason, reads) => {
    const t = harness();
    t.shopify.set(makeWithheldCustomer());
    expect(await t.directory.addressNumberFor(id)).toEqual({ addressNumber: "4242", reason });
    expect(t.shopify.reads()).toBe(reads);
    expect(Object.values(t.jde.calls).every((count) => count === 0)).toBe(true);
  });

  it("posts a customer Shopify refuses to show (protected data not approved) to the generic customer", async () => {
    const t = harness();
    t.shopify.source.fetchCustomer = async () => {
      throw new ConnectorError(
        "MLC_SHOPIFY_ACCESS_DENIED",
        "This app is not approved to access the Customer object",
      );
    };
    expect(await t.directory.addressNumberFor(ADA.id)).toEqual({
      addressNumber: "4242",
      reason: "customer.access_denied",
    });
    expect(t.jde.calls.write).toBe(0);
  });

  it("answers sync none with the generic customer without reading anything", async () => {
    const t = harness({ settings: { sync: "none" } });
    expect(await t.directory.addressNumberFor(ADA.id)).toEqual({
      addressNumber: "4242",
      reason: "customer.sync_none",
    });
    expect(await t.directory.syncCustomer(ADA.id)).toMatchObject({ reason: "customer.sync_none" });
    expect(t.shopify.reads()).toBe(0);
  });

  it("sends an address change as one change whose UPDATE holds ADD only", async () => {
    const t = harness();
    await t.directory.addressNumberFor(ADA.id);
    t.shopify.set({
      ...ADA,
      defaultAddress: { ...ADA.defaultAddress!, address1: "1 Marylebone Rd", zip: "NW1 5LR" },
      updatedAt: UPDATED_LATER,
    });
    await t.directory.syncCustomer(ADA.id);
    expect(t.jde.writes[1]).toEqual([
      expect.objectContaining({ kind: "change", addressNumber: "9001", update: "ADD" }),
    ]);
    expect(t.jde.record("9001")?.fields).toMatchObject({ ADD1: "1 Marylebone Rd", ALPH: "Ada Lovelace" });

    const writes = t.jde.calls.write;
    await t.directory.syncCustomer(ADA.id); // read again, nothing changed: no JDE call
    expect(t.jde.calls.write).toBe(writes);
  });

  it("audits a cut value with its field, length and width, never the value", async () => {
    const company = "The Analytical Engine Company of Greater London Ltd";
    const t = harness({ customers: [{ defaultAddress: { ...ADA.defaultAddress!, company } }] });
    await t.directory.addressNumberFor(ADA.id);
    expect(t.steps("customer.truncated")).toEqual([
      { customerId: ADA.id, field: "ALPH", length: company.length, width: 40 },
    ]);
    expect(JSON.stringify(t.audit.entries)).not.toContain(company.slice(0, 40));
  });
});

describe("customer directory: batches", () => {
  it("100 customers × 5 concurrent orders: 100 adds, in about one JDE round per maxCustomers", async () => {
    const maxCustomers = 25;
    const customers = Array.from({ length: 100 }, (_, n) => customer(n));
    const t = harness({
      settings: { batch: { maxCustomers, maxWaitMs: 20 } },
      customers: customers.map((c) => c),
    });
    const orders = customers.flatMap((c) => Array.from({ length: 5 }, () => c));
    const answers = await Promise.all(
      orders.map((c) => t.directory.addressNumberFor(c.id, { customerUpdatedAt: c.updatedAt })),
    );

    const adds = t.jde.writes.flat().filter((row) => row.kind === "add");
    expect(adds).toHaveLength(100);
    expect(new Set(answers.map((a) => a.addressNumber)).size).toBe(100);
    for (const [index, c] of customers.entries()) {
      const own = answers.slice(index * 5, index * 5 + 5).map((a) => a.addressNumber);
      expect(new Set(own).size, c.id).toBe(1);
    }
    const rounds = Math.ceil(100 / maxCustomers);
    expect(t.jde.calls.write).toBeLessThanOrEqual(rounds + 2);
    expect(t.jde.calls.findByCrossReference).toBeLessThanOrEqual(rounds + 2);
    expect(t.jde.calls.findByEmail).toBeLessThanOrEqual(rounds + 2);
    expect(t.shopify.reads()).toBeLessThanOrEqual(100 + maxCustomers);
  });

  it("fails only the row JDE refuses, with JDE's reasons; the batch's other customers are linked", async () => {
    const t = harness({
      customers: [{ id: gid(1) }, { id: gid(2), firstName: "Refused", email: "r@example.com" }],
      jde: {
        refuse: (row) =>
          row.record.ALPH.startsWith("Refused")
            ? [{ code: "0730", description: "Business Unit invalid" }]
            : null,
      },
    });
    const [ok, refused] = await Promise.allSettled([
      t.directory.addressNumberFor(gid(1)),
      t.directory.addressNumberFor(gid(2)),
    ]);
    expect(ok).toMatchObject({ status: "fulfilled", value: { addressNumber: "9001" } });
    expect(refused).toMatchObject({
      status: "rejected",
      reason: { code: "MLC_JDE_CUSTOMER_REJECTED", retryable: false },
    });
    expect((refused as PromiseRejectedResult).reason.message).toContain("0730 Business Unit invalid");
    expect(t.jde.calls.write).toBe(1);
    expect(await fresh.store.customerLinks.get(t.tenantId, gid(2))).toBeUndefined();
  });

  it("lets AIS being down propagate as it is (retryable), and succeeds on the retry", async () => {
    const t = harness();
    t.jde.failNextCall(new ConnectorError("MLC_AIS_UNAVAILABLE", "AIS answered 503"));
    await expect(t.directory.addressNumberFor(ADA.id)).rejects.toMatchObject({
      code: "MLC_AIS_UNAVAILABLE",
      retryable: true,
    });
    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({ addressNumber: "9001" });
  });
});

describe("customer directory: the Z-table path", () => {
  it("range mode assigns consecutive numbers of the range and links at once; an exhausted range fails clearly", async () => {
    const t = harness({
      settings: { ztable: { addressNumbers: { mode: "range", from: 500, to: 502 } } },
      jde: { path: "ztable" },
      customers: [1, 2, 3, 4].map((n) => ({ id: gid(n), email: `c${n}@example.com` })),
    });
    const answers = await Promise.all([1, 2, 3].map((n) => t.directory.addressNumberFor(gid(n))));
    expect(answers.map((a) => a.addressNumber)).toEqual(["500", "501", "502"]);
    expect(answers.every((a) => a.reason === "customer.linked" && a.source === "range")).toBe(true);
    expect(t.jde.writes[0]?.map((row) => [row.kind, row.addressNumber])).toEqual([
      ["add", "500"],
      ["add", "501"],
      ["add", "502"],
    ]);

    await expect(t.directory.addressNumberFor(gid(4))).rejects.toMatchObject({
      code: "MLC_JDE_CUSTOMER_NUMBERS_EXHAUSTED",
      retryable: false,
    });
    expect(t.jde.calls.write).toBe(1);
  });

  it("link-later: orders go generic while the add waits for R01010Z, then carry the AN8 it assigned", async () => {
    const t = harness({ jde: { path: "ztable", firstAddressNumber: 6100 } });
    const pending = { addressNumber: "4242", reason: "customer.link_pending" };
    expect(await t.directory.addressNumberFor(ADA.id)).toEqual(pending);
    expect(await fresh.store.customerLinks.get(t.tenantId, ADA.id)).toMatchObject({ state: "pending" });
    expect(await t.directory.addressNumberFor(ADA.id)).toEqual(pending); // no second add
    expect(t.jde.writes.flat().map((row) => [row.kind, row.addressNumber])).toEqual([["add", null]]);
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ checked: 1, waiting: 1, linked: 0 });

    t.jde.runProcessor(); // R01010Z: the record exists, without F01151 and F03012 (they need its AN8)
    expect(t.jde.record("6100")).toMatchObject({ email: "", companies: new Set() });
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ checked: 1, linked: 1 });
    expect(t.jde.writes[1]).toEqual([
      expect.objectContaining({ kind: "change", addressNumber: "6100", update: "EMAL" }),
    ]);
    t.jde.runProcessor();
    expect(t.jde.record("6100")).toMatchObject({ email: "ada@example.com", companies: new Set(["00100"]) });

    expect(await t.directory.addressNumberFor(ADA.id, { customerUpdatedAt: ADA.updatedAt })).toEqual({
      addressNumber: "6100",
      reason: "customer.linked",
      source: "created",
    });
    expect(t.steps("customer.linked")).toEqual([
      {
        customerId: ADA.id,
        addressNumber: "6100",
        source: "created",
        by: "alky",
        completesPendingLink: true,
      },
    ]);
  });

  it("link-later: the customer's next order completes the link too", async () => {
    const t = harness({ jde: { path: "ztable", firstAddressNumber: 6100 } });
    await t.directory.addressNumberFor(ADA.id);
    t.jde.runProcessor();
    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({ addressNumber: "6100" });
    expect(t.jde.writes.flat().filter((row) => row.kind === "add")).toHaveLength(1);
  });

  it("link-later: a staged add R01010Z refused parks the customer's orders with the processor's reasons", async () => {
    const t = harness({
      jde: { path: "ztable", refuse: () => [{ code: "0730", description: "Business Unit invalid" }] },
    });
    await t.directory.addressNumberFor(ADA.id);
    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ refused: 1, linked: 0 });
    const error = await t.directory.addressNumberFor(ADA.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "MLC_JDE_CUSTOMER_REJECTED", retryable: false });
    expect((error as Error).message).toContain("Business Unit invalid");
  });
});
