import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { buildDefaultSeed, type LedgerDocument, type SeedData } from "../../sim/jde/index.js";
import { createCorrectionService } from "../../src/compose/correction-service.js";
import { runReconciliation } from "../../src/compose/reconciliation-service.js";
import { parseConfig } from "../../src/config/load-config.js";
import { localDate } from "../../src/domain/jde-date.js";
import { type Clock, systemClock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";
import type { PeriodReconciliation } from "../../src/pipeline/reconcile-period.js";
import type { VarianceType } from "../../src/reconcile/reconciliation.js";
import { shopDayBounds } from "../../src/reconcile/shop-day.js";
import { type E2E, startE2E } from "../support/e2e-harness.js";
import { until, writeConfigFile } from "../support/e2e-steps.js";
import { runCli } from "../support/run-cli.js";

const E2E_TIMEZONE = "America/Los_Angeles"; // the harness's default shop time zone

type ConfigInput = { tenants: { accounts: Record<string, unknown> }[] };

/** The calendar period (the simulator's pattern R) of a G/L date, as operators type it. */
function periodOf(glDate: string): string {
  return `${glDate.slice(0, 4)}/${glDate.slice(5, 7)}`;
}

/** Every order posted and answered, then an R09801 run: the state a controller closes from. */
async function postedAndGlPosted(e2e: E2E, gids: string[]): Promise<string> {
  await e2e.waitForPosting(gids, 30_000);
  await e2e.jde.control.ledger.postBatches();
  const documents = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
  const periods = new Set(documents.map((d) => periodOf(d.glDate)));
  expect(periods.size, "every document in one period (the run did not cross a month end)").toBe(1);
  return [...periods][0]!;
}

async function reconcile(e2e: E2E, label: string, configInput = e2e.configInput) {
  return runReconciliation({
    config: parseConfig(configInput),
    tenantId: e2e.tenantId,
    period: { label },
    clock: systemClock,
    log: createLogger({ level: "silent" }),
  });
}

/** Variance type → order names, sorted, for assertions that name the order behind each. */
function ordersByType(report: PeriodReconciliation): Map<VarianceType, string[]> {
  const byType = new Map<VarianceType, string[]>();
  for (const variance of report.variances) {
    const names = byType.get(variance.type) ?? [];
    names.push(...variance.orders.map((o) => o.orderName));
    byType.set(variance.type, names.sort());
  }
  return byType;
}

function jdeDocumentOf(e2e: E2E, orderName: string): LedgerDocument {
  const documents = e2e.jde.ledger.documents().filter((d) => d.vinv.trim() === orderName);
  expect(documents, `one JDE document for ${orderName}`).toHaveLength(1);
  return documents[0]!;
}

function firstDayOfNextMonth(glDate: string): string {
  const [year, month] = [Number(glDate.slice(0, 4)), Number(glDate.slice(5, 7))];
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
}

/** Two hours ago, or the start of today in the e2e shop's time zone if that is later. */
function earlierToday(): Date {
  const today = localDate(new Date().toISOString(), E2E_TIMEZONE);
  return new Date(Math.max(Date.now() - 2 * 3_600_000, Date.parse(shopDayBounds(today, E2E_TIMEZONE).start)));
}

/**
 * The simulator's reference data with company 00100 on a 4-4-5 year from July 1 (pattern F): periods of
 * 4, 4 and 5 weeks from the 1st, period 12 ending on June 30. Period 5 of the year from 2026-07-01
 * runs 2026-10-28 … 2026-11-24 and is the current one, so the simulator's orders of 2026-11-02 post in it.
 */
function fourFourFiveSeed(): SeedData {
  const seed = buildDefaultSeed(Date.now());
  const weeks = [4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4];
  const year = (start: number) => {
    const ends: string[] = [];
    let day = Date.parse(`${start}-07-01T00:00:00Z`);
    for (const length of weeks) {
      day += length * 7 * 86_400_000;
      ends.push(new Date(day - 86_400_000).toISOString().slice(0, 10));
    }
    ends.push(`${start + 1}-06-30`);
    return { pattern: "F", fiscalYearStart: `${start}-07-01`, periodEnds: ends };
  };
  return {
    ...seed,
    companies: seed.companies.map((c) =>
      c.co === "00100" ? { ...c, datePattern: "F", fiscalYearStart: "2026-07-01", currentPeriod: 5 } : c,
    ),
    fiscalPatterns: [...seed.fiscalPatterns, year(2025), year(2026), year(2027)],
  };
}

/** Log lines the connector writes, parsed. */
function logCollector() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split("\n")) if (text.trim()) lines.push(JSON.parse(text));
      done();
    },
  });
  return { lines, destination };
}

describe("ml-connector reconcile (e2e)", () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("reconciles a normal run with zero variance: table, cells CSV, variances CSV and JSON agree", async () => {
    e2e = await startE2E({});
    const orders = e2e.shopify.orders.generate(e2e.shop, 6, { seed: 71, refundRate: 0.5 });
    const label = await postedAndGlPosted(
      e2e,
      orders.map((o) => o.gid),
    );

    const out = join(e2e.dir, "pack");
    const cli = await runCli(["reconcile", "--period", label, "--out", out, "-c", writeConfigFile(e2e)]);

    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`Reconciliation  tenant ${e2e.tenantId}  period ${label} (`);
    expect(cli.stdout).toContain(`Shopify: ${orders.length} orders,`);
    expect(cli.stdout).toContain("No variance: Shopify, the connector and JDE agree");
    const stem = join(out, `${e2e.tenantId}-${label.replace("/", "-")}`);
    const report = JSON.parse(readFileSync(`${stem}.json`, "utf8"));
    expect(report.reconciled).toBe(true);
    expect(report.variances).toEqual([]);
    expect(report.counts.shopifyOrders).toBe(orders.length);
    // Each side balances and the three agree to the minor unit; nothing left unposted in JDE.
    const { shopify, connector, jde, jdeUnposted } = report.totals;
    expect(BigInt(shopify.debitMinor)).toBeGreaterThan(0n);
    expect(shopify.debitMinor).toBe(shopify.creditMinor);
    expect(connector).toEqual(shopify);
    expect(jde).toEqual(shopify);
    expect(jdeUnposted).toEqual({ debitMinor: "0", creditMinor: "0" });
    // The cells CSV holds one row per day and account, whose three amounts are equal.
    const rows = readFileSync(`${stem}-cells.csv`, "utf8").trim().split("\r\n");
    expect(rows[0]).toBe(
      "gl_date,cost_center,account,shopify,connector,jde,jde_unposted,connector_minus_shopify,jde_minus_connector",
    );
    expect(rows.length - 1).toBe(report.cells.length);
    for (const row of rows.slice(1)) {
      const [, , , s, c, j, , d1, d2] = row.split(",");
      expect([c, j, d1, d2], row).toEqual([s, s, "0.00", "0.00"]);
    }
    expect(readFileSync(`${stem}-variances.csv`, "utf8").trim().split("\r\n")).toHaveLength(1);
    // Shopify's own figures tie out: sales after discounts, taxes included, equal the receivable moved.
    expect(BigInt(report.figures.totals.totalSalesMinor)).toBeGreaterThan(0n);
  }, 90_000);

  it("finds, types and traces to its order each disagreement injected into JDE", async () => {
    // One document per batch, so leaving one batch unposted touches one order only.
    e2e = await startE2E({ maxDocuments: 1 });
    const orders = e2e.shopify.orders.generate(e2e.shop, 7, { seed: 72, refundRate: 0 });
    const label = await postedAndGlPosted(
      e2e,
      orders.map((o) => o.gid),
    );
    const before = await reconcile(e2e, label);
    expect(before.variances).toEqual([]);

    const [lost, altered, doubled, moved, unposted] = orders.map((o) => o.name);
    const ledger = e2e.jde.control.ledger;
    await ledger.lose(jdeDocumentOf(e2e, lost!));
    const alteredDoc = jdeDocumentOf(e2e, altered!);
    await ledger.alter(alteredDoc, [
      { jeln: 1, amountMinor: alteredDoc.lines[0]!.amountMinor + 100n },
      { jeln: 2, amountMinor: alteredDoc.lines[1]!.amountMinor - 100n },
    ]);
    const { doc: copy } = await ledger.duplicate(jdeDocumentOf(e2e, doubled!));
    const movedDoc = jdeDocumentOf(e2e, moved!);
    await ledger.moveToPeriod(movedDoc, firstDayOfNextMonth(movedDoc.dgj));
    await ledger.leaveUnposted({ icu: jdeDocumentOf(e2e, unposted!).icu });

    const after = await reconcile(e2e, label);

    expect(after.reconciled).toBe(false);
    expect(Object.fromEntries(ordersByType(after))).toEqual({
      missing_in_jde: [lost],
      amount_mismatch: [altered],
      posted_twice: [doubled],
      posted_in_another_period: [moved],
      unposted_batch: [unposted],
    });
    const twice = after.variances.find((v) => v.type === "posted_twice")!;
    expect(twice.jdeDocuments).toContain(String(copy));
    const mismatch = after.variances.find((v) => v.type === "amount_mismatch")!;
    expect(mismatch.lines.map((l) => l.amountMinor).sort()).toEqual([-100n, 100n]);
    const missing = after.variances.find((v) => v.type === "missing_in_jde")!;
    expect(missing.connectorDocuments).toHaveLength(1);
    // The JDE column now differs from the connector's by exactly what the variances say.
    const difference = after.cells.reduce((sum, c) => sum + (c.jdeMinor - c.connectorMinor), 0n);
    expect(difference).toBe(0n); // every document stays balanced, so debits and credits still cancel
    expect(after.totals.jdeUnposted.debitMinor).toBeGreaterThan(0n);
  }, 60_000);

  it("after a mapping is fixed, the corrections post reversal and corrected lines and the period reconciles", async () => {
    e2e = await startE2E({});
    // Today's orders: the corrections are dated today and must fall in the orders' period.
    const orders = e2e.shopify.orders.generate(e2e.shop, 5, {
      seed: 73,
      refundRate: 0,
      startAt: earlierToday(),
    });
    const label = await postedAndGlPosted(
      e2e,
      orders.map((o) => o.gid),
    );
    const fixed = structuredClone(e2e.configInput) as ConfigInput;
    fixed.tenants[0]!.accounts.revenue = "100.4120";

    const drifted = await reconcile(e2e, label, fixed);
    const differing = ordersByType(drifted).get("mapping_differs") ?? [];
    expect(differing.length, "orders whose revenue the fix moves").toBeGreaterThan(0);
    expect(new Set(drifted.variances.map((v) => v.type))).toEqual(new Set(["mapping_differs"]));

    const service = await createCorrectionService({
      config: parseConfig(fixed),
      tenantId: e2e.tenantId,
      log: createLogger({ level: "silent" }),
      clock: systemClock,
    });
    try {
      for (const name of differing) {
        const outcome = await service.correctOrder({
          tenantId: e2e.tenantId,
          order: name,
          reason: "revenue belongs on 4120",
          requestedBy: "e2e-controller",
          dryRun: false,
        });
        expect(outcome.type, name).toBe("recorded");
      }
    } finally {
      await service.close();
    }
    await postedAndGlPosted(
      e2e,
      orders.map((o) => o.gid),
    );
    const documents = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
    expect(documents.filter((d) => d.kind === "correction")).toHaveLength(differing.length);

    const closed = await reconcile(e2e, label, fixed);
    expect(closed.variances).toEqual([]);
    // The corrections sit on today's G/L date, the orders on theirs: per account over the period they agree.
    expect(closed.totals.jde).toEqual(closed.totals.shopify);
    expect(closed.totals.connector).toEqual(closed.totals.shopify);
  }, 60_000);

  it("the scheduled run reconciles yesterday's period and alerts on a variance", async () => {
    // The service's clock on the day after the simulator's orders (2026-11-02), advancing in real time.
    const offset = Date.now() - Date.parse("2026-11-03T20:00:00Z");
    const shifted: Clock = { now: () => new Date(Date.now() - offset), sleep: systemClock.sleep };
    const logs = logCollector();
    e2e = await startE2E({
      clock: shifted,
      maxDocuments: 1, // one batch per order: one of them is left unposted below
      tenantConfig: { schedule: { reconcile: "* * * * * *" } },
      log: { level: "info", destination: logs.destination },
    });
    const orders = e2e.shopify.orders.generate(e2e.shop, 3, { seed: 74, refundRate: 0 });
    const label = await postedAndGlPosted(
      e2e,
      orders.map((o) => o.gid),
    );
    expect(label).toBe("2026/11");
    const logged = (index: number, message: string) =>
      logs.lines.slice(index).find((line) => line.msg === message && line.period === label);
    await until(
      () => logged(0, "reconcile.reconciled") !== undefined,
      15_000,
      "a clean scheduled reconciliation",
    );

    expect(logged(0, "reconcile.reconciled")).toMatchObject({ level: 30, through: "2026-11-02" });

    // A batch waiting for the General Ledger Post is work in flight: a warning, not an alert.
    let mark = logs.lines.length;
    await e2e.jde.control.ledger.leaveUnposted({ icu: jdeDocumentOf(e2e, orders[0]!.name).icu });
    await until(() => logged(mark, "reconcile.in_flight") !== undefined, 15_000, "the in-flight warning");
    expect(logged(mark, "reconcile.in_flight")).toMatchObject({
      level: 40,
      variancesByType: { unposted_batch: 1 },
    });
    expect(logged(mark, "reconcile.variance")).toBeUndefined();

    // A document lost in JDE is a disagreement: an error-level alert naming the order.
    mark = logs.lines.length;
    await e2e.jde.control.ledger.lose(jdeDocumentOf(e2e, orders[1]!.name));
    await until(() => logged(mark, "reconcile.variance") !== undefined, 15_000, "the variance alert");

    const alert = logged(mark, "reconcile.variance")!;
    expect(alert.level).toBe(50); // error: what log-based alerting watches
    expect(alert).toMatchObject({
      tenant: e2e.tenantId,
      variances: 2,
      variancesByType: { missing_in_jde: 1, unposted_batch: 1 },
      first: [{ type: "missing_in_jde", orders: [orders[1]!.name] }],
    });
  }, 60_000);

  it("takes a 4-4-5 period's dates from JDE's date pattern and reconciles it", async () => {
    e2e = await startE2E({ jdeSimulator: { seed: fourFourFiveSeed() } });
    const orders = e2e.shopify.orders.generate(e2e.shop, 4, { seed: 75, refundRate: 0 });
    await postedAndGlPosted(
      e2e,
      orders.map((o) => o.gid),
    );

    const fifth = await reconcile(e2e, "2026/05");
    expect(fifth.period).toEqual({ label: "2026/05", firstDate: "2026-10-28", lastDate: "2026-11-24" });
    expect(fifth.variances).toEqual([]);
    expect(fifth.counts.shopifyOrders).toBe(orders.length);
    expect(fifth.totals.jde).toEqual(fifth.totals.shopify);
    expect(fifth.totals.shopify.debitMinor).toBeGreaterThan(0n);
    // The period before holds none of these orders; a period the pattern lacks is refused by name.
    const fourth = await reconcile(e2e, "2026/04");
    expect(fourth.period.lastDate).toBe("2026-10-27");
    expect([fourth.counts.shopifyOrders, fourth.cells.length, fourth.variances.length]).toEqual([0, 0, 0]);
    await expect(reconcile(e2e, "2026/13")).rejects.toThrow(/has 12 periods; there is no period 13/);
  }, 60_000);

  it("reconciles a summary tenant's period, every order behind its summaries read, and finds a lost summary document", async () => {
    e2e = await startE2E({ tenantConfig: { summary: "daily", summaryGraceMinutes: 0 } });
    const orders = e2e.shopify.orders.generate(e2e.shop, 5, { seed: 76, refundRate: 0 });
    await e2e.shopify.webhooks.idle();
    await until(
      async () => {
        const documents = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
        return (
          documents.length > 0 &&
          documents.every((d) => d.kind === "summary" && ["accepted", "confirmed"].includes(d.status))
        );
      },
      30_000,
      "the day's summary document answered by JDE",
    );
    await e2e.jde.control.ledger.postBatches();
    const documents = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
    const label = periodOf(documents[0]!.glDate);

    const report = await reconcile(e2e, label);
    expect(report.variances).toEqual([]);
    expect(report.counts.shopifyOrders).toBe(orders.length);
    expect(report.counts.connectorDocuments).toBe(documents.length);
    expect(report.totals.jde).toEqual(report.totals.shopify);
    expect(report.totals.shopify.debitMinor).toBeGreaterThan(0n);

    // A day may have several summary documents (the close, then supplements): lose the first by its DOC.
    const first = e2e.jde.ledger.documents().find((d) => String(d.doc) === documents[0]!.documentNumber)!;
    await e2e.jde.control.ledger.lose(first);
    const lost = await reconcile(e2e, label);
    expect(lost.variances.map((v) => [v.type, v.orders.map((o) => o.orderName)])).toEqual([
      ["missing_in_jde", [documents[0]!.orderName]],
    ]);
  }, 60_000);
});
