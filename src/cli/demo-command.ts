import { mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { startJdeSimulator } from "../../sim/jde/index.js";
import { DEMO_SHOP, startShopifySimulator } from "../../sim/shopify/index.js";
import { systemClock } from "../lib/clock.js";
import { createLogger } from "../lib/logger.js";
import { createConnector } from "../main.js";
import { DEMO_JDE_USER, DEMO_SHOP_DOMAIN, demoConfig } from "./demo/demo-config.js";
import { type DemoSummary, reconcileDemo } from "./demo/reconcile-demo.js";
import { type PeriodOutcome, reconcilePeriodsDemo } from "./demo/reconcile-periods-demo.js";
import { streamOrders } from "./demo/stream-orders.js";

export interface DemoOptions {
  orders: number;
  exit: boolean;
  json: boolean;
  seed: number;
  port: number;
  store: string;
  timeoutSeconds?: number;
}

/**
 * `ml-connector demo` (what `npm start` runs): both simulators and the connector on SQLite; generated
 * orders stream in as real signed webhooks; progress is printed until every order is posted, then the
 * JDE ledger is reconciled against the Shopify simulator's own totals.
 */
export async function runDemoCommand(options: DemoOptions): Promise<void> {
  const say = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  prepareStore(options.store);
  const jde = await startJdeSimulator({
    users: [DEMO_JDE_USER],
    processing: "staged",
    processorIntervalMs: 200,
  });
  const shopify = await startShopifySimulator({
    shops: [{ ...DEMO_SHOP, domain: DEMO_SHOP_DOMAIN, plan: "plus" }],
    seed: options.seed,
    webhookRetry: { attempts: 8, baseDelayMs: 200 },
  });
  const config = demoConfig({
    shopifyUrl: shopify.url,
    aisUrl: jde.url,
    storeUrl: options.store,
    port: options.port,
  });
  const log = createLogger({ level: config.logLevel });
  const connector = await createConnector({ config, log, clock: systemClock });
  const address = await connector.app.listen({ port: config.server.port, host: config.server.host });
  connector.start();
  shopify.webhooks.subscribe({
    shop: DEMO_SHOP_DOMAIN,
    topics: ["orders/create", "orders/updated", "orders/paid", "refunds/create"],
    uri: `${address}/webhooks/shopify`,
  });
  say(
    `ml-connector demo: Shopify simulator ${shopify.url} · JDE AIS simulator ${jde.url} · connector ${address} · store ${options.store}`,
  );

  const started = Date.now();
  const progress = setInterval(async () => say(await progressLine(connector, shopify, started)), 1000);
  let summary: (DemoSummary & { periods: PeriodOutcome[] }) | undefined;
  try {
    const orderIds = await streamOrders({
      shopify,
      shop: DEMO_SHOP_DOMAIN,
      count: options.orders,
      seed: options.seed,
    });
    await waitUntilPosted(connector, shopify, orderIds, (options.timeoutSeconds ?? 600) * 1000);
    const checked = await reconcileDemo({ connector, shopify, jde, shop: DEMO_SHOP_DOMAIN, orderIds });
    say(await progressLine(connector, shopify, started));
    const posted = ((Date.now() - started) / 1000).toFixed(1);
    const periods = await reconcilePeriodsDemo({
      config,
      tenantId: "demo",
      connector,
      jde,
      clock: systemClock,
      log,
    });
    summary = {
      ...checked,
      periods,
      reconciled: checked.reconciled && periods.length > 0 && periods.every((p) => p.variances === 0),
    };
    say(
      `done in ${posted} s: ${summary.documentsPosted} documents posted for ${summary.orders} orders, ${summary.failed} failed, ${summary.accountsMismatched} account mismatches`,
    );
    for (const period of periods)
      say(
        `month end: R09801 posted the batches; period ${period.period} reconciled in ${period.seconds} s (${period.shopifyOrders} Shopify orders, ${period.jdeDocuments} JDE documents): ${period.variances} variances`,
      );
    say(`reconciled: ${summary.reconciled}`);
  } finally {
    clearInterval(progress);
    if (options.exit || !summary) {
      await connector.stop();
      await shopify.close();
      await jde.close();
    }
  }
  if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (summary && !summary.reconciled) process.exitCode = 1;
  if (!options.exit) say("still running: the connector keeps listening; Ctrl-C to stop");
}

function prepareStore(url: string): void {
  const file = /^sqlite:(.+)$/.exec(url)?.[1];
  if (!file || file === ":memory:") return;
  mkdirSync(dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}

type Running = Awaited<ReturnType<typeof createConnector>>;
type Shopify = Awaited<ReturnType<typeof startShopifySimulator>>;

async function progressLine(connector: Running, shopify: Shopify, started: number): Promise<string> {
  const stats = shopify.stats();
  const jobs = await connector.store.jobs.counts();
  const docs = await connector.store.posting.countDocuments();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  return `[${seconds}s] orders ${stats.orders} · webhooks ${stats.webhooksDelivered} delivered, ${stats.webhooksFailed} failed · jobs ${jobs.pending} pending, ${jobs.running} running, ${jobs.parked} parked · documents ${docs.confirmed + docs.accepted} posted, ${docs.pending + docs.sent} sending, ${docs.staged} staged, ${docs.rejected} rejected`;
}

async function waitUntilPosted(
  connector: Running,
  shopify: Shopify,
  orderIds: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await shopify.webhooks.idle();
  while (Date.now() < deadline) {
    const jobs = await connector.store.jobs.counts();
    const docs = await connector.store.posting.countDocuments();
    const settled =
      jobs.pending + jobs.running === 0 && docs.pending + docs.sent + docs.staged + docs.unknown === 0;
    if (settled) {
      const posted = await connector.store.posting.listDocuments({ tenantId: "demo" });
      const withDocument = new Set(posted.map((d) => d.orderId));
      if (orderIds.every((id) => withDocument.has(id)) || jobs.parked > 0) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`demo: not every order was posted within ${timeoutMs / 1000} s`);
}
