import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ExceptionRecord } from "../pipeline/exceptions.js";
import { exceptionLines, registerExceptionCommands } from "./exceptions-command.js";

const parked: ExceptionRecord = {
  tenantId: "acme",
  status: "parked",
  cause: "unmapped_account",
  orderId: "gid://shopify/Order/1001",
  orderName: "#1001",
  since: new Date("2026-11-27T10:05:31Z"),
  code: "MLC_JDE_ACCOUNT_INVALID",
  reason: `account 100.4999 does not exist in JDE company 00100; ${"x".repeat(100)}`,
  action: "unpark",
  source: { type: "job", jobId: "7", attempts: 0 },
};
const rejected: ExceptionRecord = {
  ...parked,
  status: "rejected",
  cause: "jde_edit_error",
  orderId: "gid://shopify/Order/1002",
  orderName: "#1002",
  code: "0099",
  reason: "0099: Rejected By Journal\nEntry MBF",
  action: "look-up",
  source: { type: "document", documentKey: "acme/S1-1", edtn: "S1-1", glDate: "2026-11-27", kind: "order" },
};

describe("the exceptions listing", () => {
  it("heads each cause with its count and meaning, one line per record, the reason cut to fit", () => {
    const lines = exceptionLines("acme", [rejected, parked]);
    expect(lines[0]).toBe("Exceptions of tenant acme: 2 (1 rejected, 1 parked)");
    expect(lines).toContain(
      "unmapped_account (1): an amount has no account in the configuration, or its account is unknown in JDE or closed to postings",
    );
    expect(lines).toContain("jde_edit_error (1): JDE refused the document (its edit errors follow)");
    const parkedLine = lines.find((line) => line.includes("#1001"))!;
    expect(parkedLine).toMatch(
      /^ {2}#1001 {5}parked {4}2026-11-27 10:05Z {2}MLC_JDE_ACCOUNT_INVALID {2}account 100\.4999 .*x… {2}\[replay: run the order again\]$/,
    );
    expect(parkedLine.length).toBeLessThan(190);
    expect(lines.find((line) => line.includes("#1002"))).toContain(
      "0099          S1-1  0099: Rejected By Journal Entry MBF  [replay: JDE look-up, re-send if absent]",
    );
    // Causes in their fixed order: unmapped_account before jde_edit_error.
    expect(lines.findIndex((l) => l.startsWith("unmapped_account"))).toBeLessThan(
      lines.findIndex((l) => l.startsWith("jde_edit_error")),
    );
  });

  it("says so when there is none", () => {
    expect(exceptionLines("acme", [])).toEqual(["No exceptions for tenant acme."]);
  });
});

describe("the exceptions and replay commands", () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  /** Parses `args` as the CLI would, before any configuration is read. */
  async function run(args: string[]) {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((text: string) => void errors.push(text));
    const program = new Command().exitOverride();
    registerExceptionCommands(program);
    await program.parseAsync(["node", "ml-connector", ...args, "-c", "/nonexistent/ml-connector.yaml"]);
    return { code: process.exitCode, errors: errors.join("\n") };
  }

  it.each([
    [
      ["replay", "--reason", "x"],
      "replay needs a selector: --order, --cause, --from/--to, --status, or --all",
    ],
    [["replay", "--all"], 'a replay needs --reason "…"'],
    [["replay", "--cause", "typo", "--reason", "x"], "--cause expects one of unmapped_account"],
    [
      ["exceptions", "--status", "done"],
      "--status expects one of parked, rejected, unknown, retrying, got done",
    ],
    [["exceptions", "--from", "2026-13-01"], "--from expects a date YYYY-MM-DD, got 2026-13-01"],
  ])("refuses %j with exit code 2", async (args, message) => {
    const { code, errors } = await run(args);
    expect(code).toBe(2);
    expect(errors).toContain(message);
  });

  it("takes several orders after one --order", async () => {
    // Usage is fine: it gets as far as reading the (missing) configuration.
    const { code, errors } = await run(["replay", "--order", "1001", "#1002", "--dry-run"]);
    expect(code).toBe(1);
    expect(errors).toContain("MLC_CONFIG_INVALID");
  });
});
