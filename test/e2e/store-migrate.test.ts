import { afterEach, describe, expect, it } from "vitest";
import { runReconciliation } from "../../src/compose/reconciliation-service.js";
import { copyStore } from "../../src/compose/store-migration.js";
import { parseConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";
import { type Connector, createConnector } from "../../src/main.js";
import { type E2E, startE2E } from "../support/e2e-harness.js";
import { until } from "../support/e2e-steps.js";
import { type FreshStore, freshStore } from "../support/store-backends.js";

const SETTLED = new Set(["accepted", "confirmed"]);

/** No job waiting, every document answered by JDE, every order of `gids` with a document. */
async function settled(connector: Connector, tenantId: string, gids: string[]): Promise<void> {
  await until(
    async () => {
      const jobs = await connector.store.jobs.counts();
      const documents = await connector.store.posting.listDocuments({ tenantId });
      const withDocument = new Set(documents.map((d) => d.orderId));
      return (
        jobs.pending + jobs.running + jobs.parked === 0 &&
        documents.every((d) => SETTLED.has(d.status)) &&
        gids.every((gid) => withDocument.has(gid))
      );
    },
    30_000,
    "every order posted and answered",
  );
}

describe("store migrate, SQLite to PostgreSQL, mid-run (e2e)", () => {
  let e2e: E2E;
  let pg: FreshStore;
  let second: Connector | undefined;
  afterEach(async () => {
    await second?.stop();
    await e2e.stop();
    await pg.dispose();
  });

  it("runs half the orders on SQLite, migrates, runs the rest on PostgreSQL and re-posts nothing", async () => {
    e2e = await startE2E({});
    pg = await freshStore("postgres", { migrate: false });
    const firstHalf = e2e.shopify.orders.generate(e2e.shop, 8, { seed: 90, refundRate: 0.3 });
    await settled(
      e2e.connector,
      e2e.tenantId,
      firstHalf.map((o) => o.gid),
    );
    const before = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
    await e2e.connector.stop();

    const copied = await copyStore({ from: `sqlite:${e2e.databaseFile}`, to: pg.url });
    expect(copied.ok).toBe(true);

    const input = structuredClone(e2e.configInput) as { store: { url: string }; server: { port: number } };
    input.store.url = pg.url;
    const config = parseConfig(input);
    second = await createConnector({ config, log: createLogger({ level: "error" }), clock: systemClock });
    await second.app.listen({ port: input.server.port, host: "127.0.0.1" });
    second.start();

    // The rest of the orders, and every order of the first half synced again on PostgreSQL.
    const secondHalf = e2e.shopify.orders.generate(e2e.shop, 8, { seed: 91, refundRate: 0.3 });
    for (const order of firstHalf)
      await second.store.jobs.enqueue({ tenantId: e2e.tenantId, kind: "order-sync", key: order.gid });
    const all = [...firstHalf, ...secondHalf];
    await settled(
      second,
      e2e.tenantId,
      all.map((o) => o.gid),
    );

    // Zero re-posted: the first half's documents are the ones SQLite had, and JDE holds each once.
    const after = await second.store.posting.listDocuments({ tenantId: e2e.tenantId });
    const firstIds = new Set(firstHalf.map((o) => o.gid));
    expect(
      after
        .filter((d) => firstIds.has(d.orderId))
        .map((d) => d.key)
        .sort(),
    ).toEqual(before.map((d) => d.key).sort());
    for (const order of all) {
      const numbered = after.filter((d) => d.orderId === order.gid).map((d) => d.documentNumber);
      const inJde = e2e.jde.ledger.documents().filter((d) => d.vinv.trim() === order.name);
      expect(inJde.map((d) => String(d.doc)).sort(), order.name).toEqual(numbered.sort());
    }

    await e2e.jde.control.ledger.postBatches();
    const report = await runReconciliation({
      config,
      tenantId: e2e.tenantId,
      period: { containing: after[0]!.glDate },
      clock: systemClock,
      log: createLogger({ level: "silent" }),
    });
    expect(report.variances).toEqual([]);
    expect(report.counts.shopifyOrders).toBe(all.length);
  }, 90_000);
});
