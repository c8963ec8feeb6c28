import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { E2E } from "./e2e-harness.js";
import { runCli } from "./run-cli.js";

export interface BackfillRun {
  orders: number;
  jobsCreated: number;
  peakRssBytes: number;
  elapsedMs: number;
}

/** The small shop's orders are created in 2025, the large one's from 2026 on: two disjoint windows. */
const SMALL = { startAt: "2025-01-01", since: "2025-01-01", until: "2026-01-01" };
const LARGE = { startAt: "2026-01-01", since: "2026-01-01" };

/**
 * Two `ml-connector backfill` runs, each its own process (tsx like every CLI test, so both carry the
 * same start-up cost), over `small` and then `large` compact orders generated without webhooks.
 * Each run reports its process's peak RSS. The service is not started, so the jobs stay queued.
 */
export async function measureBackfills(
  e2e: E2E,
  sizes: { small: number; large: number },
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ small: BackfillRun; large: BackfillRun }> {
  const generate = (count: number, startAt: string, seed: number) =>
    e2e.shopify.orders.generate(e2e.shop, count, {
      seed,
      compact: true,
      emit: false,
      startAt: new Date(`${startAt}T00:00:00Z`),
    });
  const smallOrders = generate(sizes.small, SMALL.startAt, 901);
  if (smallOrders.at(-1)!.createdAtMs >= Date.parse(`${SMALL.until}T00:00:00Z`))
    throw new Error("the small window overflows into the large one: fewer orders, or move the windows");
  generate(sizes.large, LARGE.startAt, 902);

  const config = join(e2e.dir, "ml-connector.json");
  writeFileSync(config, JSON.stringify(e2e.configInput));
  const run = async (window: string[]): Promise<BackfillRun> => {
    const startedAt = Date.now();
    const result = await runCli(
      ["backfill", "--tenant", e2e.tenantId, "--rate", "1000", "--json", "-c", config, ...window],
      { timeoutMs: options.timeoutMs ?? 600_000, ...(options.env ? { env: options.env } : {}) },
    );
    if (result.code !== 0) throw new Error(`backfill exited ${result.code}: ${result.stderr}`);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as Omit<BackfillRun, "elapsedMs">;
    return {
      orders: summary.orders,
      jobsCreated: summary.jobsCreated,
      peakRssBytes: summary.peakRssBytes,
      elapsedMs: Date.now() - startedAt,
    };
  };
  const small = await run(["--since", SMALL.since, "--until", SMALL.until]);
  const large = await run(["--since", LARGE.since]);
  return { small, large };
}
