import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import type { CustomerLinkInput } from "../customers/customer-links.js";

const t0 = new Date("2026-11-27T10:00:00.000Z");
const shopifyUpdatedAt = new Date("2026-11-27T09:30:00.000Z");
const fingerprint = { name: "a".repeat(64), email: "b".repeat(64) };

// Each test takes tenants of its own: test/support's reset() does not know these tables.
let tenantSeq = 0;
const newTenant = () => `t${++tenantSeq}`;
const gid = (n: number) => `gid://shopify/Customer/70112345678${n}`;
const linked = (tenantId: string, n: number, addressNumber: string): CustomerLinkInput => ({
  tenantId,
  customerGid: gid(n),
  state: "linked",
  addressNumber,
  source: "created",
});

describe.each(backends)("customer links on %s", (backend) => {
  let fresh: FreshStore;
  let now = t0;
  beforeAll(async () => {
    fresh = await freshStore(backend, { clock: { now: () => now } });
  });
  afterAll(async () => {
    await fresh.dispose();
  });
  const links = () => fresh.store.customerLinks;

  it("records a link and reads it back, alone and in a batch", async () => {
    const tenant = newTenant();
    expect(await links().get(tenant, gid(1))).toBeUndefined();
    const link = await links().upsert(linked(tenant, 1, "5001"));
    expect(link).toEqual({
      tenantId: tenant,
      customerGid: gid(1),
      addressNumber: "5001",
      state: "linked",
      source: "created",
      fingerprint: null,
      customerUpdatedAt: null,
      createdAt: t0,
      updatedAt: t0,
      reservedAddressNumber: null,
      checkedAt: null,
      refusedUpdateAt: null,
    });
    expect(await links().get(tenant, gid(1))).toEqual(link);
    expect(await links().get("other-tenant", gid(1))).toBeUndefined();

    await links().upsert(linked(tenant, 2, "5002"));
    const many = await links().getMany(tenant, [gid(1), gid(2), gid(3)]);
    expect([...many.keys()].sort()).toEqual([gid(1), gid(2)]);
    expect(many.get(gid(2))?.addressNumber).toBe("5002");
  });

  it("reads a batch larger than one IN list", async () => {
    const tenant = newTenant();
    for (const n of [0, 600, 1100]) await links().upsert(linked(tenant, n, String(8000 + n)));
    const gids = Array.from({ length: 1200 }, (_, n) => gid(n));
    expect((await links().getMany(tenant, gids)).size).toBe(3);
  });

  it("remembers what was synced, and keeps it when the same record is linked again", async () => {
    const tenant = newTenant();
    await links().upsert(linked(tenant, 1, "5001"));
    now = new Date(t0.getTime() + 60_000);
    expect(
      await links().markSynced({
        tenantId: tenant,
        customerGid: gid(1),
        fingerprint,
        customerUpdatedAt: shopifyUpdatedAt,
      }),
    ).toBe(true);
    const synced = await links().get(tenant, gid(1));
    expect(synced).toMatchObject({
      fingerprint,
      customerUpdatedAt: shopifyUpdatedAt,
      createdAt: t0,
      updatedAt: now,
    });

    const again = await links().upsert({ ...linked(tenant, 1, "5001"), source: "alky" });
    expect(again).toMatchObject({
      fingerprint,
      customerUpdatedAt: shopifyUpdatedAt,
      source: "alky",
      createdAt: t0,
    });
    now = t0;
  });

  it("forgets what was synced when the customer moves to another record", async () => {
    const tenant = newTenant();
    await links().upsert(linked(tenant, 1, "5001"));
    await links().markSynced({
      tenantId: tenant,
      customerGid: gid(1),
      fingerprint,
      customerUpdatedAt: shopifyUpdatedAt,
    });
    const moved = await links().upsert({ ...linked(tenant, 1, "5009"), source: "connector" });
    expect(moved).toMatchObject({ addressNumber: "5009", fingerprint: null, customerUpdatedAt: null });
  });

  it("keeps a pending link-later add without a number, and lists it until JDE gives it one", async () => {
    const tenant = newTenant();
    const pending = (n: number): CustomerLinkInput => ({
      tenantId: tenant,
      customerGid: gid(n),
      state: "pending",
      addressNumber: null,
      source: "created",
    });
    now = new Date(t0.getTime() + 2000);
    await links().upsert(pending(2));
    now = new Date(t0.getTime() + 1000);
    await links().upsert(pending(1));
    await links().upsert(pending(3));
    await links().upsert(linked(tenant, 4, "5004"));
    now = t0;
    await links().markSynced({
      tenantId: tenant,
      customerGid: gid(1),
      fingerprint,
      customerUpdatedAt: shopifyUpdatedAt,
    });

    expect((await links().listPending(tenant, 10)).map((link) => link.customerGid)).toEqual([
      gid(1),
      gid(3),
      gid(2),
    ]);
    expect((await links().listPending(tenant, 2)).map((link) => link.customerGid)).toEqual([gid(1), gid(3)]);

    const completed = await links().upsert(linked(tenant, 1, "7001"));
    expect(completed).toMatchObject({ state: "linked", addressNumber: "7001", fingerprint });
    expect((await links().listPending(tenant, 10)).map((link) => link.customerGid)).toEqual([gid(3), gid(2)]);
  });

  it("keeps a range number reserved until cleared, through the link's states, with the hash of what was staged", async () => {
    const tenant = newTenant();
    const reserved = await links().upsert({
      tenantId: tenant,
      customerGid: gid(1),
      state: "pending",
      addressNumber: null,
      source: "range",
      reservedAddressNumber: "700000",
    });
    expect(reserved).toMatchObject({
      state: "pending",
      addressNumber: null,
      reservedAddressNumber: "700000",
    });
    const inUse = await links().upsert({ ...linked(tenant, 1, "700000"), source: "range" });
    expect(inUse).toMatchObject({ state: "linked", reservedAddressNumber: "700000" });
    await links().markSynced({ tenantId: tenant, customerGid: gid(1), fingerprint, customerUpdatedAt: t0 });

    // R01010Z refused the add: pending again, still holding its number and what was staged.
    const reopened = await links().upsert({
      tenantId: tenant,
      customerGid: gid(1),
      state: "pending",
      addressNumber: null,
      source: "range",
    });
    expect(reopened).toMatchObject({ reservedAddressNumber: "700000", fingerprint, customerUpdatedAt: t0 });
    const confirmed = await links().upsert({
      ...linked(tenant, 1, "700000"),
      source: "range",
      reservedAddressNumber: null,
    });
    expect(confirmed).toMatchObject({ state: "linked", reservedAddressNumber: null, fingerprint });
    expect(await links().get(tenant, gid(1))).toEqual(confirmed);
  });

  it("lists the links waiting for JDE never checked first, then least recently checked, then oldest", async () => {
    const tenant = newTenant();
    const pending = (n: number): CustomerLinkInput => ({
      tenantId: tenant,
      customerGid: gid(n),
      state: "pending",
      addressNumber: null,
      source: "created",
    });
    for (const n of [1, 2, 3]) {
      now = new Date(t0.getTime() + n * 1000);
      await links().upsert(pending(n));
    }
    now = new Date(t0.getTime() + 4000);
    await links().upsert({
      ...linked(tenant, 4, "700004"),
      source: "range",
      reservedAddressNumber: "700004",
    });
    await links().upsert({ ...linked(tenant, 5, "700005"), source: "range" }); // confirmed: not listed
    const listed = async (limit = 10) =>
      (await links().listPending(tenant, limit)).map((link) => link.customerGid);
    expect(await listed()).toEqual([gid(1), gid(2), gid(3), gid(4)]);

    now = new Date(t0.getTime() + 60_000);
    await links().markChecked(tenant, [gid(1), gid(2)]);
    expect(await listed(2)).toEqual([gid(3), gid(4)]);
    now = new Date(t0.getTime() + 120_000);
    await links().markChecked(tenant, [gid(3), gid(4)]);
    expect(await listed()).toEqual([gid(1), gid(2), gid(3), gid(4)]);
    now = new Date(t0.getTime() + 180_000);
    await links().markChecked(tenant, [gid(1)]);
    expect(await listed()).toEqual([gid(2), gid(3), gid(4), gid(1)]);

    const checked = await links().get(tenant, gid(1));
    expect(checked).toMatchObject({ checkedAt: now, updatedAt: new Date(t0.getTime() + 1000) });
    now = t0;
  });

  it("acts on a refused change once: erases the hash, remembers the refusal's stamp, refuses older ones", async () => {
    const tenant = newTenant();
    await links().upsert(linked(tenant, 1, "5001"));
    const sync = { tenantId: tenant, customerGid: gid(1), fingerprint, customerUpdatedAt: shopifyUpdatedAt };
    await links().markSynced(sync);
    const refusedAt = new Date("2026-11-27T09:45:00.000Z");
    const refusal = { tenantId: tenant, customerGid: gid(1), refusedAt };

    expect(await links().markUpdateRefused(refusal)).toBe(true);
    expect(await links().get(tenant, gid(1))).toMatchObject({
      addressNumber: "5001",
      fingerprint: null,
      customerUpdatedAt: null,
      refusedUpdateAt: refusedAt,
    });
    await links().markSynced(sync);
    expect(await links().markUpdateRefused(refusal)).toBe(false);
    expect(
      await links().markUpdateRefused({ ...refusal, refusedAt: new Date(refusedAt.getTime() - 1000) }),
    ).toBe(false);
    expect((await links().get(tenant, gid(1)))?.fingerprint).toEqual(fingerprint);

    const later = new Date(refusedAt.getTime() + 1000);
    expect(await links().markUpdateRefused({ ...refusal, refusedAt: later })).toBe(true);
    expect(await links().get(tenant, gid(1))).toMatchObject({ fingerprint: null, refusedUpdateAt: later });
    expect(await links().markUpdateRefused({ ...refusal, customerGid: gid(2) })).toBe(false);
  });

  it("refuses a pending link with a number, or a linked one without", async () => {
    const tenant = newTenant();
    const broken = { ...linked(tenant, 1, "5001"), state: "pending" } as unknown as CustomerLinkInput;
    await expect(links().upsert(broken)).rejects.toThrow(/customer_links_state|constraint/i);
    const noNumber = { ...linked(tenant, 2, "5002"), addressNumber: null } as unknown as CustomerLinkInput;
    await expect(links().upsert(noNumber)).rejects.toThrow();
  });

  it("finds every customer linked to each address number, oldest link first", async () => {
    const tenant = newTenant();
    now = new Date(t0.getTime() + 1000);
    await links().upsert(linked(tenant, 2, "5001"));
    now = t0;
    await links().upsert(linked(tenant, 1, "5001"));
    await links().upsert(linked(tenant, 3, "5003"));
    await links().upsert(linked(tenant, 4, "5004"));
    const found = await links().byAddressNumbers(tenant, ["5001", "5003", "9999", "5001"]);
    expect([...found.keys()].sort()).toEqual(["5001", "5003"]);
    expect(found.get("5001")?.map((link) => link.customerGid)).toEqual([gid(1), gid(2)]);
    expect(found.get("5003")).toEqual([await links().get(tenant, gid(3))]);
    expect((await links().byAddressNumbers("other-tenant", ["5001"])).size).toBe(0);
    expect((await links().byAddressNumbers(tenant, [])).size).toBe(0);
  });

  it("finds the customers of more address numbers than one IN list holds", async () => {
    const tenant = newTenant();
    for (const n of [0, 600, 1100]) await links().upsert(linked(tenant, n, String(8000 + n)));
    const addressNumbers = Array.from({ length: 1200 }, (_, n) => String(8000 + n));
    const found = await links().byAddressNumbers(tenant, addressNumbers);
    expect([...found.keys()].sort()).toEqual(["8000", "8600", "9100"]);
    expect(found.get("9100")?.map((link) => link.customerGid)).toEqual([gid(1100)]);
  });

  it("erases every hash of one tenant on shop/redact, keeping the links and other tenants' hashes", async () => {
    const tenant = newTenant();
    const other = newTenant();
    for (const [t, n] of [
      [tenant, 1],
      [tenant, 2],
      [other, 3],
    ] as const) {
      await links().upsert(linked(t, n, String(5000 + n)));
      await links().markSynced({
        tenantId: t,
        customerGid: gid(n),
        fingerprint,
        customerUpdatedAt: shopifyUpdatedAt,
      });
    }
    expect(await links().eraseAllFingerprints(tenant)).toBe(2);
    expect(await links().get(tenant, gid(1))).toMatchObject({ addressNumber: "5001", fingerprint: null });
    expect(await links().get(tenant, gid(2))).toMatchObject({ addressNumber: "5002", fingerprint: null });
    expect((await links().get(other, gid(3)))?.fingerprint).toEqual(fingerprint);
    expect(await links().eraseAllFingerprints(tenant)).toBe(0);
  });

  it("removes one customer's link (its record is gone from JDE), and only that one", async () => {
    const tenant = newTenant();
    const other = newTenant();
    await links().upsert(linked(tenant, 1, "5001"));
    await links().upsert(linked(tenant, 2, "5002"));
    await links().upsert(linked(other, 1, "5001"));
    expect(await links().remove(tenant, gid(1))).toBe(true);
    expect(await links().get(tenant, gid(1))).toBeUndefined();
    expect((await links().byAddressNumbers(tenant, ["5001"])).size).toBe(0);
    expect(await links().get(tenant, gid(2))).toMatchObject({ addressNumber: "5002" });
    expect(await links().get(other, gid(1))).toMatchObject({ addressNumber: "5001" });
    expect(await links().remove(tenant, gid(1))).toBe(false);
  });

  it("erases the hash on customers/redact and keeps the link", async () => {
    const tenant = newTenant();
    await links().upsert(linked(tenant, 1, "5001"));
    await links().markSynced({
      tenantId: tenant,
      customerGid: gid(1),
      fingerprint,
      customerUpdatedAt: shopifyUpdatedAt,
    });
    expect(await links().eraseFingerprint(tenant, gid(1))).toBe(true);
    expect(await links().get(tenant, gid(1))).toMatchObject({
      addressNumber: "5001",
      state: "linked",
      fingerprint: null,
      customerUpdatedAt: null,
    });
    expect(await links().eraseFingerprint(tenant, gid(2))).toBe(false);
    expect(
      await links().markSynced({
        tenantId: tenant,
        customerGid: gid(2),
        fingerprint,
        customerUpdatedAt: shopifyUpdatedAt,
      }),
    ).toBe(false);
  });

  // A file check: SQLite only (PostgreSQL keeps dead row versions until vacuum, see README).
  if (backend === "sqlite")
    it("leaves no copy of an erased hash in the database file or its WAL", async () => {
      const file = fresh.url.replace(/^sqlite:/, "");
      const filesContain = (text: string) =>
        [file, `${file}-wal`].some(
          (path) => existsSync(path) && readFileSync(path).includes(Buffer.from(text)),
        );
      const tenant = newTenant();
      const erased = { email: `${"c0ffee".repeat(10)}dead` };
      const kept = { email: "beef".repeat(16) };
      await links().upsert(linked(tenant, 1, "5001"));
      await links().upsert(linked(tenant, 2, "5002"));
      await links().markSynced({
        tenantId: tenant,
        customerGid: gid(1),
        fingerprint: erased,
        customerUpdatedAt: t0,
      });
      await links().markSynced({
        tenantId: tenant,
        customerGid: gid(2),
        fingerprint: kept,
        customerUpdatedAt: t0,
      });
      expect(filesContain(erased.email)).toBe(true);
      await links().eraseFingerprint(tenant, gid(1));
      expect(filesContain(erased.email)).toBe(false);
      expect(filesContain(kept.email)).toBe(true);
    });

  describe("allocateNumbers", () => {
    it("hands out the range's numbers in order, each once", async () => {
      const tenant = newTenant();
      const range = { from: 10_000_000, to: 10_000_009 };
      expect(await links().allocateNumbers(tenant, 3, range)).toEqual({
        ok: true,
        addressNumbers: ["10000000", "10000001", "10000002"],
      });
      expect(await links().allocateNumbers(tenant, 1, range)).toEqual({
        ok: true,
        addressNumbers: ["10000003"],
      });
      expect(await links().allocateNumbers(newTenant(), 1, range)).toEqual({
        ok: true,
        addressNumbers: ["10000000"],
      });
    });

    it("refuses, handing out nothing, when the range cannot supply the count, and says how to fix it", async () => {
      const tenant = newTenant();
      const range = { from: 500, to: 504 };
      expect((await links().allocateNumbers(tenant, 4, range)).ok).toBe(true);
      const refused = await links().allocateNumbers(tenant, 2, range);
      expect(refused).toMatchObject({ ok: false, reason: "range-exhausted", available: 1 });
      expect(!refused.ok && refused.message).toMatch(/range 500-504 of tenant t\d+ cannot supply 2 .*1 left/);
      expect(await links().allocateNumbers(tenant, 1, range)).toEqual({ ok: true, addressNumbers: ["504"] });
      expect(await links().allocateNumbers(tenant, 1, range)).toMatchObject({ ok: false, available: 0 });
      expect(await links().allocateNumbers(newTenant(), 6, range)).toMatchObject({ ok: false, available: 5 });
    });

    it("continues in a raised range, starts a new range above, and never goes back below", async () => {
      const tenant = newTenant();
      await links().allocateNumbers(tenant, 2, { from: 100, to: 101 });
      expect(await links().allocateNumbers(tenant, 1, { from: 100, to: 199 })).toEqual({
        ok: true,
        addressNumbers: ["102"],
      });
      expect(await links().allocateNumbers(tenant, 1, { from: 300, to: 399 })).toEqual({
        ok: true,
        addressNumbers: ["300"],
      });
      const below = await links().allocateNumbers(tenant, 1, { from: 100, to: 199 });
      expect(below).toMatchObject({ ok: false, available: 0 });
      expect(!below.ok && below.message).toContain("numbers below 301 were handed out already");
    });

    it("refuses a count that is not a positive whole number", async () => {
      await expect(links().allocateNumbers(newTenant(), 0, { from: 1, to: 9 })).rejects.toThrow(RangeError);
    });

    it("never hands out a number twice when several instances allocate at once", async () => {
      const tenant = newTenant();
      const range = { from: 20_000, to: 20_000 + 149 };
      const others = await Promise.all([1, 2, 3].map(() => fresh.openAnother()));
      const stores = [fresh.store, ...others];
      const requests = Array.from({ length: 60 }, (_, i) =>
        stores[i % stores.length]!.customerLinks.allocateNumbers(tenant, 1 + (i % 4), range),
      );
      const results = await Promise.all(requests);
      const numbers = results.flatMap((result) => (result.ok ? result.addressNumbers : []));
      const refused = results.filter((result) => !result.ok);
      expect(new Set(numbers).size).toBe(numbers.length);
      // 60 requests of 1–4 numbers ask for 150, exactly the range: every one is served.
      expect(refused).toEqual([]);
      expect(numbers.map(Number).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 150 }, (_, i) => 20_000 + i),
      );
      for (const result of results) {
        if (!result.ok) continue;
        const run = result.addressNumbers.map(Number);
        expect(run).toEqual(run.map((_, i) => run[0]! + i)); // each request gets consecutive numbers
      }
      const more = await Promise.all(
        stores.map((store) => store.customerLinks.allocateNumbers(tenant, 1, range)),
      );
      expect(more.every((result) => !result.ok)).toBe(true);
    });
  });
});
