import { afterEach, describe, expect, it, vi } from "vitest";
import { runReconcileCommand } from "./reconcile-command.js";

describe("runReconcileCommand", () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it("refuses a malformed period as a usage error before reading the configuration", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((text: string) => void errors.push(text));
    await runReconcileCommand({
      config: "/nonexistent/ml-connector.yaml",
      period: "2026-11",
      out: "/tmp",
      json: false,
    });
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toMatch(/period "2026-11" is not of the form YYYY\/PP/);
  });

  it("fails with the configuration's own error when the period is well formed", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((text: string) => void errors.push(text));
    await runReconcileCommand({
      config: "/nonexistent/ml-connector.yaml",
      period: "2026/11",
      out: "/tmp",
      json: false,
    });
    expect(process.exitCode).toBe(1);
    expect(errors.join("\n")).toMatch(/MLC_CONFIG_INVALID/);
  });
});
