import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;

function run(command: string, args: string[], timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`timed out after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("ml-connector demo (e2e)", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("posts and reconciles 60 generated orders and prints a JSON summary", async () => {
    dir = mkdtempSync(join(tmpdir(), "mlc-demo-"));
    const tsx = join(ROOT, "node_modules/.bin/tsx");
    const result = await run(
      tsx,
      [
        "src/cli/ml-connector.ts",
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
      30_000,
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
  }, 40_000);
});
