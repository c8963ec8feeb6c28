import { describe, expect, it } from "vitest";
import { ConnectorError } from "./errors/connector-error.js";
import { createSecretBox, masterKeyId, type SecretBox } from "./secret-box.js";
import { createSecretVault, type KeyringSource, type SecretRow, type SecretRows } from "./secret-vault.js";

const k1 = Buffer.alloc(32, 1);
const k2 = Buffer.alloc(32, 2);
const k3 = Buffer.alloc(32, 3);

/** SecretRows in a Map, with the store's semantics (ordering, conditional replace). */
function memoryRows(): SecretRows & { rows: Map<string, SecretRow> } {
  const rows = new Map<string, SecretRow>();
  const keyOf = (scope: string, name: string) => `${scope}\u0000${name}`;
  const sorted = () =>
    [...rows.values()].sort((a, b) => keyOf(a.scope, a.name).localeCompare(keyOf(b.scope, b.name)));
  return {
    rows,
    get: async (scope, name) => rows.get(keyOf(scope, name)),
    put: async (row) => void rows.set(keyOf(row.scope, row.name), { ...row, updatedAt: new Date() }),
    delete: async (scope, name) => rows.delete(keyOf(scope, name)),
    deleteNames: async (scope, names) => names.filter((name) => rows.delete(keyOf(scope, name))).length,
    deleteScope: async (scope) => {
      const gone = [...rows.values()].filter((r) => r.scope === scope);
      for (const r of gone) rows.delete(keyOf(r.scope, r.name));
      return gone.length;
    },
    list: async (scope) =>
      sorted()
        .filter((r) => scope === undefined || r.scope === scope)
        .map(({ sealed: _sealed, ...listing }) => listing),
    listOutsideKey: async ({ keyId, limit, after }) =>
      sorted()
        .filter((r) => r.keyId !== keyId)
        .filter((r) => !after || keyOf(r.scope, r.name) > keyOf(after.scope, after.name))
        .slice(0, limit),
    countByKeyId: async () => {
      const counts = new Map<string, number>();
      for (const r of rows.values()) counts.set(r.keyId, (counts.get(r.keyId) ?? 0) + 1);
      return [...counts].map(([keyId, n]) => ({ keyId, rows: n }));
    },
    replaceSealed: async ({ scope, name, expected, next }) => {
      const row = rows.get(keyOf(scope, name));
      if (!row || row.keyId !== expected.keyId || row.sealed !== expected.sealed) return false;
      rows.set(keyOf(scope, name), { ...row, ...next, updatedAt: new Date() });
      return true;
    },
  };
}

const fixed = (box: SecretBox): KeyringSource => ({ current: () => box, reload: () => box });

describe("secret vault", () => {
  it("stores sealed values and reads them back; scopes are separate", async () => {
    const rows = memoryRows();
    const vault = createSecretVault({ rows, keyring: fixed(createSecretBox([k1])) });
    await vault.put("acme", "jde.password", "acme-pw");
    await vault.put("beta", "jde.password", "beta-pw");
    await vault.put("*", "shopify.apiSecret", "app-secret");
    expect(await vault.get("acme", "jde.password")).toBe("acme-pw");
    expect(await vault.get("beta", "jde.password")).toBe("beta-pw");
    expect(await vault.get("*", "shopify.apiSecret")).toBe("app-secret");
    expect(await vault.get("acme", "shopify.accessToken")).toBeUndefined();
    expect([...rows.rows.values()].map((r) => r.sealed).join()).not.toContain("acme-pw");
    expect((await vault.list("acme")).map((r) => r.name)).toEqual(["jde.password"]);
    expect(await vault.deleteScope("acme")).toBe(1);
    expect(await vault.get("acme", "jde.password")).toBeUndefined();
    expect(await vault.delete("beta", "jde.password")).toBe(true);
    expect(await vault.delete("beta", "jde.password")).toBe(false);
  });

  it("refuses a sealed value copied to another record", async () => {
    const rows = memoryRows();
    const vault = createSecretVault({ rows, keyring: fixed(createSecretBox([k1])) });
    await vault.put("acme", "jde.password", "acme-pw");
    const copied = rows.rows.get("acme\u0000jde.password")!;
    await rows.put({ ...copied, scope: "beta" });
    await expect(vault.get("beta", "jde.password")).rejects.toMatchObject({
      code: "MLC_SECRET_UNREADABLE",
      message: expect.stringContaining("beta/jde.password"),
    });
  });

  it.each([
    ["a bad scope", "Acme Corp", "jde.password"],
    ["a bad name", "acme", "jde password"],
  ])("refuses %s", async (_what, scope, name) => {
    const vault = createSecretVault({ rows: memoryRows(), keyring: fixed(createSecretBox([k1])) });
    await expect(vault.put(scope, name, "x")).rejects.toBeInstanceOf(ConnectorError);
    expect(() => vault.seal(scope, name, "x")).toThrow(ConnectorError);
  });

  it("seal writes nothing; its row opens with get once stored at its address, and only there", async () => {
    const rows = memoryRows();
    const vault = createSecretVault({ rows, keyring: fixed(createSecretBox([k1, k2])) });
    const sealed = vault.seal("acme", "shopify.accessToken", "shpat_1");
    expect(sealed).toMatchObject({ scope: "acme", name: "shopify.accessToken", keyId: masterKeyId(k2) });
    expect(sealed.sealed).not.toContain("shpat_1");
    expect(rows.rows.size).toBe(0);
    await rows.put(sealed);
    expect(await vault.get("acme", "shopify.accessToken")).toBe("shpat_1");
    await rows.put({ ...sealed, name: "shopify.refreshToken" });
    await rows.put({ ...sealed, scope: "beta" });
    for (const [scope, name] of [
      ["acme", "shopify.refreshToken"],
      ["beta", "shopify.accessToken"],
    ] as const) {
      await expect(vault.get(scope, name)).rejects.toMatchObject({ code: "MLC_SECRET_UNREADABLE" });
    }
    expect(() => vault.seal("acme", "shopify.accessToken", "")).toThrow(ConnectorError);
  });

  it("rotate re-seals every row under an older key, in batches, and the values read back unchanged", async () => {
    const rows = memoryRows();
    const before = createSecretVault({ rows, keyring: fixed(createSecretBox([k1])) });
    const values = new Map<string, string>();
    for (let i = 0; i < 7; i++) {
      values.set(`tenant-${i}`, `password-${i}`);
      await before.put(`tenant-${i}`, "jde.password", `password-${i}`);
    }
    const after = createSecretVault({ rows, keyring: fixed(createSecretBox([k1, k2])) });
    await after.put("tenant-x", "jde.password", "already-current");
    const pages: number[] = [];
    const listOutsideKey = rows.listOutsideKey;
    rows.listOutsideKey = async (request) => {
      const page = await listOutsideKey(request);
      pages.push(page.length);
      return page;
    };
    expect(await after.rotate({ batchSize: 3 })).toEqual({
      currentKeyId: masterKeyId(k2),
      examined: 7,
      resealed: 7,
      changedConcurrently: 0,
      stillUnderOlderKey: 0,
      unreadable: [],
    });
    expect(pages).toEqual([3, 3, 1]);
    expect(new Set([...rows.rows.values()].map((r) => r.keyId))).toEqual(new Set([masterKeyId(k2)]));
    for (const [tenant, value] of values) expect(await after.get(tenant, "jde.password")).toBe(value);
    expect((await after.rotate({ batchSize: 3 })).examined).toBe(0);
  });

  it("rotate never overwrites a value another process wrote meanwhile under the old key", async () => {
    const rows = memoryRows();
    const oldProcess = createSecretVault({ rows, keyring: fixed(createSecretBox([k1])) });
    await oldProcess.put("acme", "jde.password", "first");
    await oldProcess.put("acme", "shopify.accessToken", "token-1");
    const rotating = createSecretVault({ rows, keyring: fixed(createSecretBox([k1, k2])) });
    const replaceSealed = rows.replaceSealed;
    let raced = false;
    rows.replaceSealed = async (request) => {
      if (!raced && request.name === "jde.password") {
        raced = true;
        await oldProcess.put("acme", "jde.password", "written meanwhile");
      }
      return replaceSealed(request);
    };
    const result = await rotating.rotate({ batchSize: 10 });
    expect(result).toMatchObject({ examined: 2, resealed: 2, changedConcurrently: 0 });
    expect(await rotating.get("acme", "jde.password")).toBe("written meanwhile");
    expect(rows.rows.get("acme\u0000jde.password")?.keyId).toBe(masterKeyId(k2));
  });

  it("rotate leaves a row written meanwhile under the new key alone, and counts it", async () => {
    const rows = memoryRows();
    await createSecretVault({ rows, keyring: fixed(createSecretBox([k1])) }).put(
      "acme",
      "jde.password",
      "old",
    );
    const rotating = createSecretVault({ rows, keyring: fixed(createSecretBox([k1, k2])) });
    const replaceSealed = rows.replaceSealed;
    rows.replaceSealed = async (request) => {
      await rotating.put("acme", "jde.password", "new under k2");
      return replaceSealed(request);
    };
    expect(await rotating.rotate({})).toMatchObject({ examined: 1, resealed: 0, changedConcurrently: 1 });
    expect(await rotating.get("acme", "jde.password")).toBe("new under k2");
  });

  it("rotate gives up on a row an old-key writer rewrites on every attempt, and says so", async () => {
    const rows = memoryRows();
    const oldProcess = createSecretVault({ rows, keyring: fixed(createSecretBox([k1])) });
    await oldProcess.put("acme", "jde.password", "v0");
    const rotating = createSecretVault({ rows, keyring: fixed(createSecretBox([k1, k2])) });
    const replaceSealed = rows.replaceSealed;
    let writes = 0;
    rows.replaceSealed = async (request) => {
      await oldProcess.put("acme", "jde.password", `v${++writes}`);
      return replaceSealed(request);
    };
    expect(await rotating.rotate({})).toMatchObject({ examined: 1, resealed: 0, stillUnderOlderKey: 1 });
    expect(await rotating.get("acme", "jde.password")).toBe(`v${writes}`);
  });

  it("rotate reports a row it cannot open and re-seals the others", async () => {
    const rows = memoryRows();
    await createSecretVault({ rows, keyring: fixed(createSecretBox([k3])) }).put(
      "acme",
      "jde.password",
      "lost",
    );
    await createSecretVault({ rows, keyring: fixed(createSecretBox([k1])) }).put(
      "beta",
      "jde.password",
      "kept",
    );
    const rotating = createSecretVault({ rows, keyring: fixed(createSecretBox([k1, k2])) });
    const result = await rotating.rotate({});
    expect(result).toMatchObject({ examined: 2, resealed: 1 });
    expect(result.unreadable).toEqual([
      { scope: "acme", name: "jde.password", keyId: masterKeyId(k3), code: "MLC_SECRET_KEY_UNKNOWN" },
    ]);
    expect(await rotating.get("beta", "jde.password")).toBe("kept");
  });

  it("status counts rows per key id, marking the current key and keys the ring lacks", async () => {
    const rows = memoryRows();
    await createSecretVault({ rows, keyring: fixed(createSecretBox([k3])) }).put("x", "jde.password", "x");
    const vault = createSecretVault({ rows, keyring: fixed(createSecretBox([k1, k2])) });
    await createSecretVault({ rows, keyring: fixed(createSecretBox([k1])) }).put("a", "jde.password", "a");
    await vault.put("b", "jde.password", "b");
    await vault.put("c", "jde.password", "c");
    expect(await vault.status()).toEqual({
      currentKeyId: masterKeyId(k2),
      keys: [
        { keyId: masterKeyId(k1), rows: 1, current: false, inKeyring: true },
        { keyId: masterKeyId(k2), rows: 2, current: true, inKeyring: true },
        { keyId: masterKeyId(k3), rows: 1, current: false, inKeyring: false },
      ],
    });
  });

  it("re-reads the keyring once when a row names a key id it lacks (another process rotated)", async () => {
    const rows = memoryRows();
    await createSecretVault({ rows, keyring: fixed(createSecretBox([k1, k2])) }).put(
      "acme",
      "jde.password",
      "pw",
    );
    let box = createSecretBox([k1]);
    let reloads = 0;
    const keyring: KeyringSource = {
      current: () => box,
      reload: () => {
        reloads += 1;
        box = createSecretBox([k1, k2]);
        return box;
      },
    };
    const vault = createSecretVault({ rows, keyring });
    expect(await vault.get("acme", "jde.password")).toBe("pw");
    expect(await vault.get("acme", "jde.password")).toBe("pw");
    expect(reloads).toBe(1);
  });
});
