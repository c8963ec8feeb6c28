import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FreshStore, freshStore } from "../../test/support/store-backends.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createFakeClock } from "../shopify/fake-clock.test-helper.js";
import type { CustomerSettings } from "./customer-settings.js";
import type { JdeCustomerWrite } from "./jde-customer-port.js";
import { createDirectoryHarness } from "./test-support/directory-harness.js";
import { makeCustomer } from "./test-support/make-customer.js";
import type { createMemoryJdeCustomers, MemoryJdeCustomer } from "./test-support/memory-jde-customers.js";

/**
 * Issue 6 on the Z-table path, a range link's life: a change waits for the add's confirmation, a
 * number orders carry is never given up, and a link whose record JDE no longer has is dropped.
 */

const ADA = makeCustomer();
const ALKY = "SH7011234567890";
const LATER = "2026-11-27T11:00:00Z";
const RANGE: Partial<CustomerSettings> = {
  ztable: { addressNumbers: { mode: "range", from: 500, to: 599 } },
};
const REFUSED = [{ code: "0730", description: "Business Unit invalid" }];
/** A customer record keyed by hand in JDE (no F03012 row, nothing written by the connector). */
const KEYED = { searchType: "C", fields: {}, companies: new Set<string>() };

// One clock for the store and the directory: the store's row stamps move only when a test says so.
const fake = createFakeClock();
let fresh: FreshStore;
let tenantSeq = 0;
beforeAll(async () => {
  fresh = await freshStore("sqlite", { clock: fake.clock });
});
afterAll(async () => {
  await fresh.dispose();
});

function harness(
  options: {
    jde?: Parameters<typeof createMemoryJdeCustomers>[0];
    customers?: Parameters<typeof makeCustomer>[0][];
  } = {},
) {
  const t = createDirectoryHarness(fresh.store, {
    tenantId: `zl${++tenantSeq}`,
    customers: (options.customers ?? [{}]).map((overrides) => makeCustomer(overrides)),
    settings: RANGE,
    jde: { path: "ztable", clock: fake.clock, ...options.jde },
    clock: fake.clock,
  });
  const link = () => fresh.store.customerLinks.get(t.tenantId, ADA.id);
  const adds = () => t.jde.writes.flat().filter((row) => row.kind === "add");
  const changes = () => t.jde.writes.flat().filter((row) => row.kind === "change");
  /** The periodic check a minute later: refused change rows are read back at most once a minute. */
  const checkAMinuteLater = () => {
    fake.advance(60_000);
    return t.directory.resolvePendingLinks();
  };
  return { ...t, link, adds, changes, checkAMinuteLater };
}

describe("customer directory, Z-table: a change while the range add is unconfirmed", () => {
  it("holds the change back (the AN8 is answered) and sends it once the check confirms the add", async () => {
    const t = harness();
    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({ addressNumber: "500" });
    const staged = await t.link();

    t.shopify.set({ ...ADA, phone: "+442079460001", updatedAt: LATER });
    expect(await t.directory.syncCustomer(ADA.id)).toEqual({
      addressNumber: "500",
      reason: "customer.linked",
      source: "range",
    });
    expect(t.changes()).toEqual([]);
    // Not marked synced: the hash still describes the add R01010Z has not read yet.
    expect((await t.link())?.fingerprint).toEqual(staged?.fingerprint);

    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ confirmed: 1, failed: 0 });
    expect(t.changes()).toEqual([expect.objectContaining({ addressNumber: "500", update: "PH" })]);
    t.jde.runProcessor();
    expect(t.jde.record("500")?.fields.PH1).toBe("+442079460001");
    expect(await t.link()).toMatchObject({ reservedAddressNumber: null, customerUpdatedAt: new Date(LATER) });
  });

  it("stages a refused add again with the customer's new data instead of parking it", async () => {
    let refuseAdds = true;
    const t = harness({ jde: { refuse: (row) => (row.kind === "add" && refuseAdds ? REFUSED : null) } });
    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({ addressNumber: "500" });
    t.shopify.set({ ...ADA, lastName: "King", updatedAt: LATER });
    await t.directory.syncCustomer(ADA.id);
    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ refused: 1 });

    refuseAdds = false;
    expect(await t.directory.addressNumberFor(ADA.id, { customerUpdatedAt: LATER })).toMatchObject({
      addressNumber: "500",
      reason: "customer.linked",
    });
    expect(t.changes()).toEqual([]);
    expect(t.adds().map((row) => [row.addressNumber, row.record.ALPH])).toEqual([
      ["500", "Ada Lovelace"],
      ["500", "Ada King"],
    ]);
    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ confirmed: 1 });
    expect(t.jde.record("500")?.fields.ALPH).toBe("Ada King");
  });
});

describe("customer directory, Z-table: a range number orders carry", () => {
  /** A range add R01010Z refused after orders were posted on 500: reopened, then its row deleted. */
  async function refusedThenDeleted(t: ReturnType<typeof harness>) {
    expect(await t.directory.addressNumberFor(ADA.id)).toMatchObject({ addressNumber: "500" });
    t.jde.runProcessor();
    expect(await t.checkAMinuteLater()).toMatchObject({ refused: 1 });
    t.jde.deleteStagedAdds(ALKY);
  }
  const refusing = { refuse: (row: JdeCustomerWrite) => (row.kind === "add" ? REFUSED : null) };

  const byEmail: MemoryJdeCustomer = {
    ...KEYED,
    addressNumber: "7001",
    crossReference: "",
    email: ADA.email!,
  };
  const byAlky: MemoryJdeCustomer = { ...KEYED, addressNumber: "7002", crossReference: ALKY, email: "" };
  it.each([
    ["the only record with its e-mail", byEmail, false],
    ["the only record with its e-mail, after customers/redact erased its hash", byEmail, true],
    ["another record with its cross-reference", byAlky, false],
  ])(
    "stages the add again with its number once its row is deleted, never adopting %s",
    async (_case, keyed, redacted) => {
      const t = harness({ jde: refusing });
      await refusedThenDeleted(t);
      if (redacted) await fresh.store.customerLinks.eraseFingerprint(t.tenantId, ADA.id);
      t.jde.seed(keyed); // keyed in JDE meanwhile

      expect(await t.directory.resolvePendingLinks()).toMatchObject({ linked: 1 });
      expect(t.adds().map((row) => row.addressNumber)).toEqual(["500", "500"]);
      expect(await t.link()).toMatchObject({
        state: "linked",
        addressNumber: "500",
        reservedAddressNumber: "500",
      });
      expect(t.changes()).toEqual([]);
      expect(t.steps("customer.linked")).toEqual([]);
    },
  );

  it("keeps the number even when F0101 holds it now: the add goes with it and R01010Z's refusal parks", async () => {
    let refuseAdds = true;
    const t = harness({ jde: { refuse: (row) => (row.kind === "add" && refuseAdds ? REFUSED : null) } });
    await refusedThenDeleted(t);
    refuseAdds = false;
    t.jde.seed({ ...KEYED, addressNumber: "500", crossReference: "", email: "" });

    await t.directory.resolvePendingLinks();
    expect(t.adds().map((row) => row.addressNumber)).toEqual(["500", "500"]);
    expect(t.steps("customer.range_number_taken")).toEqual([]);
    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ refused: 1 });
    await expect(t.directory.addressNumberFor(ADA.id)).rejects.toMatchObject({
      code: "MLC_JDE_CUSTOMER_REJECTED",
      message: expect.stringContaining("Address Number 500 already exists"),
    });
  });

  it("lets a reservation whose add was never written fall back to the rules: the e-mail record is adopted", async () => {
    const t = harness();
    t.jde.failNextCall(new ConnectorError("MLC_JDE_DATABASE_UNAVAILABLE", "connection lost"), "write");
    await expect(t.directory.addressNumberFor(ADA.id)).rejects.toMatchObject({ retryable: true });
    expect(await t.link()).toMatchObject({ state: "pending", reservedAddressNumber: "500" });
    t.jde.seed({ addressNumber: "7001", searchType: "C", crossReference: "", email: ADA.email! });

    fake.advance(60_000);
    expect(await t.directory.addressNumberFor(ADA.id)).toEqual({
      addressNumber: "7001",
      reason: "customer.linked",
      source: "email",
    });
    expect(await t.link()).toMatchObject({ addressNumber: "7001", reservedAddressNumber: null });
    expect(t.adds()).toEqual([]);
  });
});

describe("customer directory, Z-table: a link to a record JDE no longer has", () => {
  it("drops the link when the read-back finds a refused change to it, and matches the customer again", async () => {
    const holder: { jde?: ReturnType<typeof harness>["jde"] } = {};
    const t = harness({
      jde: {
        // R01010Z refuses a change to an AN8 F0101 does not hold.
        refuse: (row) =>
          row.kind === "change" && !holder.jde?.record(row.addressNumber ?? "")
            ? [{ code: "0002", description: `Address Number ${row.addressNumber} invalid` }]
            : null,
      },
    });
    holder.jde = t.jde;
    await t.directory.addressNumberFor(ADA.id);
    t.jde.runProcessor();
    expect(await t.directory.resolvePendingLinks()).toMatchObject({ confirmed: 1 });
    t.jde.remove("500"); // merged into another record in JDE

    t.shopify.set({ ...ADA, phone: "+442079460001", updatedAt: LATER });
    await t.directory.syncCustomer(ADA.id);
    expect(t.changes()).toEqual([expect.objectContaining({ addressNumber: "500", update: "PH" })]);
    t.jde.runProcessor();

    expect(await t.checkAMinuteLater()).toMatchObject({ updatesRefused: 0, linksDropped: 1 });
    expect(await t.link()).toBeUndefined();
    expect(t.steps("customer.link_dropped")).toEqual([
      { customerId: ADA.id, addressNumber: "500", why: "not in F0101" },
    ]);
    expect(t.steps("customer.update_refused")).toEqual([
      expect.objectContaining({ customerId: ADA.id, addressNumber: "500", table: "F0101Z2" }),
    ]);

    expect(await t.directory.addressNumberFor(ADA.id, { customerUpdatedAt: LATER })).toEqual({
      addressNumber: "501",
      reason: "customer.linked",
      source: "range",
    });
    expect(t.changes()).toHaveLength(1);
    expect(await t.checkAMinuteLater()).toMatchObject({ linksDropped: 0 });
  });
});
