import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FreshStore, freshStore } from "../../test/support/store-backends.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createDirectoryHarness } from "./test-support/directory-harness.js";
import { makeCustomer } from "./test-support/make-customer.js";
import type { createMemoryJdeCustomers } from "./test-support/memory-jde-customers.js";

const gid = (n: number) => `gid://shopify/Customer/70119876${String(n).padStart(5, "0")}`;
const customer = (n: number, firstName = `Customer${n}`) =>
  makeCustomer({ id: gid(n), firstName, email: `customer${n}@example.com` });

let fresh: FreshStore;
let tenantSeq = 0;
beforeAll(async () => {
  fresh = await freshStore("sqlite");
});
afterAll(async () => {
  await fresh.dispose();
});

function harness(jde: Parameters<typeof createMemoryJdeCustomers>[0]) {
  return createDirectoryHarness(fresh.store, {
    tenantId: `w${++tenantSeq}`,
    customers: [customer(1), customer(2, "Poison"), customer(3)],
    jde,
  });
}

const requestAll = (t: ReturnType<typeof harness>) =>
  Promise.allSettled([1, 2, 3].map((n) => t.directory.addressNumberFor(gid(n))));

describe("customer directory: a write that fails as a whole", () => {
  it("sends each row alone when the batch call is refused as a whole: only the customer that breaks it fails, none is created twice", async () => {
    const t = harness({
      failsWholeCall: (row) =>
        row.record.ALPH.startsWith("Poison")
          ? new ConnectorError("MLC_AIS_CUSTOMER_ORCHESTRATION_ERROR", "MLC_CustomerUpsert failed: step 3")
          : null,
    });
    const [first, poison, third] = await requestAll(t);

    expect(first).toMatchObject({ status: "fulfilled", value: { reason: "customer.linked" } });
    expect(third).toMatchObject({ status: "fulfilled", value: { reason: "customer.linked" } });
    expect(poison).toMatchObject({
      status: "rejected",
      reason: { code: "MLC_AIS_CUSTOMER_ORCHESTRATION_ERROR", retryable: false },
    });
    // The batch call stopped at the poison row after making the first customer: found by its
    // cross-reference, that one is not sent again; the other two go alone.
    expect(t.jde.writes.map((rows) => rows.length)).toEqual([3, 1, 1]);
    expect(t.jde.writes.slice(1).map(([row]) => row?.record.ALPH)).toEqual([
      expect.stringContaining("Poison"),
      expect.stringContaining("Customer3"),
    ]);
    expect(t.jde.records().map((record) => record.crossReference)).toEqual([
      `SH${gid(1).split("/").pop()}`,
      `SH${gid(3).split("/").pop()}`,
    ]);
    expect(await fresh.store.customerLinks.get(t.tenantId, gid(2))).toBeUndefined();
  });

  it("fails the whole batch, to be retried, when JDE is unavailable: no row is sent alone", async () => {
    const t = harness({});
    t.jde.failNextCall(new ConnectorError("MLC_AIS_UNAVAILABLE", "AIS answered 503"), "write");
    const settled = await requestAll(t);

    expect(settled.map((result) => result.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(settled[0]).toMatchObject({ reason: { code: "MLC_AIS_UNAVAILABLE", retryable: true } });
    expect(t.jde.calls.write).toBe(1);
  });

  it("drops a link whose record JDE no longer has (merged or deleted) and matches the customer again", async () => {
    const t = harness({});
    const [first] = await requestAll(t);
    expect(first).toMatchObject({ status: "fulfilled", value: { addressNumber: "9001" } });
    t.jde.remove("9001");
    t.shopify.set({ ...customer(1), lastName: "Moved", updatedAt: "2026-11-27T12:30:00Z" });

    await expect(t.directory.addressNumberFor(gid(1))).rejects.toMatchObject({
      code: "MLC_JDE_CUSTOMER_GONE",
      retryable: true,
    });
    expect(t.steps("customer.link_dropped")).toEqual([
      { customerId: gid(1), addressNumber: "9001", why: "not in F0101" },
    ]);
    expect(await fresh.store.customerLinks.get(t.tenantId, gid(1))).toBeUndefined();

    // The job's retry: a new record, with the customer's cross-reference.
    expect(await t.directory.addressNumberFor(gid(1))).toMatchObject({
      reason: "customer.linked",
      source: "created",
    });
    const relinked = await fresh.store.customerLinks.get(t.tenantId, gid(1));
    expect(relinked?.addressNumber).not.toBe("9001");
    expect(t.jde.record(relinked?.addressNumber ?? "")?.crossReference).toBe(`SH${gid(1).split("/").pop()}`);
  });

  it("keeps JDE's refusal when the refused change's record still exists", async () => {
    const t = harness({
      refuse: (row) =>
        row.kind === "change" ? [{ code: "0730", description: "Business Unit invalid" }] : null,
    });
    await requestAll(t);
    t.shopify.set({ ...customer(1), lastName: "Moved", updatedAt: "2026-11-27T12:30:00Z" });

    await expect(t.directory.addressNumberFor(gid(1))).rejects.toMatchObject({
      code: "MLC_JDE_CUSTOMER_REJECTED",
      retryable: false,
    });
    expect(t.steps("customer.link_dropped")).toEqual([]);
    expect((await fresh.store.customerLinks.get(t.tenantId, gid(1)))?.addressNumber).toBe("9001");
  });
});
