import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backends, type FreshStore, freshStore } from "../../test/support/store-backends.js";
import { createSecretBox, masterKeyId } from "../lib/secret-box.js";
import { createSecretVault, type SecretRows } from "../lib/secret-vault.js";

const t0 = new Date("2026-11-28T10:00:00.000Z");
const k1 = Buffer.alloc(32, 1);
const k2 = Buffer.alloc(32, 2);
const row = (scope: string, name: string, keyId = "key-1", sealed = `sealed-${scope}-${name}`) => ({
  scope,
  name,
  keyId,
  sealed,
});
const fixedKeys = (...keys: Buffer[]) => {
  const box = createSecretBox(keys);
  return { current: () => box, reload: () => box };
};

describe.each(backends)("SecretRows on %s", (backend) => {
  let fresh: FreshStore;
  let rows: SecretRows;
  beforeAll(async () => {
    fresh = await freshStore(backend, { clock: { now: () => t0 } });
    rows = fresh.store.secrets;
  });
  beforeEach(async () => {
    await fresh.reset();
  });
  afterAll(async () => {
    await fresh.dispose();
  });

  it("inserts, replaces, reads and deletes a row by (scope, name)", async () => {
    await rows.put(row("acme", "jde.password"));
    await rows.put(row("acme", "jde.password", "key-2", "replaced"));
    expect(await rows.get("acme", "jde.password")).toEqual({
      ...row("acme", "jde.password", "key-2", "replaced"),
      updatedAt: t0,
    });
    expect(await rows.get("beta", "jde.password")).toBeUndefined();
    expect(await rows.delete("acme", "jde.password")).toBe(true);
    expect(await rows.delete("acme", "jde.password")).toBe(false);
    expect(await rows.get("acme", "jde.password")).toBeUndefined();
  });

  it("deletes the named rows of a scope in one statement, and no others", async () => {
    for (const name of ["shopify.accessToken", "shopify.refreshToken", "jde.password"]) {
      await rows.put(row("acme", name));
      await rows.put(row("beta", name));
    }
    expect(await rows.deleteNames("acme", ["shopify.accessToken", "shopify.refreshToken", "absent"])).toBe(2);
    expect(await rows.deleteNames("acme", [])).toBe(0);
    expect((await rows.list()).map((r) => `${r.scope}/${r.name}`)).toEqual([
      "acme/jde.password",
      "beta/jde.password",
      "beta/shopify.accessToken",
      "beta/shopify.refreshToken",
    ]);
  });

  it("lists names and key ids in (scope, name) order without the sealed text; deletes a whole scope", async () => {
    await rows.put(row("beta", "jde.password"));
    await rows.put(row("acme", "shopify.apiSecret"));
    await rows.put(row("acme", "jde.password", "key-2"));
    await rows.put(row("*", "shopify.apiSecret"));
    // Where "*" sorts depends on the PostgreSQL collation; the tenants' order does not.
    expect((await rows.list()).filter((r) => r.scope !== "*")).toEqual([
      { scope: "acme", name: "jde.password", keyId: "key-2", updatedAt: t0 },
      { scope: "acme", name: "shopify.apiSecret", keyId: "key-1", updatedAt: t0 },
      { scope: "beta", name: "jde.password", keyId: "key-1", updatedAt: t0 },
    ]);
    expect(await rows.list("*")).toEqual([
      { scope: "*", name: "shopify.apiSecret", keyId: "key-1", updatedAt: t0 },
    ]);
    expect((await rows.list("acme")).map((r) => r.name)).toEqual(["jde.password", "shopify.apiSecret"]);
    expect(await rows.countByKeyId()).toEqual([
      { keyId: "key-1", rows: 3 },
      { keyId: "key-2", rows: 1 },
    ]);
    expect(await rows.deleteScope("acme")).toBe(2);
    expect((await rows.list()).map((r) => r.scope).sort()).toEqual(["*", "beta"]);
  });

  it("pages through the rows outside a key by (scope, name)", async () => {
    for (const scope of ["a", "b", "c"]) {
      for (const name of ["x.one", "x.two"]) await rows.put(row(scope, name, scope === "b" ? "new" : "old"));
    }
    const first = await rows.listOutsideKey({ keyId: "new", limit: 3 });
    expect(first.map((r) => `${r.scope}/${r.name}`)).toEqual(["a/x.one", "a/x.two", "c/x.one"]);
    const second = await rows.listOutsideKey({ keyId: "new", limit: 3, after: first[2]! });
    expect(second.map((r) => `${r.scope}/${r.name}`)).toEqual(["c/x.two"]);
  });

  it("replaces a sealed value only while the row still holds the expected key id and text", async () => {
    await rows.put(row("acme", "jde.password", "old", "sealed-1"));
    const next = { keyId: "new", sealed: "sealed-2" };
    expect(
      await rows.replaceSealed({
        scope: "acme",
        name: "jde.password",
        expected: { keyId: "old", sealed: "other" },
        next,
      }),
    ).toBe(false);
    expect(
      await rows.replaceSealed({
        scope: "acme",
        name: "missing",
        expected: { keyId: "old", sealed: "sealed-1" },
        next,
      }),
    ).toBe(false);
    expect(
      await rows.replaceSealed({
        scope: "acme",
        name: "jde.password",
        expected: { keyId: "old", sealed: "sealed-1" },
        next,
      }),
    ).toBe(true);
    expect(await rows.get("acme", "jde.password")).toMatchObject(next);
  });

  it("rotates through the vault: every row under the new key, values unchanged", async () => {
    const before = createSecretVault({ rows, keyring: fixedKeys(k1) });
    for (let i = 0; i < 5; i++) await before.put(`t${i}`, "jde.password", `pw-${i}`);
    const after = createSecretVault({ rows, keyring: fixedKeys(k1, k2) });
    expect(await after.rotate({ batchSize: 2 })).toMatchObject({ examined: 5, resealed: 5, unreadable: [] });
    expect(await rows.countByKeyId()).toEqual([{ keyId: masterKeyId(k2), rows: 5 }]);
    for (let i = 0; i < 5; i++) expect(await after.get(`t${i}`, "jde.password")).toBe(`pw-${i}`);
  });

  it("never stores the plaintext, nor its base64, hex or URL-encoded form", async () => {
    const value = "P@ss wörd/with+special=chars&more";
    const vault = createSecretVault({ rows, keyring: fixedKeys(k1) });
    await vault.put("acme", "jde.password", value);
    const stored = await rows.get("acme", "jde.password");
    const forms = encodedForms(value);
    for (const form of forms) expect(stored?.sealed).not.toContain(form);
    if (backend === "sqlite") {
      const file = fresh.url.slice("sqlite:".length);
      const bytes = [file, `${file}-wal`].map((path) => readIfExists(path)).join("");
      for (const form of forms) expect(bytes).not.toContain(form);
    }
    expect(await vault.get("acme", "jde.password")).toBe(value);
  });
});

function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  // Base64 of a value shifted by 0–2 bytes, so a match inside a longer encoding is also found.
  const base64 = [0, 1, 2].flatMap((shift) => {
    const text = bytes.subarray(shift).toString("base64").replace(/=+$/, "");
    return [text.slice(0, -2), text.slice(0, -2).replaceAll("+", "-").replaceAll("/", "_")];
  });
  return [
    value,
    encodeURIComponent(value),
    bytes.toString("hex"),
    bytes.toString("hex").toUpperCase(),
    ...base64,
  ];
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path).toString("latin1") + readFileSync(path).toString("utf8");
  } catch {
    return "";
  }
}
