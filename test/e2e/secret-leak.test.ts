import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { type E2E, E2E_SECRET, E2E_SHOP, startE2E } from "../support/e2e-harness.js";
import { connectByInstall, writeConfigFile } from "../support/e2e-steps.js";
import { exactlyOnceProblems, generateOrders, sleep, untilDocumentsDone } from "../support/exactly-once.js";
import { runCli } from "../support/run-cli.js";

const CLIENT_ID = "leak-client";
const JDE_PASSWORD = "demo_password";

/** Every form a secret could take on its way into a file: plain, base64(url), hex, URL-encoded. */
function forms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  return [
    secret,
    bytes.toString("base64").replace(/=+$/, ""),
    bytes.toString("base64url"),
    bytes.toString("hex"),
    bytes.toString("hex").toUpperCase(),
    encodeURIComponent(secret),
  ].filter((form, index, all) => form.length >= 8 && all.indexOf(form) === index);
}

function findings(where: string, haystack: Buffer | string, secrets: Record<string, string>): string[] {
  const text = Buffer.isBuffer(haystack) ? haystack.toString("latin1") : haystack;
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets))
    for (const form of forms(secret))
      if (text.includes(form)) found.push(`${name} in ${where} as ${form === secret ? "plain" : form}`);
  return found;
}

describe("secrets stay secret (e2e)", { timeout: 240_000 }, () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("after a full OAuth run with refreshes, a revocation and errors, no known secret is in the database, WAL, config, logs, audit rows or error output", async () => {
    const logLines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(String(chunk));
        callback();
      },
    });
    e2e = await startE2E({
      shop: { clientId: CLIENT_ID },
      shopifySimulator: { tokenLifetimes: { accessTokenSeconds: 3 } },
      shopifyConfig: {
        auth: { grant: "authorization-code", clientId: CLIENT_ID, refreshBeforeExpirySeconds: 1 },
      },
      log: { level: "trace", destination },
    });
    // The CLI's configuration names its secrets by reference only.
    const envReference = (name: string) => `\${env:${name}}`;
    const configPath = writeConfigFile(e2e, (config) => {
      config.tenants[0]!.shopify.apiSecret = envReference("LEAK_SHOPIFY_SECRET");
      config.tenants[0]!.jde.password = envReference("LEAK_JDE_PASSWORD");
      delete config.tenants[0]!.shopify.accessToken;
    });
    const env = { LEAK_SHOPIFY_SECRET: E2E_SECRET, LEAK_JDE_PASSWORD: JDE_PASSWORD };
    const { cli: connected } = await connectByInstall(e2e, configPath, env);
    expect(connected.code, connected.stderr).toBe(0);

    const orders = generateOrders(e2e, 60, 801);
    await untilDocumentsDone(e2e, 20);
    await sleep(3_500); // at least one refresh ahead of expiry
    await e2e.waitForPosting(orders, 120_000);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);

    // Errors on purpose: Shopify revokes everything; refreshes and reads fail and are logged.
    e2e.shopify.oauth.revokeAll(E2E_SHOP);
    generateOrders(e2e, 5, 802);
    await sleep(1_500);
    const failing = await runCli(["connect", "test", "--tenant", e2e.tenantId, "--json", "-c", configPath], {
      env,
      timeoutMs: 120_000,
    });
    expect(failing.code).toBe(1);
    // The files as the running service left them: the WAL exists only until the store is closed.
    const liveFiles = ["", "-wal", "-shm"]
      .map((suffix) => ({ suffix, path: `${e2e.databaseFile}${suffix}` }))
      .filter((f) => existsSync(f.path))
      .map((f) => ({ suffix: f.suffix, bytes: readFileSync(f.path) }));
    expect(liveFiles.map((f) => f.suffix)).toContain("-wal");
    await e2e.connector.stop();

    const accessTokens = e2e.shopify.oauth.tokens(E2E_SHOP).map((t) => t.token);
    const refreshTokens = e2e.shopify.oauth.refreshTokens(E2E_SHOP);
    expect(e2e.shopify.stats().tokenRequests.refresh_token).toBeGreaterThanOrEqual(1);
    expect(accessTokens.length).toBeGreaterThanOrEqual(2);
    const masterKey = readFileSync(join(e2e.dir, "master.key"), "utf8").trim();
    const secrets: Record<string, string> = {
      clientSecret: E2E_SECRET,
      jdePassword: JDE_PASSWORD,
      masterKey,
      ...Object.fromEntries(accessTokens.map((t, i) => [`accessToken${i}`, t])),
      ...Object.fromEntries(refreshTokens.map((t, i) => [`refreshToken${i}`, t])),
    };

    // The master key also as its raw 32 bytes (a byte string of the same length) and their hex.
    const keyBytes = Buffer.from(masterKey.split("\n").at(-1)!, "base64");
    expect(keyBytes.length).toBe(32);
    secrets.masterKeyHex = keyBytes.toString("hex");
    const rawKey = keyBytes.toString("latin1");

    const problems: string[] = [];
    for (const file of liveFiles) {
      problems.push(...findings(`database${file.suffix} (running)`, file.bytes, secrets));
      if (file.bytes.toString("latin1").includes(rawKey))
        problems.push(`raw master key in database${file.suffix}`);
    }
    for (const suffix of ["", "-wal", "-shm"]) {
      const file = `${e2e.databaseFile}${suffix}`;
      if (existsSync(file)) problems.push(...findings(`database${suffix}`, readFileSync(file), secrets));
    }
    const db = new BetterSqlite3(e2e.databaseFile, { readonly: true });
    const audit = db.prepare("SELECT step, detail FROM audit_log").all();
    const jobs = db.prepare("SELECT last_error, park_reason, payload FROM jobs").all();
    db.close();
    expect(audit.length).toBeGreaterThan(0);
    problems.push(...findings("audit rows", JSON.stringify(audit), secrets));
    problems.push(...findings("job errors", JSON.stringify(jobs), secrets));
    problems.push(...findings("configuration", readFileSync(configPath), { ...secrets, masterKey: "" }));
    expect(logLines.length).toBeGreaterThan(10);
    problems.push(...findings("service log", logLines.join(""), secrets));
    for (const [name, run] of Object.entries({ connect: connected, connectTest: failing }))
      problems.push(...findings(`${name} output`, run.stdout + run.stderr, secrets));
    expect(problems).toEqual([]);
  });
});
