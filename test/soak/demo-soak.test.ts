import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const ORDERS = Number(process.env.MLC_SOAK_ORDERS ?? 2000);

// The demo at soak size: every generated order posted through signed webhooks, the AIS simulator's
// staged processor and read-back, then reconciled per order and account against Shopify's own totals.
it(`posts and reconciles ${ORDERS} orders end to end`, async () => {
  const dir = mkdtempSync(join(tmpdir(), "mlc-soak-"));
  try {
    const started = Date.now();
    const { stdout } = await run(
      "npx",
      [
        "tsx",
        "src/cli/ml-connector.ts",
        "demo",
        "--orders",
        String(ORDERS),
        "--exit",
        "--json",
        "--store",
        `sqlite:${join(dir, "soak.db")}`,
      ],
      { maxBuffer: 64 * 1024 * 1024, timeout: 1_500_000 },
    );
    const summary = JSON.parse(stdout.trim().split("\n").at(-1)!);
    console.log(`soak: ${ORDERS} orders in ${((Date.now() - started) / 1000).toFixed(1)} s`, summary);
    expect(summary).toMatchObject({
      orders: ORDERS,
      unbalanced: 0,
      failed: 0,
      accountsMismatched: 0,
      reconciled: true,
    });
    expect(summary.documentsPosted).toBeGreaterThanOrEqual(ORDERS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
