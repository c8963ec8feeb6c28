// Webhook ingest benchmark (DESIGN.md §1): signed ~6.5 KB deliveries at a fixed concurrency against
// (a) a bare node:http receiver that only checks the HMAC and (b) the connector's ingest path, which
// also commits every delivery and its job. Reports throughput, latency percentiles and the ratio.
import { fork } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { cpus } from "node:os";
import { Pool } from "undici";
import { BENCH_SECRET, BENCH_SHOP } from "./bench-shop.js";

const requests = Number(process.env.BENCH_REQUESTS ?? 20_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);

function body(n: number): Buffer {
  const id = 6_000_000_000_000_000_000n + BigInt(n);
  const lines = Array.from({ length: 12 }, (_, i) => ({
    id: 14_000_000_000_000 + i,
    sku: `SKU-${i}`,
    title: `Item ${i}`,
    quantity: 1 + (i % 3),
    price: "19.99",
    tax_lines: [{ title: "State Tax", rate: 0.08, price: "1.60" }],
  }));
  const text = JSON.stringify({
    id: "ID",
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${n}`,
    currency: "USD",
    total_price: "239.88",
    line_items: lines,
    note: "x".repeat(4600),
  });
  return Buffer.from(text.replace('"ID"', id.toString()));
}

async function start(mode: string, storeUrl?: string): Promise<{ port: number; stop: () => void }> {
  const child = fork(
    new URL("./ingest-server.ts", import.meta.url),
    [mode, ...(storeUrl ? [storeUrl] : [])],
    {
      execArgv: [
        "--import",
        "tsx",
        ...(process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir=.cache/prof"] : []),
      ],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return { port, stop: () => child.send("stop") };
}

async function run(mode: string, storeUrl?: string) {
  const server = await start(mode, storeUrl);
  const pool = new Pool(`http://127.0.0.1:${server.port}`, { connections: concurrency });
  const bodies = Array.from({ length: 256 }, (_, i) => body(i));
  const signatures = bodies.map((b) => createHmac("sha256", BENCH_SECRET).update(b).digest("base64"));
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const n = next++;
        const payload = bodies[n % bodies.length]!;
        const signature = signatures[n % bodies.length]!;
        const t0 = performance.now();
        const response = await pool.request({
          path: "/webhooks/shopify",
          method: "POST",
          body: payload,
          headers: {
            "content-type": "application/json",
            "x-shopify-topic": "orders/updated",
            "x-shopify-hmac-sha256": signature,
            "x-shopify-shop-domain": BENCH_SHOP,
            "x-shopify-api-version": "2026-10",
            "x-shopify-webhook-id": randomUUID(),
            "x-shopify-event-id": randomUUID(),
          },
        });
        await response.body.dump();
        if (response.statusCode !== 200) failures += 1;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  server.stop();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  return {
    mode: storeUrl ? `${mode} (${storeUrl.split(":")[0]})` : mode,
    perSecond: Math.round(requests / seconds),
    p50: pct(50),
    p99: pct(99),
    failures,
  };
}

const results = [await run("baseline"), await run("connector")];
if (process.env.MLC_BENCH_POSTGRES_URL)
  results.push(await run("connector", process.env.MLC_BENCH_POSTGRES_URL));
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, node ${process.version}; ${requests} signed ${body(0).length}-byte deliveries, ${concurrency} concurrent`,
);
console.log("| receiver | deliveries/s | p50 ms | p99 ms | non-200 | vs baseline |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const r of results)
  console.log(
    `| ${r.mode} | ${r.perSecond} | ${r.p50} | ${r.p99} | ${r.failures} | ${(r.perSecond / results[0]!.perSecond).toFixed(2)}× |`,
  );
