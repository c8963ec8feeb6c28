import { Command } from "commander";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type FreshStore, freshStore } from "../../test/support/store-backends.js";
import { redactUrl, registerStoreCommands } from "./store-command.js";

const t0 = new Date("2026-11-28T10:00:00.000Z");

async function run(...args: string[]) {
  const out = vi.spyOn(console, "log").mockImplementation(() => undefined);
  const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
  const program = new Command().exitOverride();
  registerStoreCommands(program);
  try {
    await program.parseAsync(["node", "ml-connector", "store", "migrate", ...args]);
    return {
      exitCode: process.exitCode,
      stdout: out.mock.calls.map((call) => call.join(" ")).join("\n"),
      stderr: err.mock.calls.map((call) => call.join(" ")).join("\n"),
    };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe("store migrate usage", () => {
  it.each([
    [["--to", "postgres://db/x"], /needs --from <url> and --to <url>/],
    [["--from", "sqlite:./a.db", "--to", "sqlite:./b.db"], /--to must be a postgres:\/\/ URL/],
    [["--from", "mysql://x", "--to", "postgres://db/x"], /--from must be a sqlite:<file> or postgres/],
    [["--from", "sqlite::memory:", "--to", "postgres://db/x"], /--from must name an SQLite file/],
    [["--from", "sqlite:./a.db", "--to", "postgres://db/x", "--batch-size", "0"], /--batch-size/],
  ])("exits 2 without touching any store: %j", async (args, message) => {
    const result = await run(...args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("never prints a PostgreSQL password", () => {
    expect(redactUrl("postgres://mlc:s3cret@db.example:5432/mlc")).toBe(
      "postgres://mlc:***@db.example:5432/mlc",
    );
    expect(redactUrl("postgresql://mlc@db/mlc")).toBe("postgresql://mlc@db/mlc");
  });
});

describe("store migrate from SQLite to PostgreSQL", () => {
  let source: FreshStore;
  let target: FreshStore;
  beforeAll(async () => {
    source = await freshStore("sqlite", { clock: { now: () => t0 } });
    target = await freshStore("postgres", { clock: { now: () => t0 }, migrate: false });
    await source.store.audit.append({ tenantId: "acme", step: "webhook.received", at: t0 });
    await source.store.orderSyncMarks.mark("acme", "gid://shopify/Order/1", t0);
  });
  afterAll(async () => {
    await source?.dispose();
    await target?.dispose();
  });

  it("copies, prints every table's counts and the next steps, and exits 0", async () => {
    const result = await run("--from", source.url, "--to", target.url);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Stop every `ml-connector serve`/);
    expect(result.stdout).toMatch(/^ {2}audit_log +1 +1$/m);
    expect(result.stdout).toMatch(/^ {2}posted_events +0 +0$/m);
    expect(result.stdout).toMatch(/2 rows in 15 tables; the counts of both sides are equal\./);
    expect(result.stdout).toMatch(/set store\.url .* PostgreSQL URL/);
    expect(result.stdout).toMatch(/same master key/);
  });

  it("refuses a second run into the now non-empty target with exit 1, as JSON too", async () => {
    const result = await run("--from", source.url, "--to", target.url, "--json");
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, refusal: "target-not-empty" });
    expect(result.stderr).toMatch(/already holds data \(audit_log 1, order_sync_marks 1\)/);
  });

  it("reports a missing SQLite file with exit 1 and creates nothing", async () => {
    const result = await run("--from", "sqlite:/nonexistent-dir/none.db", "--to", target.url);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/no SQLite store at \/nonexistent-dir\/none\.db/);
  });
});
