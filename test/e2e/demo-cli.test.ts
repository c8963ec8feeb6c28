import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

describe("ml-connector demo (e2e)", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("posts and reconciles 60 generated orders and prints a JSON summary", async () => {
    dir = mkdtempSync(join(tmpdir(), "mlc-demo-"));
    const result = await runCli(
      [
        "demo",
        "--orders",
        "60",
        "--exit",
        "--json",
        "--port",
        "0",
        "--store",
        `sqlite:${join(dir, "demo.db")}`,
      ],
      { timeoutMs: 45_000 },
    );

    expect(result.code, result.stderr).toBe(0);
    const lastLine = result.stdout.trim().split("\n").at(-1) ?? "";
    const summary = JSON.parse(lastLine) as Record<string, unknown>;
    expect(summary).toMatchObject({
      orders: 60,
      unbalanced: 0,
      failed: 0,
      accountsMismatched: 0,
      reconciled: true,
    });
    expect(summary.documentsPosted).toBeGreaterThanOrEqual(60);
    // The month end: every period the demo posted into reconciles with no variance.
    expect(summary.periods).toEqual([
      expect.objectContaining({
        period: expect.stringMatching(/^\d{4}\/\d{2}$/),
        variances: 0,
        shopifyOrders: 60,
      }),
    ]);
  }, 55_000);
});
