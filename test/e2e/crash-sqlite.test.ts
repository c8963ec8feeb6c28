import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { runReconciliation } from "../../src/compose/reconciliation-service.js";
import { parseConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";
import { type E2E, startE2E } from "../support/e2e-harness.js";
import { until, writeConfigFile } from "../support/e2e-steps.js";
import { sleep } from "../support/exactly-once.js";
import { ROOT } from "../support/run-cli.js";

const ORDERS = 60;
const KILLS = 4;

/** `ml-connector serve` as its own process, on the test's configuration (same port every time). */
function serve(config: string): ChildProcess {
  const child = spawn(
    join(ROOT, "node_modules/.bin/tsx"),
    ["src/cli/ml-connector.ts", "serve", "-c", config],
    {
      cwd: ROOT,
      env: process.env,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  child.stderr?.resume();
  return child;
}

async function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** Resolves once the service answers HTTP (its health says whatever it says). */
async function listening(url: string): Promise<void> {
  await until(
    async () => {
      try {
        await fetch(`${url}/healthz`);
        return true;
      } catch {
        return false;
      }
    },
    30_000,
    "the service to listen",
  );
}

/** Rows of the store, read through a read-only connection beside the running process. */
function query<T>(databaseFile: string, sql: string): T[] {
  const db = new BetterSqlite3(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe("crash safety on SQLite (e2e)", () => {
  let e2e: E2E;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child) await killed(child);
    await e2e.stop();
  });

  it(`posts ${ORDERS} orders exactly once while the service is SIGKILLed ${KILLS} times`, async () => {
    e2e = await startE2E({
      deferStart: true,
      // Shopify retries a failed delivery for longer than the service is down; the sweep catches the rest.
      shopifySimulator: { webhookRetry: { attempts: 12, baseDelayMs: 300 } },
      tenantConfig: { schedule: { sweep: "*/3 * * * * *", sweepOverlapMinutes: 60 } },
    });
    await e2e.connector.stop(); // the port and the store are the child process's from here
    const config = writeConfigFile(e2e);

    const gids: string[] = [];
    const names = new Map<string, string>();
    const atKill: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      child = serve(config);
      await listening(e2e.url);
      for (const order of e2e.shopify.orders.generate(e2e.shop, ORDERS / KILLS, {
        seed: 80 + kill,
        refundRate: 0.2,
      })) {
        gids.push(order.gid);
        names.set(order.gid, order.name);
      }
      await sleep(300 + kill * 350); // mid-intake first, mid-posting later
      await killed(child);
      atKill.push(query(e2e.databaseFile, "SELECT 1 FROM inbox_events").length);
    }
    // The kills hit a working service: webhooks were being taken in when it died.
    expect(atKill.filter((n) => n > 0).length).toBeGreaterThanOrEqual(KILLS - 1);
    child = serve(config);

    const settledDocuments = () =>
      query<{ order_id: string; status: string; document_number: string | null }>(
        e2e.databaseFile,
        "SELECT order_id, status, document_number FROM posting_documents",
      );
    await until(
      () => {
        const jobs = query<{ status: string }>(e2e.databaseFile, "SELECT status FROM jobs");
        const documents = settledDocuments();
        const withDocument = new Set(documents.map((d) => d.order_id));
        return (
          jobs.every((j) => j.status === "done") &&
          documents.every((d) => d.status === "accepted" || d.status === "confirmed") &&
          gids.every((gid) => withDocument.has(gid))
        );
      },
      90_000,
      "every order posted and answered after the kills",
    );

    // Exactly once: JDE holds, per order, the documents the connector numbered, each once, no twin.
    const documents = settledDocuments();
    for (const gid of gids) {
      const numbered = documents.filter((d) => d.order_id === gid).map((d) => d.document_number);
      const inJde = e2e.jde.ledger.documents().filter((d) => d.vinv.trim() === names.get(gid));
      expect(inJde.map((d) => String(d.doc)).sort(), names.get(gid)).toEqual(numbered.sort());
    }

    // And the month reconciles: nothing lost, nothing doubled, every amount Shopify's.
    await killed(child);
    child = undefined;
    await e2e.jde.control.ledger.postBatches();
    const glDate = query<{ gl_date: string }>(
      e2e.databaseFile,
      "SELECT min(gl_date) AS gl_date FROM posting_documents",
    )[0]!.gl_date;
    const report = await runReconciliation({
      config: parseConfig(e2e.configInput),
      tenantId: e2e.tenantId,
      period: { containing: glDate },
      clock: systemClock,
      log: createLogger({ level: "silent" }),
    });
    expect(report.variances).toEqual([]);
    expect(report.counts.shopifyOrders).toBe(ORDERS);
  }, 180_000);
});
