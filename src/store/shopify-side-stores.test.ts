import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import { createSecretBox } from "../lib/secret-box.js";
import { createSecretVault, type SecretVault } from "../lib/secret-vault.js";
import type { ShopInstallation } from "../pipeline/installation-store.js";

const t0 = new Date("2026-11-27T10:00:00.000Z");
const installation: ShopInstallation = {
  tenantId: "acme",
  shopDomain: "acme.myshopify.com",
  status: "installed",
  grantType: "authorization-code",
  scopes: ["read_orders", "read_customers"],
  accessExpiresAt: new Date("2026-11-27T11:00:00.000Z"),
  refreshExpiresAt: new Date("2027-02-25T10:00:00.000Z"),
  installedAt: t0,
  uninstalledAt: null,
};

describe.each(backends)("installations, watermarks and privacy requests on %s", (backend) => {
  let fresh: FreshStore;
  beforeAll(async () => {
    fresh = await freshStore(backend, { clock: { now: () => t0 } });
  });
  beforeEach(async () => {
    await fresh.reset();
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("saves, replaces and uninstalls an installation", async () => {
    const { installations } = fresh.store;
    expect(await installations.get("acme")).toBeUndefined();
    await installations.save(installation);
    expect(await installations.get("acme")).toEqual(installation);
    const refreshed = { ...installation, accessExpiresAt: new Date("2026-11-27T12:00:00.000Z") };
    await installations.save(refreshed);
    expect(await installations.get("acme")).toEqual(refreshed);
    const at = new Date("2026-11-28T09:00:00.000Z");
    await installations.markUninstalled("acme", at);
    expect(await installations.get("acme")).toEqual({
      ...refreshed,
      status: "uninstalled",
      uninstalledAt: at,
    });
  });

  describe("an installation saved with its token pair", () => {
    const ACCESS = "shopify.accessToken";
    const REFRESH = "shopify.refreshToken";
    let vault: SecretVault;
    beforeAll(() => {
      const box = createSecretBox([Buffer.alloc(32, 7)]);
      vault = createSecretVault({
        rows: fresh.store.secrets,
        keyring: { current: () => box, reload: () => box },
      });
    });
    const stored = async () => ({
      installation: await fresh.store.installations.get("acme"),
      accessToken: await vault.get("acme", ACCESS),
      refreshToken: await vault.get("acme", REFRESH),
    });
    const saveFirstPair = () =>
      fresh.store.installations.saveWithSecrets(installation, {
        put: [vault.seal("acme", ACCESS, "shpat_1"), vault.seal("acme", REFRESH, "shprt_1")],
        delete: [],
      });
    const firstPair = { installation, accessToken: "shpat_1", refreshToken: "shprt_1" };
    const rotated = { ...installation, accessExpiresAt: new Date("2026-11-27T12:00:00.000Z") };

    it("writes the row and both tokens together, and replaces them on rotation", async () => {
      await saveFirstPair();
      expect(await stored()).toEqual(firstPair);
      await fresh.store.installations.saveWithSecrets(rotated, {
        put: [vault.seal("acme", ACCESS, "shpat_2"), vault.seal("acme", REFRESH, "shprt_2")],
        delete: [],
      });
      expect(await stored()).toEqual({
        installation: rotated,
        accessToken: "shpat_2",
        refreshToken: "shprt_2",
      });
    });

    it("deletes the refresh token in the same save when the grant has none", async () => {
      await saveFirstPair();
      await fresh.store.installations.saveWithSecrets(rotated, {
        put: [vault.seal("acme", ACCESS, "shpat_2")],
        delete: [REFRESH],
      });
      expect(await stored()).toEqual({
        installation: rotated,
        accessToken: "shpat_2",
        refreshToken: undefined,
      });
      expect((await vault.list()).map((row) => row.name)).toEqual([ACCESS]);
    });

    // The row is written last, so its NOT NULL violation comes after both token writes succeeded.
    it.each([
      ["a rotated pair", ["shpat_2", "shprt_2"], []],
      ["a new access token that drops the refresh token", ["shpat_2"], [REFRESH]],
    ])("writes nothing of %s when the row fails; the previous pair stays", async (_what, tokens, deleted) => {
      await saveFirstPair();
      const names = [ACCESS, REFRESH];
      const broken = { ...rotated, shopDomain: null as unknown as string };
      await expect(
        fresh.store.installations.saveWithSecrets(broken, {
          put: tokens.map((token, index) => vault.seal("acme", names[index]!, token)),
          delete: deleted,
        }),
      ).rejects.toThrow(/null/i);
      expect(await stored()).toEqual(firstPair);
    });

    it("refuses a token sealed for another tenant and writes nothing", async () => {
      await saveFirstPair();
      await expect(
        fresh.store.installations.saveWithSecrets(rotated, {
          put: [vault.seal("acme", ACCESS, "shpat_2"), vault.seal("beta", ACCESS, "shpat_beta")],
          delete: [],
        }),
      ).rejects.toMatchObject({ code: "MLC_INTERNAL" });
      expect(await stored()).toEqual(firstPair);
      expect(await vault.list("beta")).toEqual([]);
    });
  });

  it("hands out an OAuth state once, and never after it expired", async () => {
    const { installations } = fresh.store;
    const expiresAt = new Date(t0.getTime() + 600_000);
    await installations.saveState({
      nonce: "n1",
      tenantId: "acme",
      shopDomain: "acme.myshopify.com",
      expiresAt,
    });
    await installations.saveState({
      nonce: "n2",
      tenantId: "acme",
      shopDomain: "acme.myshopify.com",
      expiresAt,
    });
    expect(await installations.takeState("n1", t0)).toEqual({
      tenantId: "acme",
      shopDomain: "acme.myshopify.com",
    });
    expect(await installations.takeState("n1", t0)).toBeUndefined();
    expect(await installations.takeState("n2", new Date(expiresAt.getTime() + 1))).toBeUndefined();
    expect(await installations.takeState("unknown", t0)).toBeUndefined();
  });

  it("moves a watermark forward only", async () => {
    const { watermarks } = fresh.store;
    expect(await watermarks.get("acme", "orders.sweep")).toBeUndefined();
    const later = new Date("2026-11-27T10:05:00.000Z");
    await watermarks.advance("acme", "orders.sweep", later);
    await watermarks.advance("acme", "orders.sweep", t0);
    expect(await watermarks.get("acme", "orders.sweep")).toEqual(later);
    expect(await watermarks.get("other", "orders.sweep")).toBeUndefined();
  });

  it("keeps each order's newest sync mark", async () => {
    const { orderSyncMarks } = fresh.store;
    const early = new Date("2026-11-27T09:00:00.000Z");
    const late = new Date("2026-11-27T10:00:00.000Z");
    await orderSyncMarks.mark("acme", "gid://shopify/Order/1", late);
    await orderSyncMarks.mark("acme", "gid://shopify/Order/1", early);
    await orderSyncMarks.mark("acme", "gid://shopify/Order/2", early);
    await orderSyncMarks.mark("other", "gid://shopify/Order/3", early);
    const marks = await orderSyncMarks.get("acme", [
      "gid://shopify/Order/1",
      "gid://shopify/Order/2",
      "gid://shopify/Order/3",
    ]);
    expect(marks).toEqual(
      new Map([
        ["gid://shopify/Order/1", late],
        ["gid://shopify/Order/2", early],
      ]),
    );
  });

  it("records a privacy request and what was done", async () => {
    const { privacyRequests } = fresh.store;
    const id = await privacyRequests.record({
      tenantId: "acme",
      shopDomain: "acme.myshopify.com",
      topic: "customers/redact",
      webhookId: "w-1",
      customerId: "gid://shopify/Customer/1",
      receivedAt: t0,
    });
    await privacyRequests.complete(id, t0, { inboxPayloadsErased: 3 });
    expect(await privacyRequests.list("acme")).toEqual([
      {
        id,
        tenantId: "acme",
        shopDomain: "acme.myshopify.com",
        topic: "customers/redact",
        webhookId: "w-1",
        customerId: "gid://shopify/Customer/1",
        receivedAt: t0,
        completedAt: t0,
        outcome: { inboxPayloadsErased: 3 },
      },
    ]);
  });
});
