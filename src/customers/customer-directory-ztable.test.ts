import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FreshStore, freshStore } from "../../test/support/store-backends.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createFakeClock } from "../shopify/fake-clock.test-helper.js";
import type { CustomerSettings } from "./customer-settings.js";
import type { JdeCustomerWrite } from "./jde-customer-port.js";
import { createDirectoryHarness } from "./test-support/directory-harness.js";
import { makeCustomer } from "./test-support/make-customer.js";
import type { createMemoryJdeCustomers } from "./test-support/memory-jde-customers.js";

/** Issue 6 on the Z-table path: range numbers, refused adds and refused changes read back. */

const ADA = makeCustomer();
const ALKY = "SH7011234567890";
const LATER = "2026-11-27T11:00:00Z";
const RANGE: Partial<CustomerSettings> = {
  ztable: { addressNumbers: { mode: "range", from: 500, to: 599 } },
};
const REFUSED = [{ code: "0730", description: "Business Unit invalid" }];
const gid = (n: number) => `gid://shopify/Customer/70112345${String(n).padStart(5, "0")}`;
const refuseName =
  (prefix: string) =>
  (row: JdeCustomerWrite): typeof REFUSED | null =>
    row.kind === "add" && row.record.ALPH.startsWith(prefix) ? REFUSED : null;

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
  const fake = createFakeClock();
  const t = createDirectoryHarness(fresh.store, {
    tenantId: `z${++tenantSeq}`,
    customers: (options.customers ?? [{}]).map((overrides) => makeCustomer(overrides)),
    settings: options.settings ?? RANGE,
    jde: { path: "ztable", clock: fake.clock, ...options.jde },
    clock: fake.clock,
  });
  const link = (customerId = ADA.id) => fresh.store.customerLinks.get(t.tenantId, customerId);
  const adds = () => t.jde.writes.flat().filter((row) => row.kind === "add");
  /** The periodic check a minute later: refused change rows are read back at most once a minute. */
  const checkAMinuteLater = () => {
    fake.advance(60_000);
    return t.directory.resolvePendingLinks();
  };
  return { ...t, link, adds, checkAMinuteLater };
}

describe("customer directory, Z-table range numbers", () => {
  it("skips a range number someone keyed in F0101, audits it by AN8 alone, and takes the next", async () => {
    const t = harness();
    t.jde.seed({ addressNumber: "500", searchType: "C", crossReference: "", email: "" });
    expect(await t.directory.addressNumberFor(ADA.id)).toEqual({
      addressNumber: "501",
      reason: "customer.linked",
      source: "range",
    });
    expect(t.adds().map((row) => row.addressNumber)).toEqual(["501"]);
    expect(t.steps("customer.range_number_taken")).toEqual([{ addressNumber: "500" }]);
    expect(await t.link()).toMatchObject({
      state: "linked",
      addressNumber: "501",
      reservedAddressNumber: "501",
    });
  });

  it("reserves the number before the write: a failed write's retry takes the same number", async () => {
    const t = harness({ customers: [{}, { id: gid(2), email: "two@example.com" }] });
    t.jde.failNextCall(new ConnectorError("MLC_JDE_DATABASE_UNAVAILABLE", "connection lost"), "write");
    await expect(t.directory.addressNumberFor(ADA.id)).rejects.toMatchObject({ retryable: true });
    expect(await t.link()).toMatchObject({
      state: "pending",
      addressNumber: null,
      reservedAddressNumber: "500",
    });

    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({ addressNumber: "500" });
    expect(await t.directory.addressNumberFor(gid(2))).toMatchObject({ addressNumber: "501" });
    // The failed write never reached JDE; the retry carries the reserved 500, the next customer 501.
    expect(t.jde.calls.write).toBe(3);
    expect(t.adds().map((row) => [row.record.ALKY, row.addressNumber])).toEqual([
      [ALKY, "500"],
      ["SH7011234500002", "501"],
    ]);
  });

  it("uses a staged range add whose write answer was lost as it is: linked at once, unconfirmed, no second add", async () => {
    const t = harness();
    await t.directory.addressNumberFor(ADA.id);
    const lost = { tenantId: t.tenantId, customerGid: ADA.id, source: "range" as const };
    await fresh.store.customerLinks.upsert({ ...lost, state: "pending", addressNumber: null });
    expect(await t.directory.addressNumberFor(ADA.id)).toEqual({
      addressNumber: "500",
      reason: "customer.linked",
      source: "range",
    });
    expect(t.adds()).toHaveLength(1);
    expect(await t.link()).toMatchObject({
      state: "linked",
      addressNumber: "500",
      reservedAddressNumber: "500",
    });
  });

  it("uses a range add at once, unconfirmed until the check reads R01010Z's Y", async () => {
    const t = harness();
    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({ addressNumber: "500" });
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ checked: 1, waiting: 1, confirmed: 0 });
    expect((await t.link())?.reservedAddressNumber).toBe("500");

    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ checked: 1, confirmed: 1 });
    expect(await t.link()).toMatchObject({
      state: "linked",
      addressNumber: "500",
      reservedAddressNumber: null,
    });
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ checked: 0 });
    expect(await t.directory.addressNumberFor(ADA.id, { customerUpdatedAt: ADA.updatedAt })).toMatchObject({
      addressNumber: "500",
    });
  });

  it("reopens a refused range add (audited with its transaction), parks the same data, and re-stages fixed data with the same number", async () => {
    const t = harness({
      customers: [{ firstName: "Refused" }, { id: gid(2), email: "two@example.com" }],
      jde: { refuse: refuseName("Refused") },
    });
    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({ addressNumber: "500" });
    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ refused: 1, confirmed: 0 });
    expect(t.steps("customer.rejected")).toEqual([
      {
        customerId: ADA.id,
        addressNumber: "500",
        table: "F0101Z2",
        transactionNumber: "T1",
        batch: "B1",
      },
    ]);
    const reopened = await t.link();
    expect(reopened).toMatchObject({ state: "pending", addressNumber: null, reservedAddressNumber: "500" });
    expect(reopened?.fingerprint).not.toBeNull();

    // The same data would be refused again: the order parks, nothing is staged.
    await expect(t.directory.addressNumberFor(ADA.id)).rejects.toMatchObject({
      code: "MLC_JDE_CUSTOMER_REJECTED",
    });
    expect(t.adds()).toHaveLength(1);

    t.shopify.set({ ...ADA, firstName: "Ada", updatedAt: LATER });
    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({
      addressNumber: "500",
      reason: "customer.linked",
    });
    expect(t.adds().map((row) => [row.addressNumber, row.record.ALPH])).toEqual([
      ["500", "Refused Lovelace"],
      ["500", "Ada Lovelace"],
    ]);
    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ confirmed: 1 });
    expect((await t.link())?.reservedAddressNumber).toBeNull();
    expect(await t.directory.addressNumberFor(gid(2))).toMatchObject({ addressNumber: "501" });
  });

  it("adopts the record when the operator corrects and resubmits the refused row in JDE", async () => {
    const t = harness({ customers: [{ firstName: "Refused" }], jde: { refuse: refuseName("Refused") } });
    await t.directory.addressNumberFor(ADA.id);
    t.jde.runProcessor();
    await t.directory.resolvePendingLinks();
    t.jde.resubmitStagedAdd(ALKY, { ALPH: "LOVELACE, ADA" });
    t.jde.runProcessor();

    expect(await t.directory.addressNumberFor(ADA.id)).toEqual({
      addressNumber: "500",
      reason: "customer.linked",
      source: "range",
    });
    expect(await t.link()).toMatchObject({
      state: "linked",
      addressNumber: "500",
      reservedAddressNumber: null,
    });
    expect(t.steps("customer.linked")).toEqual([
      expect.objectContaining({ addressNumber: "500", by: "alky", completesPendingLink: true }),
    ]);
    expect(t.adds()).toHaveLength(1);
  });

  it.each([
    ["processed, then purged: confirmed from F0101", true, { confirmed: 1 }, 1],
    ["deleted before R01010Z: re-staged with the same number", false, { linked: 1, confirmed: 0 }, 2],
  ] as const)(
    "settles a range add whose F0101Z2 row is gone — %s",
    async (_case, processed, outcome, adds) => {
      const t = harness();
      await t.directory.addressNumberFor(ADA.id);
      if (processed) t.jde.runProcessor();
      t.jde.deleteStagedAdds(ALKY);
      expect(await t.directory.resolvePendingLinks()).toMatchObject(outcome);
      expect(t.adds().map((row) => row.addressNumber)).toEqual(Array(adds).fill("500"));
      expect(await t.link()).toMatchObject({
        addressNumber: "500",
        reservedAddressNumber: processed ? null : "500",
      });
    },
  );
});

describe("customer directory, Z-table refused adds and changes", () => {
  it("link-later: re-stages a refused add once the customer's data is fixed in Shopify, not before", async () => {
    const t = harness({
      settings: {},
      customers: [{ firstName: "Refused" }],
      jde: { firstAddressNumber: 6100, refuse: refuseName("Refused") },
    });
    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({ reason: "customer.link_pending" });
    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ refused: 1 });
    await expect(t.directory.addressNumberFor(ADA.id)).rejects.toMatchObject({
      code: "MLC_JDE_CUSTOMER_REJECTED",
    });
    expect(t.steps("customer.rejected")).toEqual([
      expect.objectContaining({ customerId: ADA.id, transactionNumber: "T1", batch: "B1" }),
    ]);

    t.shopify.set({ ...ADA, firstName: "Ada", updatedAt: LATER });
    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({ reason: "customer.link_pending" });
    expect(t.adds().map((row) => [row.addressNumber, row.record.ALPH])).toEqual([
      [null, "Refused Lovelace"],
      [null, "Ada Lovelace"],
    ]);
    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ linked: 1 });
    expect(await t.link()).toMatchObject({ state: "linked", addressNumber: "6100" });
  });

  it("checks every waiting link in turn: 500 links that never resolve do not hide a newer one", async () => {
    const t = harness({ settings: {}, jde: { firstAddressNumber: 6100 } });
    for (let n = 0; n < 500; n += 1) {
      await fresh.store.customerLinks.upsert({
        tenantId: t.tenantId,
        customerGid: gid(n),
        state: "pending",
        addressNumber: null,
        source: "created",
      });
    }
    await t.directory.addressNumberFor(ADA.id);
    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ checked: 500, linked: 0 });
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ checked: 500, linked: 1 });
    expect(await t.link()).toMatchObject({ state: "linked", addressNumber: "6100" });
  });

  it("reads back a refused change: erases the hash once, audits it by its keys, and the next sync resends every owned group", async () => {
    let refuseChanges = true;
    const t = harness({
      jde: { refuse: (row) => (row.kind === "change" && refuseChanges ? REFUSED : null) },
    });
    await t.directory.addressNumberFor(ADA.id);
    t.jde.runProcessor();
    await t.directory.resolvePendingLinks(); // confirmed
    t.shopify.set({ ...ADA, phone: "+442079460001", updatedAt: LATER });
    await t.directory.syncCustomer(ADA.id);
    expect(t.jde.writes.at(-1)).toEqual([expect.objectContaining({ kind: "change", update: "PH" })]);
    t.jde.runProcessor();

    expect(await t.checkAMinuteLater()).toMatchObject({ updatesRefused: 1 });
    expect(await t.link()).toMatchObject({ fingerprint: null, customerUpdatedAt: null });
    expect(t.steps("customer.update_refused")).toEqual([
      { customerId: ADA.id, addressNumber: "500", table: "F0101Z2", transactionNumber: "T2", batch: "B2" },
    ]);
    const reads = t.jde.calls.refusedUpdates;
    expect(await t.checkAMinuteLater()).toMatchObject({ updatesRefused: 0 });
    expect(t.jde.calls.refusedUpdates).toBe(reads + 1); // read again, acted on once
    expect(t.steps("customer.update_refused")).toHaveLength(1);
    expect(JSON.stringify(t.audit.entries)).not.toContain("+442079460001");

    refuseChanges = false;
    await t.directory.addressNumberFor(ADA.id, { customerUpdatedAt: LATER });
    expect(t.jde.writes.at(-1)).toEqual([
      expect.objectContaining({ kind: "change", update: "ALPH,MLNM,ADD,EMAL,PH" }),
    ]);
    t.jde.runProcessor();
    expect(await t.checkAMinuteLater()).toMatchObject({ updatesRefused: 0 });
    expect(t.jde.record("500")?.fields.PH1).toBe("+442079460001");
  });

  it("reads refused changes at most once a minute, and asks JDE nothing when no link waits in between", async () => {
    const t = harness();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ checked: 0, updatesRefused: 0 });
    expect(t.jde.calls.refusedUpdates).toBe(1);
    await t.directory.resolvePendingLinks();
    expect(t.jde.calls).toMatchObject({ refusedUpdates: 1, stagedAdds: 0 });
    await t.checkAMinuteLater();
    expect(t.jde.calls.refusedUpdates).toBe(2);
  });
});
