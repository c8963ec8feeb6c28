import { Writable } from "node:stream";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEMO_RULES } from "../../src/cli/demo/expected-ledger.js";
import { registerExceptionCommands } from "../../src/cli/exceptions-command.js";
import { runExplainCommand } from "../../src/cli/explain-command.js";
import { transactionNumberFor } from "../../src/posting/transaction-number.js";
import { type E2E, jdeDocumentsByReference, startE2E } from "../support/e2e-harness.js";
import { makeSimOrder } from "../support/e2e-orders.js";
import { until, writeConfigFile } from "../support/e2e-steps.js";

/** A rule sending gadgets' revenue to 4999, an account JDE does not have until the test opens it. */
const GADGET_RULE = { match: { productType: "Gadgets" }, revenueAccount: "4999" };

/** The connector's log lines, parsed (to see when it read JDE's accounts again). */
function logCollector() {
  const lines: { msg?: string; accounts?: number }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split("\n")) if (text.trim()) lines.push(JSON.parse(text));
      done();
    },
  });
  return { lines, destination };
}

/** Runs CLI commands in this process (as `ml-connector` parses them), capturing output and exit code. */
async function cli(args: string[], run?: () => Promise<void>) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((text: string) => void stdout.push(text));
  const error = vi.spyOn(console, "error").mockImplementation((text: string) => void stderr.push(text));
  const before = process.exitCode;
  try {
    if (run) await run();
    else {
      const program = new Command().exitOverride();
      registerExceptionCommands(program);
      await program.parseAsync(["node", "ml-connector", ...args]);
    }
    return { code: process.exitCode ?? 0, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
  } finally {
    process.exitCode = before;
    log.mockRestore();
    error.mockRestore();
  }
}

describe("ml-connector exceptions and replay (e2e)", () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("groups a parked order and a rejected document by cause, dry-runs without a trace, then replays each once", async () => {
    const logs = logCollector();
    e2e = await startE2E({
      processing: "sync",
      deferStart: true,
      rules: [...DEMO_RULES, GADGET_RULE],
      jdeConfig: { referenceRefreshMs: 1000 },
      log: { level: "info", destination: logs.destination },
    });
    const gadget = { sku: "GAD-1", title: "Gadget", productType: "Gadgets", priceMinor: 4_000, quantity: 1 };
    const parked = e2e.shopify.orders.add(e2e.shop, makeSimOrder({ lineItems: [gadget] }));
    const rejected = e2e.shopify.orders.add(e2e.shop, makeSimOrder());
    const posted = e2e.shopify.orders.add(e2e.shop, makeSimOrder());
    e2e.jde.control.rejectOnProcess(transactionNumberFor(rejected.gid, 1));
    await e2e.shopify.webhooks.idle();
    e2e.connector.start();
    const store = e2e.connector.store;
    const documentsOf = (gid: string) =>
      store.posting.listDocuments({ tenantId: e2e.tenantId, orderId: gid });
    await until(
      async () =>
        (await store.jobs.counts()).parked === 1 &&
        (await documentsOf(rejected.gid))[0]?.status === "rejected" &&
        (await documentsOf(posted.gid))[0]?.status === "accepted",
      10_000,
      "one order parked, one document rejected, one accepted",
    );
    const config = writeConfigFile(e2e);

    const listed = await cli(["exceptions", "-c", config]);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.split("\n");
    expect(lines[0]).toBe(`Exceptions of tenant ${e2e.tenantId}: 2 (1 parked, 1 rejected)`);
    const unmapped = lines.findIndex((l) => l.startsWith("unmapped_account (1): "));
    const edit = lines.findIndex((l) => l.startsWith("jde_edit_error (1): "));
    expect(lines[unmapped + 1]).toMatch(
      new RegExp(
        `^ {2}${parked.name} +parked .* MLC_JDE_ACCOUNT_INVALID {2}account 100\\.4999 does not exist`,
      ),
    );
    expect(lines[edit + 1]).toMatch(
      new RegExp(
        `^ {2}${rejected.name} +rejected .* 0099 +${transactionNumberFor(rejected.gid, 1)} {2}0099: `,
      ),
    );
    expect(listed.stdout).not.toContain(posted.name);
    const json = (await cli(["exceptions", "--json", "--cause", "jde_edit_error", "-c", config])).stdout;
    expect(json.split("\n").map((line) => JSON.parse(line))).toMatchObject([
      { orderId: rejected.gid, orderName: rejected.name, status: "rejected", action: "look-up" },
    ]);
    const unselected = await cli(["replay", "--reason", "fixed", "-c", config]);
    expect(unselected.code).toBe(2);
    expect(unselected.stderr).toContain("replay needs a selector");

    // The controller opens 100.4999 in JDE; the connector reads its accounts again within a second.
    const accountsBefore =
      logs.lines.filter((l) => l.msg?.startsWith("jde.reference_")).at(-1)?.accounts ?? 0;
    const template = e2e.jde.tables.F0901.find((r) => r.GMOBJ.trim() === "4100" && r.GMMCU.trim() === "100")!;
    e2e.jde.tables.F0901.push({ ...template, GMAID: "99999999", GMOBJ: "4999", GMDL01: "Gadget revenue" });
    await until(
      () => logs.lines.some((l) => l.msg === "jde.reference_refreshed" && l.accounts === accountsBefore + 1),
      5_000,
      "the connector to read the opened account",
    );

    const snapshot = async () => ({
      jobs: await store.jobs.list({}),
      documents: await store.posting.listDocuments({ tenantId: e2e.tenantId }),
      audit: (await store.audit.query({ tenantId: e2e.tenantId, limit: 10_000 })).length,
      sent: e2e.jde.stats().calls["v3/orchestrator/MLC_JournalEntryBatch"],
    });
    const before = await snapshot();
    const dryRun = await cli(["replay", "--order", parked.name, rejected.name, "--dry-run", "-c", config]);
    expect(dryRun.stderr).toBe("");
    expect(dryRun.code).toBe(0);
    const shown = dryRun.stdout.split("\n");
    expect(shown[0]).toBe(`Dry run: 2 exception(s) of tenant ${e2e.tenantId} selected; nothing is written.`);
    expect(shown).toContain(`${parked.name}  ${parked.gid} → its order-sync job would record 1 document(s):`);
    expect(shown.some((l) => /^ {4}100\.4999 +\d+\.\d\d$/.test(l))).toBe(true); // credit column only
    expect(shown.some((l) => /^ {2}document 1 {2}GL \d{4}-\d\d-\d\d {2}USD {2}events /.test(l))).toBe(true);
    expect(shown).toContain("  already posted, skipped: none");
    expect(shown.some((l) => l.startsWith(`  document ${transactionNumberFor(rejected.gid, 1)}  GL `))).toBe(
      true,
    );
    expect(shown.filter((l) => /^ {4}total USD +(\d+\.\d\d) +\1$/.test(l))).toHaveLength(2);
    expect(await snapshot()).toEqual(before);

    const byCause = await cli([
      "replay",
      "--cause",
      "unmapped_account",
      "--reason",
      "account 4999 opened in JDE",
      "--requested-by",
      "e2e-controller",
      "-c",
      config,
    ]);
    expect(byCause.code).toBe(0);
    expect(byCause.stdout).toContain(
      `  ${parked.name}  parked MLC_JDE_ACCOUNT_INVALID  → order-sync job unparked`,
    );
    const byStatus = await cli([
      "replay",
      "--status",
      "rejected",
      "--reason",
      "MBF fixed",
      "--json",
      "-c",
      config,
    ]);
    expect(JSON.parse(byStatus.stdout)).toMatchObject({
      dryRun: false,
      selected: 1,
      replayed: [{ result: "look-up" }],
    });

    await until(
      async () => {
        const jobs = await store.jobs.counts();
        const documents = await store.posting.listDocuments({ tenantId: e2e.tenantId });
        return (
          jobs.pending + jobs.running + jobs.parked === 0 &&
          documents.length === 3 &&
          documents.every((d) => d.status === "accepted")
        );
      },
      10_000,
      "both replays posted",
    );
    // Each order once in JDE and in the ledger; the rejected document kept its key and events.
    const inJde = jdeDocumentsByReference(e2e.jde);
    for (const order of [parked, rejected, posted]) expect(inJde.get(order.name), order.name).toBe(1);
    const [resent] = await documentsOf(rejected.gid);
    const first = before.documents.find((d) => d.orderId === rejected.gid)!;
    expect(resent).toMatchObject({
      key: first.key,
      eventIds: first.eventIds,
      documentNumber: expect.stringMatching(/^\d+$/),
    });
    const [gadgetDocument] = await documentsOf(parked.gid);
    expect(gadgetDocument!.lines.some((l) => l.account.object === "4999")).toBe(true);
    // Each order is in JDE once: exactly the documents the connector numbered, no twin from the replay.
    for (const order of [parked, rejected, posted]) {
      const inJde = e2e.jde.ledger.documents().filter((d) => d.vinv.trim() === order.name);
      const numbered = (await documentsOf(order.gid)).map((d) => d.documentNumber);
      expect(inJde.map((d) => String(d.doc)).sort(), order.name).toEqual(numbered.sort());
      expect(numbered.length, order.name).toBeGreaterThan(0);
    }
    const replayed = await store.audit.query({ tenantId: e2e.tenantId, step: "order.replayed", limit: 10 });
    expect(replayed.map((e) => [e.orderName, e.detail.reason, e.detail.requestedBy])).toEqual([
      [parked.name, "account 4999 opened in JDE", "e2e-controller"],
      [rejected.name, "MBF fixed", expect.any(String)],
    ]);

    expect((await cli(["exceptions", "-c", config])).stdout).toBe(
      `No exceptions for tenant ${e2e.tenantId}.`,
    );
    const again = await cli(["replay", "--all", "--reason", "again", "-c", config]);
    expect(again.stdout).toBe(`No exception of tenant ${e2e.tenantId} matches: nothing to replay.`);
    const explained = await cli([], () => runExplainCommand(rejected.name, { config, json: false }));
    expect(explained.stdout).toMatch(/ order\.replayed +reason=MBF fixed requestedBy=/);
  }, 30_000);
});
