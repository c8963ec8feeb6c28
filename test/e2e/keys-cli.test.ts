import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSecretsAdmin } from "../../src/compose/secrets-admin.js";
import { openStoreWithSecrets } from "../../src/compose/store-with-secrets.js";
import type { Config } from "../../src/config/config-schema.js";
import { loadConfig } from "../../src/config/load-config.js";
import { openMasterKeys } from "../../src/config/master-key.js";
import type { ResolvedConfig } from "../../src/config/resolve-stored-secrets.js";
import { systemClock } from "../../src/lib/clock.js";
import { masterKeyId } from "../../src/lib/secret-box.js";
import { createSecretVault } from "../../src/lib/secret-vault.js";
import { openStore } from "../../src/store/open-store.js";
import { runCli } from "../support/run-cli.js";

const SECRETS = {
  "jde.password": "jde pässword/+=&",
  "shopify.apiSecret": "shpss_app_secret_value",
  "shopify.accessToken": "shpat_access_token_value",
};

/** A tenant whose secrets are all left to the store. */
const configYaml = (dir: string, security: string) => `
store: { url: "sqlite:${join(dir, "store.db")}" }
${security}
tenants:
  - id: acme
    shopify: { shop: acme.myshopify.com }
    jde: { aisUrl: "https://ais.acme.local:9300", username: SVC_SHOP, environment: JPD920,
           deviceName: ml-connector-acme, company: 00100 }
    accounts:
      receivable: 100.1130
      clearing: { default: 100.1118 }
      revenue: 100.4100
      discounts: 100.4150
      returns: 100.4160
      refundAdjustments: 100.4170
      shipping: 100.4300
      fees: 100.4500
      taxPayable: { default: 100.2110 }
      channelTax: 100.2115
      giftCardLiability: 100.2400
      storeCredit: 100.2410
      tips: 100.2450
      duties: 100.2460
      deferredRevenue: 100.2480
      rounding: 100.7990
`;

interface Listing {
  scope: string;
  name: string;
  keyId: string;
}

/** One secret through `secrets set` (stdin), the others through the vault in this process (faster). */
async function storeSecrets(config: string, env: Record<string, string> = {}): Promise<string[]> {
  const [first, ...others] = Object.entries(SECRETS);
  const result = await runCli(["secrets", "set", "--tenant", "acme", first![0], "-c", config], {
    input: `${first![1]}\n`,
    env,
  });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^stored acme\/jde\.password under master key [0-9a-f]{16}\n$/);
  const admin = await openSecretsAdmin({
    config: loadConfig(config, { ...process.env, ...env }),
    clock: systemClock,
  });
  try {
    for (const [name, value] of others) await admin.vault.put("acme", name, value);
  } finally {
    await admin.close();
  }
  return [result.stdout, result.stderr];
}

async function listed(config: string, env: Record<string, string> = {}): Promise<Listing[]> {
  const admin = await openSecretsAdmin({
    config: loadConfig(config, { ...process.env, ...env }),
    clock: systemClock,
  });
  try {
    return await admin.vault.list();
  } finally {
    await admin.close();
  }
}

/** The configuration as the service resolves it: the secrets it leaves out, filled from the store. */
async function resolvedSecrets(config: Readonly<Config>): Promise<Readonly<ResolvedConfig>> {
  const opened = await openStoreWithSecrets(config, systemClock);
  await opened.store.close();
  return opened.config;
}

function expectNoSecretIn(outputs: string[], keyFile?: string): void {
  const text = outputs.join("\n");
  for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
  const keys = keyFile ? readFileSync(keyFile, "utf8").trim().split("\n") : [];
  for (const key of keys) expect(text).not.toContain(key);
}

// Each CLI run starts tsx on the sources (seconds on a busy machine).
const SLOW = { timeout: 180_000 };

describe("ml-connector keys and secrets (e2e)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mlc-keys-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    "file mode: keys rotate re-seals every secret under a new key; a process holding the old file still reads them",
    SLOW,
    async () => {
      const keyFile = join(dir, "file-mode", "master.key");
      const config = join(dir, "file-mode.yaml");
      writeFileSync(config, configYaml(join(dir, "file-mode"), `security: { masterKeyFile: "${keyFile}" }`));
      const outputs = await storeSecrets(config);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const before = await listed(config);
      expect(before.map((r) => r.name)).toEqual(["jde.password", "shopify.accessToken", "shopify.apiSecret"]);
      const oldKeyId = before[0]!.keyId;
      expect(new Set(before.map((r) => r.keyId))).toEqual(new Set([oldKeyId]));

      // Another process (a running service) that loaded the key file before the rotation.
      const store = await openStore(`sqlite:${join(dir, "file-mode", "store.db")}`);
      const keys = openMasterKeys({ masterKeyFile: keyFile });
      const running = createSecretVault({ rows: store.secrets, keyring: keys });
      expect(await running.get("acme", "jde.password")).toBe(SECRETS["jde.password"]);
      expect(keys.current().keyIds).toEqual([oldKeyId]);

      const rotated = await runCli(["keys", "rotate", "--json", "--batch-size", "2", "-c", config]);
      expect(rotated.stderr).toBe("");
      expect(rotated.code).toBe(0);
      const report = JSON.parse(rotated.stdout);
      expect(report).toMatchObject({ mode: "file", examined: 3, resealed: 3, unreadable: [] });
      const newKeyId = report.addedKeyId as string;
      expect(report.currentKeyId).toBe(newKeyId);
      expect(newKeyId).not.toBe(oldKeyId);
      expect(readFileSync(keyFile, "utf8").trim().split("\n")).toHaveLength(2);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);

      const list = await runCli(["secrets", "list", "--json", "-c", config]);
      expect(list.code).toBe(0);
      const after = JSON.parse(list.stdout) as Listing[];
      expect(after.map((r) => [r.name, r.keyId])).toEqual(before.map((r) => [r.name, newKeyId]));

      for (const [name, value] of Object.entries(SECRETS))
        expect(await running.get("acme", name)).toBe(value);
      expect(keys.current().currentKeyId).toBe(newKeyId);
      await store.close();

      const resolved = await resolvedSecrets(loadConfig(config));
      expect(resolved.tenants[0]?.jde.password).toBe(SECRETS["jde.password"]);
      expect(resolved.tenants[0]?.shopify.accessToken).toBe(SECRETS["shopify.accessToken"]);

      const status = await runCli(["keys", "status", "-c", config]);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(new RegExp(`${newKeyId}\\s+current\\s+3 secrets`));
      expect(status.stdout).toMatch(new RegExp(`${oldKeyId}\\s+previous\\s+0 secrets`));
      expectNoSecretIn(
        [...outputs, rotated.stdout, rotated.stderr, list.stdout, status.stdout, status.stderr],
        keyFile,
      );
    },
  );

  it(
    "env mode: keys rotate re-seals to the configured key; the old one is needed in previousMasterKeys",
    SLOW,
    async () => {
      const config = join(dir, "env-mode.yaml");
      const security = `security:
  masterKey: "\${env:MLC_TEST_MASTER_KEY}"
  previousMasterKeys: ["\${env:MLC_TEST_PREVIOUS_KEY}"]`;
      writeFileSync(config, configYaml(join(dir, "env-mode"), security));
      const keyA = Buffer.alloc(32, 0xaa).toString("base64");
      const keyB = Buffer.alloc(32, 0xbb).toString("hex");
      const unrelated = Buffer.alloc(32, 0xcc).toString("base64");
      const outputs = await storeSecrets(config, {
        MLC_TEST_MASTER_KEY: keyA,
        MLC_TEST_PREVIOUS_KEY: unrelated,
      });
      const underA = (
        await listed(config, { MLC_TEST_MASTER_KEY: keyA, MLC_TEST_PREVIOUS_KEY: unrelated })
      )[0]!.keyId;

      const forgotten = await runCli(["keys", "rotate", "-c", config], {
        env: { MLC_TEST_MASTER_KEY: keyB, MLC_TEST_PREVIOUS_KEY: unrelated },
      });
      expect(forgotten.code).toBe(1);
      expect(forgotten.stdout).toContain("MLC_SECRET_KEY_UNKNOWN");
      expect(forgotten.stdout).toContain(`acme/jde.password (key ${underA})`);
      const untouched = await listed(config, { MLC_TEST_MASTER_KEY: keyA, MLC_TEST_PREVIOUS_KEY: unrelated });
      expect(new Set(untouched.map((r) => r.keyId))).toEqual(new Set([underA]));

      const env = { MLC_TEST_MASTER_KEY: keyB, MLC_TEST_PREVIOUS_KEY: keyA };
      const rotated = await runCli(["keys", "rotate", "--json", "-c", config], { env });
      expect(rotated.code).toBe(0);
      const report = JSON.parse(rotated.stdout);
      expect(report).toMatchObject({ mode: "env", addedKeyId: null, examined: 3, resealed: 3 });
      expect(new Set((await listed(config, env)).map((r) => r.keyId))).toEqual(
        new Set([report.currentKeyId]),
      );
      // Once rotated, the old key is no longer needed.
      const resolved = await resolvedSecrets(
        loadConfig(config, { MLC_TEST_MASTER_KEY: keyB, MLC_TEST_PREVIOUS_KEY: unrelated }),
      );
      expect(resolved.tenants[0]?.shopify.apiSecret).toBe(SECRETS["shopify.apiSecret"]);
      const text = [...outputs, forgotten.stdout, forgotten.stderr, rotated.stdout, rotated.stderr].join(
        "\n",
      );
      for (const key of [keyA, keyB, unrelated]) expect(text).not.toContain(key);
      expectNoSecretIn([text]);
    },
  );

  it(
    "a second host without the key file is refused at start instead of making a key of its own; with a wrong key it is told what to do",
    SLOW,
    async () => {
      // Host A: the first instance, its key file made on first use, its secrets in the shared store.
      const hostA = join(dir, "host-a");
      const keyFileA = join(hostA, "master.key");
      const configA = join(dir, "host-a.yaml");
      writeFileSync(configA, configYaml(join(dir, "shared"), `security: { masterKeyFile: "${keyFileA}" }`));
      const outputs = await storeSecrets(configA);
      const keyIdA = masterKeyId(Buffer.from(readFileSync(keyFileA, "utf8").trim(), "base64"));

      // Host B: same store, another working directory, no key file.
      const hostB = join(dir, "host-b");
      mkdirSync(hostB);
      const keyFileB = join(hostB, "master.key");
      const configB = join(dir, "host-b.yaml");
      writeFileSync(configB, configYaml(join(dir, "shared"), `security: { masterKeyFile: "${keyFileB}" }`));

      const started = await runCli(["serve", "-c", configB]);
      expect(started.code).toBe(1);
      expect(started.stderr).toContain(`MLC_MASTER_KEY_INVALID: master key file ${keyFileB} does not exist`);
      expect(started.stderr).toContain(`3 secrets sealed under master key ${keyIdA};`);
      expect(started.stderr).toContain("Copy the key file of an instance that uses this store");
      const status = await runCli(["keys", "status", "-c", configB]);
      expect(status.code).toBe(1);
      expect(status.stderr).toContain(`master key file ${keyFileB} does not exist`);
      const rotate = await runCli(["keys", "rotate", "-c", configB]);
      expect(rotate.code).toBe(1);
      expect(readdirSync(hostB)).toEqual([]);

      // A key file of B's own (made before this check existed): the start names the key it lacks.
      writeFileSync(keyFileB, `${Buffer.alloc(32, 0x42).toString("base64")}\n`, { mode: 0o600 });
      const wrongKey = await runCli(["serve", "-c", configB]);
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stderr).toContain(
        `MLC_SECRET_KEY_UNKNOWN: secret acme/jde.password: sealed under master key ${keyIdA}`,
      );
      expect(wrongKey.stderr).toContain(`the key file ${keyFileB} lacks that key: copy the key file`);
      const wrongStatus = await runCli(["keys", "status", "-c", configB]);
      expect(wrongStatus.code).toBe(1);
      expect(wrongStatus.stdout).toMatch(new RegExp(`${keyIdA}\\s+NOT IN KEYRING\\s+3 secrets`));
      expect(wrongStatus.stdout).toContain(
        `3 secrets are sealed under master key ${keyIdA}, which this keyring lacks: they cannot be opened here`,
      );

      // The fix the message names: B gets A's key file.
      copyFileSync(keyFileA, keyFileB);
      const fixed = await runCli(["keys", "status", "-c", configB]);
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(fixed.stdout).toMatch(new RegExp(`${keyIdA}\\s+current\\s+3 secrets`));
      expectNoSecretIn(
        [
          ...outputs,
          ...[started, status, rotate, wrongKey, wrongStatus, fixed].flatMap((r) => [r.stdout, r.stderr]),
        ],
        keyFileA,
      );
      expect(existsSync(join(hostA, "master.key"))).toBe(true);
    },
  );

  it(
    "refuses a malformed master key, an unknown secret name and an empty value, saying why",
    SLOW,
    async () => {
      const config = join(dir, "env-mode.yaml");
      const bad = await runCli(["keys", "status", "-c", config], {
        env: { MLC_TEST_MASTER_KEY: "not-a-key", MLC_TEST_PREVIOUS_KEY: Buffer.alloc(32, 1).toString("hex") },
      });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("MLC_MASTER_KEY_INVALID");
      expect(bad.stderr).toContain("security.masterKey: expected 32 bytes");
      expect(bad.stderr).not.toContain("not-a-key");

      const key = Buffer.alloc(32, 1).toString("hex");
      const env = { MLC_TEST_MASTER_KEY: key, MLC_TEST_PREVIOUS_KEY: key };
      const typo = await runCli(["secrets", "set", "--tenant", "acme", "jde.pasword", "-c", config], {
        input: "x",
        env,
      });
      expect(typo.code).toBe(1);
      expect(typo.stderr).toContain("unknown secret name jde.pasword");
      const empty = await runCli(["secrets", "set", "--tenant", "acme", "jde.password", "-c", config], {
        input: "\n",
        env,
      });
      expect(empty.code).toBe(1);
      expect(empty.stderr).toContain("empty");
    },
  );
});
