import { afterEach, describe, expect, it } from "vitest";
import { measureBackfills } from "../support/backfill-memory.js";
import { type E2E, startE2E } from "../support/e2e-harness.js";

/**
 * CI size: 2,000 against 20,000 orders; `npm run test:soak` runs the 10,000 against 100,000
 * (~30 s on two cores). MLC_BACKFILL_SMALL / MLC_BACKFILL_LARGE change the sizes.
 */
const SMALL = Number(process.env.MLC_BACKFILL_SMALL ?? 2_000);
const LARGE = Number(process.env.MLC_BACKFILL_LARGE ?? 20_000);

describe("backfill memory (e2e)", { timeout: 600_000 }, () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it(`streams the bulk result: ${LARGE} orders in a 64 MB heap, peak RSS within 15 % of ${SMALL}`, async () => {
    e2e = await startE2E({ deferStart: true, subscribeTopics: null });
    // The RSS is mostly tsx and loaded code (~200 MiB): a leak of a few hundred bytes per order hides in
    // its noise, but not in a heap capped at 64 MB, where it ends the run out of memory.
    const { small, large } = await measureBackfills(
      e2e,
      { small: SMALL, large: LARGE },
      { env: { NODE_OPTIONS: "--max-old-space-size=64" } },
    );
    const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
    console.info(
      `backfill of ${SMALL}: ${mib(small.peakRssBytes)} in ${small.elapsedMs} ms; ` +
        `${LARGE}: ${mib(large.peakRssBytes)} in ${large.elapsedMs} ms`,
    );
    expect(small).toMatchObject({ orders: SMALL, jobsCreated: SMALL });
    expect(large).toMatchObject({ orders: LARGE, jobsCreated: LARGE });
    expect(large.peakRssBytes).toBeLessThanOrEqual(small.peakRssBytes * 1.15);
  });
});
