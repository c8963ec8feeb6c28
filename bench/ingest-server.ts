// One webhook receiver for the ingest benchmark, in its own process so the load generator does not
// share its event loop. Mode "baseline": raw node:http + HMAC check, nothing stored (the HTTP floor).
// Mode "connector": the product's path — Fastify app, intake, group-commit inbox on SQLite or PostgreSQL.
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../src/http/build-app.js";
import { createGroupCommitInbox } from "../src/inbox/group-commit-inbox.js";
import { toInboxEvent } from "../src/ingest/to-inbox-event.js";
import { createWebhookIntake } from "../src/ingest/webhook-intake.js";
import { createSilentLogger } from "../src/lib/logger.js";
import { openStore } from "../src/store/open-store.js";
import { BENCH_SECRET, BENCH_SHOP } from "./bench-shop.js";

const mode = process.argv[2] ?? "baseline";
// A clean exit (not a kill) so `--cpu-prof` can write its profile.
process.on("message", (message) => message === "stop" && process.exit(0));
const storeUrl = process.argv[3] ?? `sqlite:${join(mkdtempSync(join(tmpdir(), "mlc-bench-")), "bench.db")}`;

if (mode === "baseline") {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const expected = createHmac("sha256", BENCH_SECRET).update(body).digest();
      const received = Buffer.from(String(request.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      const ok = received.length === expected.length && timingSafeEqual(received, expected);
      response.writeHead(ok ? 200 : 401).end();
    });
  });
  server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as { port: number }).port }));
} else {
  const store = await openStore(storeUrl);
  await store.migrate();
  const inbox = createGroupCommitInbox({
    store: store.inbox,
    onStored: (event) =>
      event.resourceGid ? { tenantId: event.tenantId, kind: "order-sync", key: event.resourceGid } : null,
  });
  const intake = createWebhookIntake({
    log: createSilentLogger(),
    findTenantByShop: (shop) =>
      shop === BENCH_SHOP ? { tenantId: "bench", secrets: [BENCH_SECRET] } : undefined,
    store: (webhook) => inbox.accept(toInboxEvent(webhook, new Date())),
  });
  const app = buildApp({
    log: createSilentLogger(),
    bodyLimitBytes: 20_971_520,
    webhooks: intake,
    health: async () => ({ ok: true, detail: {} }),
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  process.send?.({ port: Number(new URL(address).port) });
}
