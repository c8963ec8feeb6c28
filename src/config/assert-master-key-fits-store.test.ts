import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { masterKeyId } from "../lib/secret-box.js";
import { createSecretVault } from "../lib/secret-vault.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { assertMasterKeyFitsStore } from "./assert-master-key-fits-store.js";
import { openMasterKeys } from "./master-key.js";

const otherHostKey = Buffer.alloc(32, 0x5a);
const olderKey = Buffer.alloc(32, 0x3c);

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** A store in which another instance sealed secrets with the keys of its own key file. */
async function storeSealedElsewhere(sealed: Array<{ key: Buffer; names: string[] }>): Promise<Store> {
  store = await openStore("sqlite::memory:");
  await store.migrate();
  const otherHost = mkdtempSync(join(tmpdir(), "mlc-other-host-"));
  for (const { key, names } of sealed) {
    const path = join(otherHost, `${masterKeyId(key)}.key`);
    writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600 });
    const vault = createSecretVault({
      rows: store.secrets,
      keyring: openMasterKeys({ masterKeyFile: path }),
    });
    for (const name of names) await vault.put("acme", name, `value of ${name}`);
  }
  return store;
}

async function refusal(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe("a missing master key file on a shared store", () => {
  it("is refused when the store holds secrets: no key file is made, the key ids are named, no key is", async () => {
    const rows = (
      await storeSealedElsewhere([
        { key: olderKey, names: ["jde.password"] },
        { key: otherHostKey, names: ["shopify.apiSecret", "shopify.accessToken"] },
      ])
    ).secrets;
    const newHost = mkdtempSync(join(tmpdir(), "mlc-new-host-"));
    const keys = openMasterKeys(undefined, { cwd: newHost });

    const error = await refusal(assertMasterKeyFitsStore(keys, rows));

    expect(error.code).toBe("MLC_MASTER_KEY_INVALID");
    expect(error.message).toContain(`${join(newHost, "data/master.key")} does not exist`);
    expect(error.message).toContain("3 secrets sealed under master keys");
    expect(error.message).toContain(`${masterKeyId(olderKey)} (1 secret)`);
    expect(error.message).toContain(`${masterKeyId(otherHostKey)} (2 secrets)`);
    expect(error.message).toMatch(/Copy the key file .* or set security\.masterKey/);
    expect(error.detail?.keyIds).toEqual(
      expect.arrayContaining([masterKeyId(olderKey), masterKeyId(otherHostKey)]),
    );
    for (const key of [otherHostKey, olderKey]) {
      for (const encoding of ["base64", "base64url", "hex"] as const) {
        expect(error.message).not.toContain(key.toString(encoding));
      }
    }
    expect(readdirSync(newHost)).toEqual([]);
  });

  it("is left to be created on first use when the store holds no secret (first install, demo)", async () => {
    store = await openStore("sqlite::memory:");
    await store.migrate();
    const newHost = mkdtempSync(join(tmpdir(), "mlc-first-host-"));
    const keys = openMasterKeys(undefined, { cwd: newHost });

    await assertMasterKeyFitsStore(keys, store.secrets);
    const vault = createSecretVault({ rows: store.secrets, keyring: keys });
    const { keyId } = await vault.put("acme", "jde.password", "secret");

    expect(existsSync(join(newHost, "data/master.key"))).toBe(true);
    expect(keys.current().currentKeyId).toBe(keyId);
  });

  it("is not concerned with a key file that exists, or with env mode (their keys are checked when used)", async () => {
    const rows = (await storeSealedElsewhere([{ key: otherHostKey, names: ["jde.password"] }])).secrets;
    const path = join(mkdtempSync(join(tmpdir(), "mlc-host-")), "master.key");
    writeFileSync(path, `${otherHostKey.toString("base64")}\n`, { mode: 0o600 });
    await assertMasterKeyFitsStore(openMasterKeys({ masterKeyFile: path }), rows);
    await assertMasterKeyFitsStore(openMasterKeys({ masterKey: olderKey.toString("hex") }), rows);
  });
});
