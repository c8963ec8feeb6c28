import { afterEach, describe, expect, it } from "vitest";
import { type E2E, jdeDocumentsByReference, ledgerSums, startE2E } from "../support/e2e-harness.js";
import { writeConfigFile } from "../support/e2e-steps.js";
import { exactlyOnceProblems } from "../support/exactly-once.js";
import { runCli } from "../support/run-cli.js";

interface PreviewLine {
  type: "order";
  orderId: string;
  orderName: string;
  outcome: string;
  documents: { glDate: string; accounts: { account: string; debitMinor: string; creditMinor: string }[] }[];
  adoptedEventIds: string[];
  alreadyPostedEventIds: string[];
}

interface SummaryLine {
  type: "summary";
  dryRun: boolean;
  orders: number;
  jobsCreated: number;
  lastRunAt: string | null;
  peakRssBytes: number;
  preview?: {
    orders: number;
    ordersToPost: number;
    documents: number;
    eventsToAdopt: number;
    eventsAlreadyPosted: number;
  };
}

/** `ml-connector backfill … --json`: the per-order lines and the summary line. */
async function backfill(e2e: E2E, args: string[]): Promise<{ orders: PreviewLine[]; summary: SummaryLine }> {
  const result = await runCli(
    ["backfill", "--tenant", e2e.tenantId, "--json", "-c", writeConfigFile(e2e), ...args],
    { timeoutMs: 120_000 },
  );
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as PreviewLine | SummaryLine);
  const summary = lines.at(-1) as SummaryLine;
  expect(summary.type).toBe("summary");
  return { orders: lines.filter((l): l is PreviewLine => l.type === "order"), summary };
}

/** The net (debit − credit) per account the dry run predicted, without zero sums, in minor units. */
function predictedSums(preview: PreviewLine): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const account of preview.documents.flatMap((d) => d.accounts))
    sums[account.account] =
      (sums[account.account] ?? 0) + Number(account.debitMinor) - Number(account.creditMinor);
  return Object.fromEntries(Object.entries(sums).filter(([, amount]) => amount !== 0));
}

describe("ml-connector backfill (e2e)", { timeout: 240_000 }, () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("previews without writing, then queues paced jobs the service posts exactly once, as previewed", async () => {
    e2e = await startE2E({ deferStart: true });
    // Orders that never sent a webhook: only the backfill can find them.
    const orders = e2e.shopify.orders
      .generate(e2e.shop, 80, { seed: 601, emit: false })
      .map((order) => order.gid);

    const dry = await backfill(e2e, ["--since", "2026-11-01", "--dry-run"]);
    expect(dry.orders.map((o) => o.orderId).sort()).toEqual([...orders].sort());
    expect(dry.orders.every((o) => o.outcome === "post" && o.documents.length > 0)).toBe(true);
    expect(dry.summary).toMatchObject({ dryRun: true, orders: 80, jobsCreated: 0, lastRunAt: null });
    expect(dry.summary.preview).toMatchObject({ orders: 80, ordersToPost: 80, eventsAlreadyPosted: 0 });
    expect(e2e.countRows("jobs")).toBe(0);
    expect(e2e.countRows("posting_documents")).toBe(0);

    const run = await backfill(e2e, ["--since", "2026-11-01", "--rate", "100"]);
    expect(run.summary).toMatchObject({ dryRun: false, orders: 80, jobsCreated: 80 });
    expect(run.summary.peakRssBytes).toBeGreaterThan(0);
    const jobs = await e2e.connector.store.jobs.list({ kind: "order-sync" });
    expect(jobs.map((j) => j.key).sort()).toEqual([...orders].sort());
    expect(
      jobs.every((j) => j.status === "pending" && (j.payload as { topic: string }).topic === "backfill"),
    ).toBe(true);
    // Paced at 100 per second: start times 10 ms apart, the last one reported in the summary.
    const runAts = jobs.map((j) => j.runAt.getTime()).sort((a, b) => a - b);
    expect(new Set(runAts.slice(1).map((at, i) => at - runAts[i]!))).toEqual(new Set([10]));
    expect(runAts.at(-1)! - runAts[0]!).toBe(790);
    expect(new Date(runAts.at(-1)!).toISOString()).toBe(run.summary.lastRunAt);

    e2e.connector.start();
    await e2e.waitForPosting(orders, 120_000);
    expect(await exactlyOnceProblems(e2e, orders)).toEqual([]);
    // JDE holds what the dry run said each order would post.
    for (const preview of dry.orders)
      expect(ledgerSums(e2e.jde, preview.orderName)).toEqual(predictedSums(preview));

    // A second dry run, of the orders updated from 3 November on, finds everything posted.
    const since = Date.parse("2026-11-03T00:00:00Z");
    const later = orders.filter((gid) => e2e.shopify.orders.get(e2e.shop, gid)!.updatedAtMs >= since);
    expect(later.length).toBeGreaterThan(0);
    expect(later.length).toBeLessThan(orders.length);
    const again = await backfill(e2e, ["--since", "2026-11-03", "--dry-run"]);
    expect(again.orders.map((o) => o.orderId).sort()).toEqual(later.sort());
    expect(again.orders.every((o) => o.outcome === "nothing-new" && o.alreadyPostedEventIds.length > 0)).toBe(
      true,
    );
    expect(again.summary.preview).toMatchObject({ orders: later.length, ordersToPost: 0, documents: 0 });
  });

  it("adopts the events dated before accountingStartDate and posts the rest", async () => {
    e2e = await startE2E({ tenantConfig: { accountingStartDate: "2026-10-15" } });
    const before = e2e.shopify.orders
      .generate(e2e.shop, 30, { seed: 611, emit: false, startAt: new Date("2026-10-01T00:00:00Z") })
      .map((order) => order.gid);
    const after = e2e.shopify.orders
      .generate(e2e.shop, 30, { seed: 612, emit: false })
      .map((order) => order.gid);

    const dry = await backfill(e2e, ["--since", "2026-09-30", "--dry-run"]);
    const adopting = dry.orders.filter((o) => before.includes(o.orderId));
    expect(adopting).toHaveLength(30);
    expect(adopting.every((o) => o.outcome === "nothing-new" && o.adoptedEventIds.length > 0)).toBe(true);
    const posting = dry.orders.filter((o) => after.includes(o.orderId));
    expect(posting).toHaveLength(30);
    expect(posting.every((o) => o.outcome === "post")).toBe(true);

    const run = await backfill(e2e, ["--since", "2026-09-30", "--rate", "500"]);
    expect(run.summary).toMatchObject({ orders: 60, jobsCreated: 60 });
    await e2e.waitForPosting(after, 120_000);
    expect(await exactlyOnceProblems(e2e, after)).toEqual([]);
    const inJde = jdeDocumentsByReference(e2e.jde);
    for (const gid of before) {
      const name = e2e.shopify.orders.get(e2e.shop, gid)!.name;
      expect(inJde.get(name), name).toBeUndefined();
      expect(
        await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId, orderId: gid }),
      ).toEqual([]);
      expect(
        (await e2e.connector.store.posting.postedEventIds(e2e.tenantId, gid)).size,
        name,
      ).toBeGreaterThan(0);
    }
  });
});
