import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { type JdeSimulator, type JdeSimulatorOptions, startJdeSimulator } from "../../sim/jde/index.js";
import {
  type ShopifySimulator,
  type ShopifySimulatorOptions,
  type SimShopConfig,
  startShopifySimulator,
} from "../../sim/shopify/index.js";
import { DEMO_ACCOUNTS, DEMO_RULES } from "../../src/cli/demo/expected-ledger.js";
import { parseConfig } from "../../src/config/load-config.js";
import { type Clock, systemClock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";
import { type Connector, createConnector } from "../../src/main.js";

export const E2E_SHOP = "e2e-shop.myshopify.com";
export const E2E_SECRET = "e2e_api_secret";
export const E2E_TOKEN = "shpat_e2e_token";
export const E2E_TENANT = "e2e";
const JDE_USER = { username: "SVC_SHOP", password: "demo_password", environment: "JPD920", role: "*ALL" };

export interface E2EOptions {
  processing?: "staged" | "sync";
  processorIntervalMs?: number;
  tokenTtlMs?: number;
  currency?: string;
  taxesIncluded?: boolean;
  timezone?: string;
  /** connector batch size (default 100) */
  maxDocuments?: number;
  /** the tenant's revenue rules (default DEMO_RULES) */
  rules?: unknown[];
  /** more JDE simulator options (Tools Release, fault knobs, a database for the Z-table path) */
  jdeSimulator?: Partial<JdeSimulatorOptions>;
  /** merged into the tenant's `jde` configuration block */
  jdeConfig?: Record<string, unknown>;
  /**
   * Post through the F0911Z1 direct insert into the simulator's stand-in JDE database (SQLite file or
   * a fresh PostgreSQL schema) instead of the orchestration; the simulator's R09110Z processes it.
   */
  zTable?: "sqlite" | "postgres";
  /** rewrites the connector's PostgreSQL stand-in URL (e.g. through a fault-injecting TCP proxy) */
  zTableConnectorUrl?: (url: string) => string;
  /** runs after the simulators start and before the connector does (e.g. take AIS down) */
  beforeConnector?: (jde: JdeSimulator, shopify: ShopifySimulator) => Promise<void>;
  /** merged into the simulated shop (scopes, clientCredentials, protected data …) */
  shop?: Partial<SimShopConfig>;
  /** more Shopify simulator options (token lifetimes, delivery knobs, bulk timing) */
  shopifySimulator?: Partial<ShopifySimulatorOptions>;
  /** merged into the tenant's `shopify` block (auth grant, manageWebhooks …) */
  shopifyConfig?: Record<string, unknown>;
  /** merged into the tenant (schedule, accountingStartDate …) */
  tenantConfig?: Record<string, unknown>;
  /** topics of the app-specific subscription the test makes (default: create, updated, paid, refunds) */
  subscribeTopics?: string[] | null;
  /** listen for webhooks but leave the workers and schedules to the test's `connector.start()` */
  deferStart?: boolean;
  /** the connector's clock (default: the system's); e.g. the wall clock shifted to the orders' days */
  clock?: Clock;
  /** where the connector logs (default: stderr at MLC_E2E_LOG_LEVEL or error) */
  log?: { level: string; destination: NodeJS.WritableStream };
}

export interface E2E {
  shopify: ShopifySimulator;
  jde: JdeSimulator;
  connector: Connector;
  /** the connector's base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  shop: string;
  secret: string;
  tenantId: string;
  /** the SQLite file of the connector's store */
  databaseFile: string;
  /** the test's temporary directory (store, master key file) */
  dir: string;
  /** the configuration as given to the connector (write it as JSON for a CLI run) */
  configInput: unknown;
  /**
   * Resolves once the webhooks are delivered and the store is settled: no pending/running job, no
   * pending/sent/staged/unknown document, and every order in `orderGids` has a document. Rejects on a
   * parked job or a rejected document (with the reason) or at the deadline.
   */
  waitForPosting(orderGids: string[], timeoutMs?: number): Promise<void>;
  /** Rows of one table of the connector's database, read through a separate read-only connection. */
  countRows(table: "inbox_events" | "jobs" | "posting_documents"): number;
  stop(): Promise<void>;
}

/** Both simulators and the connector on real ports, with a fresh SQLite store in a temp dir. */
export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  const dir = mkdtempSync(join(tmpdir(), "mlc-e2e-"));
  const databaseFile = join(dir, "e2e.db");
  const stack: (() => Promise<void>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    while (stack.length > 0) {
      const next = stack.pop();
      await next?.().catch(() => undefined);
    }
  };
  try {
    const zTable = options.zTable
      ? await standInDatabase(options.zTable, dir, options.zTableConnectorUrl)
      : undefined;
    if (zTable) stack.push(zTable.dispose);
    const jde = await startJdeSimulator({
      users: [JDE_USER],
      processing: options.processing ?? "staged",
      processorIntervalMs: options.processorIntervalMs ?? 50,
      ...(options.tokenTtlMs === undefined ? {} : { tokenTtlMs: options.tokenTtlMs }),
      ...(zTable ? { database: zTable.simulator } : {}),
      ...options.jdeSimulator,
    });
    stack.push(() => jde.close());
    const shopify = await startShopifySimulator({
      shops: [
        {
          domain: E2E_SHOP,
          accessToken: E2E_TOKEN,
          apiSecret: E2E_SECRET,
          currency: options.currency ?? "USD",
          timezone: options.timezone ?? "America/Los_Angeles",
          taxesIncluded: options.taxesIncluded ?? false,
          plan: "plus",
          ...options.shop,
        },
      ],
      seed: 7,
      webhookRetry: { attempts: 3, baseDelayMs: 50 },
      ...options.shopifySimulator,
    });
    stack.push(() => shopify.close());
    const port = await freePort();
    const configInput = {
      server: { port, host: "127.0.0.1", publicUrl: `http://127.0.0.1:${port}` },
      store: { url: `sqlite:${databaseFile}` },
      security: { masterKeyFile: join(dir, "master.key") },
      logLevel: "warn",
      worker: { concurrency: 8, leaseMs: 30_000, pollIntervalMs: 20 },
      tenants: [
        {
          id: E2E_TENANT,
          shopify: {
            shop: E2E_SHOP,
            adminUrl: shopify.url,
            apiSecret: E2E_SECRET,
            accessToken: E2E_TOKEN,
            // Tests subscribe through the simulator's app-level subscriptions unless they say otherwise.
            manageWebhooks: false,
            ...options.shopifyConfig,
          },
          jde: {
            aisUrl: jde.url,
            username: JDE_USER.username,
            password: JDE_USER.password,
            environment: JDE_USER.environment,
            deviceName: "ml-connector-e2e",
            company: "00100",
            // Short enough that a lost answer's grace (twice this) does not dominate a test run.
            timeoutMs: 5_000,
            posting: {
              batch: { maxDocuments: options.maxDocuments ?? 100, maxWaitMs: 20 },
              confirmIntervalMs: 50,
              ...(zTable ? { method: "ztable" } : {}),
            },
            ...(zTable
              ? {
                  database: zTable.connector,
                  // The simulated R09110Z runs every 50 ms, but shares the test's CPU: allow 2 minutes.
                  ztable: { processorIntervalMs: 10_000, failAfterCycles: 12 },
                }
              : {}),
            ...options.jdeConfig,
          },
          accounts: DEMO_ACCOUNTS,
          rules: options.rules ?? DEMO_RULES,
          // No sweep unless a test asks for one (a yearly tick never fires during a test).
          schedule: { sweep: "0 0 1 1 *" },
          ...options.tenantConfig,
        },
      ],
    };
    const config = parseConfig(configInput);
    await options.beforeConnector?.(jde, shopify);
    const connector = await createConnector({
      config,
      log: options.log
        ? createLogger({ level: options.log.level, destination: options.log.destination })
        : createLogger({ level: process.env.MLC_E2E_LOG_LEVEL ?? "error" }),
      clock: options.clock ?? systemClock,
    });
    stack.push(() => connector.stop());
    const address = await connector.app.listen({ port, host: "127.0.0.1" });
    if (!options.deferStart) connector.start();
    if (options.subscribeTopics !== null)
      shopify.webhooks.subscribe({
        shop: E2E_SHOP,
        topics: options.subscribeTopics ?? [
          "orders/create",
          "orders/updated",
          "orders/paid",
          "refunds/create",
        ],
        uri: `${address}/webhooks/shopify`,
      });

    const countRows: E2E["countRows"] = (table) => {
      const db = new BetterSqlite3(databaseFile, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    };

    const waitForPosting: E2E["waitForPosting"] = async (orderGids, timeoutMs = 8_000) => {
      const deadline = Date.now() + timeoutMs;
      await shopify.webhooks.idle();
      let last = "";
      while (Date.now() < deadline) {
        const jobs = await connector.store.jobs.counts();
        const docs = await connector.store.posting.countDocuments();
        if (jobs.parked > 0) {
          const parked = await connector.store.jobs.list({ status: "parked" });
          throw new Error(
            `parked jobs: ${parked.map((j) => `${j.key} ${j.parkCode}: ${j.parkReason}`).join("; ")}`,
          );
        }
        if (docs.rejected > 0) {
          const all = await connector.store.posting.listDocuments({ tenantId: E2E_TENANT });
          const rejected = all.filter((d) => d.status === "rejected");
          throw new Error(
            `rejected documents: ${JSON.stringify(rejected.map((d) => [d.orderName, d.errors]))}`,
          );
        }
        last = `jobs ${JSON.stringify(jobs)} documents ${JSON.stringify(docs)}`;
        const settled =
          jobs.pending + jobs.running === 0 && docs.pending + docs.sent + docs.staged + docs.unknown === 0;
        if (settled) {
          const posted = await connector.store.posting.listDocuments({ tenantId: E2E_TENANT });
          const withDocument = new Set(posted.map((d) => d.orderId));
          if (orderGids.every((gid) => withDocument.has(gid))) return;
          last += ` orders without a document: ${orderGids.filter((g) => !withDocument.has(g)).length}`;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`not posted within ${timeoutMs} ms: ${last}`);
    };

    return {
      shopify,
      jde,
      connector,
      url: address,
      shop: E2E_SHOP,
      secret: E2E_SECRET,
      tenantId: E2E_TENANT,
      databaseFile,
      dir,
      configInput,
      waitForPosting,
      countRows,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The simulator's and the connector's view of one stand-in JDE database, and how to drop it. */
async function standInDatabase(
  dialect: "sqlite" | "postgres",
  dir: string,
  connectorUrl: (url: string) => string = (url) => url,
) {
  if (dialect === "sqlite") {
    const file = join(dir, "jde.db");
    return {
      simulator: { dialect, url: file },
      connector: { dialect, file },
      dispose: async () => undefined,
    };
  }
  const url = process.env.MLC_TEST_POSTGRES_URL;
  if (!url) throw new Error("MLC_TEST_POSTGRES_URL is unset: vitest globalSetup starts a PostgreSQL");
  const owner = `E2E${randomBytes(6).toString("hex").toUpperCase()}`;
  return {
    simulator: { dialect, url, owner },
    connector: { dialect, url: connectorUrl(url), owner, timeoutMs: 2_000 },
    dispose: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${owner}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Shopify's webhook signature: base64 HMAC-SHA256 of the exact body bytes. */
export function signWebhook(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/** JDE F0911 sums per account for one order name, as plain numbers (minor units) for readable asserts. */
export function ledgerSums(jde: JdeSimulator, orderName: string): Record<string, number> {
  return Object.fromEntries(
    [...jde.ledger.sumsByReference(orderName)]
      .filter(([, amount]) => amount !== 0n)
      .map(([account, amount]) => [account, Number(amount)]),
  );
}

/** JDE documents (KCO/DCT/DOC) per VINV reference. */
export function jdeDocumentsByReference(jde: JdeSimulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of jde.ledger.documents()) counts.set(d.vinv.trim(), (counts.get(d.vinv.trim()) ?? 0) + 1);
  return counts;
}

/** A port nobody listens on right now (the connector's publicUrl must be known before it starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
