import { spawn } from "node:child_process";
import { join } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `ml-connector <args>` from the sources (tsx), collecting its output; killed after `timeoutMs`.
 * `input` is written to its stdin, which is then closed (at once when there is none).
 */
export function runCli(
  args: string[],
  options: {
    env?: Record<string, string>;
    timeoutMs?: number;
    input?: string;
    /** called with each chunk of stdout as it arrives */
    onStdout?: (chunk: string) => void;
  } = {},
): Promise<CliResult> {
  // Under the test timeout (60 s): tsx compiles the CLI from source on its first run, which took 32 s
  // on a 2-core machine shared with another suite.
  const timeoutMs = options.timeoutMs ?? 55_000;
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, "node_modules/.bin/tsx"), ["src/cli/ml-connector.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    // A command that exits without reading its input closes the pipe (EPIPE): its exit code tells.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      options.onStdout?.(chunk.toString("utf8"));
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
