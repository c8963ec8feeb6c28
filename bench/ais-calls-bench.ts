// AIS call budget (issue: "AIS HTTP calls per 1,000 orders"): the connector's batched path against the
// naive integration (log in, post one order, per order), both measured on the JDE simulator with a
// per-call latency. The connector run is the whole product path (signed webhooks → GraphQL → mapping →
// batches); the naive run re-posts exactly the same documents, one token request and one orchestration
// call each. Counts come from the simulator's own request statistics.
import { cpus } from "node:os";
import { startJdeSimulator } from "../sim/jde/index.js";
import { createAisClient } from "../src/jde/ais-client.js";
import { simPoster } from "../src/jde/test-support.js";
import { systemClock } from "../src/lib/clock.js";
import { createSilentLogger } from "../src/lib/logger.js";
import { toKeyedDocument } from "../src/posting/to-keyed-document.js";
import { startE2E } from "../test/support/e2e-harness.js";
import { exactlyOnceProblems } from "../test/support/exactly-once.js";

const orders = Number(process.env.BENCH_ORDERS ?? 1000);
const latencyMs = Number(process.env.BENCH_AIS_LATENCY_MS ?? 100);
const naiveConcurrency = Number(process.env.BENCH_NAIVE_CONCURRENCY ?? 8);
const HEADER = { ediUser: "SHOPIFY", company: "00100", documentType: "JE" };

interface Counted {
  tokenRequests: number;
  validations: number;
  postings: number;
  lookups: number;
  other: number;
  total: number;
  seconds: number;
}

function count(stats: ReturnType<Awaited<ReturnType<typeof startJdeSimulator>>["stats"]>, seconds: number) {
  const calls = stats.calls;
  const postings = Object.entries(calls)
    .filter(([label]) => label.includes("orchestrator"))
    .reduce((sum, [, n]) => sum + n, 0);
  const lookups = calls["v2/dataservice"] ?? 0;
  const total = Object.values(calls).reduce((sum, n) => sum + n, 0);
  const counted: Counted = {
    tokenRequests: stats.tokenRequests,
    validations: stats.validateRequests,
    postings,
    lookups,
    other: 0,
    total,
    seconds,
  };
  counted.other = total - counted.tokenRequests - counted.validations - postings - lookups;
  return counted;
}

async function connectorRun() {
  // The shipped batching defaults (100 documents or 2 s), not the tests' 20 ms.
  const e2e = await startE2E({
    jdeSimulator: { latencyMs },
    jdeConfig: { posting: { batch: { maxDocuments: 100, maxWaitMs: 2000 }, confirmIntervalMs: 1000 } },
  });
  try {
    e2e.jde.control.resetStats();
    const started = performance.now();
    const gids = e2e.shopify.orders.generate(e2e.shop, orders, { seed: 2026 }).map((o) => o.gid);
    await e2e.waitForPosting(gids, 30 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    const problems = await exactlyOnceProblems(e2e, gids);
    if (problems.length > 0) throw new Error(`connector run not exactly once: ${problems.slice(0, 5)}`);
    const documents = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
    return { counted: count(e2e.jde.stats(), seconds), documents };
  } finally {
    await e2e.stop();
  }
}

async function naiveRun(documents: Awaited<ReturnType<typeof connectorRun>>["documents"]) {
  const jde = await startJdeSimulator({ latencyMs, processing: "sync" });
  try {
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < documents.length) {
        const document = documents[next++]!;
        const ais = createAisClient({
          baseUrl: jde.url,
          username: "SVC_SHOP",
          password: "demo_password",
          environment: "JPD920",
          role: "*ALL",
          deviceName: `naive-${next}`,
          clock: systemClock,
          log: createSilentLogger(),
        });
        const poster = simPoster(ais);
        await ais.login();
        await poster.postBatch({ batchId: `N${next}`, documents: [toKeyedDocument(document, HEADER)] });
        await ais.close();
      }
    };
    await Promise.all(Array.from({ length: naiveConcurrency }, worker));
    return count(jde.stats(), (performance.now() - started) / 1000);
  } finally {
    await jde.close();
  }
}

const per1000 = (n: number) => ((n * 1000) / orders).toFixed(1);
const connector = await connectorRun();
const naive = await naiveRun(connector.documents);
console.log(
  `AIS calls for ${orders} orders (${connector.documents.length} documents), ${latencyMs} ms simulated latency per business call`,
);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`);
console.log("per 1,000 orders      tokens  validate  postings  look-ups  other   total   wall s");
for (const [name, c] of [
  ["connector (batched)", connector.counted],
  ["naive (login+1/order)", naive],
] as const) {
  console.log(
    `${name.padEnd(21)} ${per1000(c.tokenRequests).padStart(7)} ${per1000(c.validations).padStart(9)} ${per1000(c.postings).padStart(9)} ${per1000(c.lookups).padStart(9)} ${per1000(c.other).padStart(6)} ${per1000(c.total).padStart(7)} ${c.seconds.toFixed(1).padStart(8)}`,
  );
}
console.log(
  `ratio: ${(naive.total / connector.counted.total).toFixed(1)}× fewer AIS calls than the naive path` +
    ` (naive ran ${naiveConcurrency} orders in parallel; the connector run includes Shopify reads and webhooks)`,
);
