import { afterEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import { openStore } from "./open-store.js";

describe.each(backends)("migrations on %s", (backend) => {
  let fresh: FreshStore | undefined;
  afterEach(async () => {
    await fresh?.dispose();
    fresh = undefined;
  });

  it("are idempotent: migrating an up-to-date store changes nothing", async () => {
    fresh = await freshStore(backend);
    await fresh.store.jobs.enqueue({ tenantId: "acme", kind: "order-sync", key: "o-1" });
    await fresh.store.migrate();
    await fresh.store.migrate();
    expect((await fresh.store.jobs.counts()).pending).toBe(1);
  });

  it("are safe when several stores migrate the same new database at once", async () => {
    fresh = await freshStore(backend, { migrate: false });
    const stores = [fresh.store, ...(await Promise.all([1, 2, 3].map(() => fresh!.openAnother())))];
    // SQLite is one process with one writer, so its "at once" is sequential on one event loop.
    if (backend === "postgres") await Promise.all(stores.map((store) => store.migrate()));
    else for (const store of stores) await store.migrate();
    expect((await fresh.store.jobs.enqueue({ tenantId: "acme", kind: "k", key: "1" })).outcome).toBe(
      "created",
    );
    expect(fresh.store.capabilities.supportsSkipLocked).toBe(backend === "postgres");
    expect(fresh.store.backend).toBe(backend);
  });
});

describe("openStore", () => {
  it("opens an in-memory SQLite store", async () => {
    const store = await openStore("sqlite::memory:");
    await store.migrate();
    expect(await store.inbox.countDuplicates()).toBe(0);
    await store.close();
  });

  it("refuses a URL of an unknown kind", async () => {
    await expect(openStore("mysql://localhost/db")).rejects.toThrow("sqlite: or postgres://");
  });
});
