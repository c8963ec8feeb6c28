import { afterEach, describe, expect, it, vi } from "vitest";
import { type ExplainCommandOptions, runExplainCommand } from "../../src/cli/explain-command.js";
import { createCorrectionService } from "../../src/compose/correction-service.js";
import { parseConfig } from "../../src/config/load-config.js";
import { systemClock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";
import type { PostingDocument } from "../../src/posting/posting-store.js";
import { transactionNumberFor } from "../../src/posting/transaction-number.js";
import { type E2E, startE2E } from "../support/e2e-harness.js";
import { until, writeConfigFile } from "../support/e2e-steps.js";
import { runCli } from "../support/run-cli.js";

const SETTLED = new Set(["accepted", "confirmed", "rejected"]);

/** Every document has JDE's last word and no order-sync job is waiting; the documents then. */
async function settled(e2e: E2E, count: number): Promise<PostingDocument[]> {
  let documents: PostingDocument[] = [];
  await until(
    async () => {
      const jobs = await e2e.connector.store.jobs.counts();
      documents = await e2e.connector.store.posting.listDocuments({ tenantId: e2e.tenantId });
      return (
        jobs.pending + jobs.running === 0 &&
        documents.length >= count &&
        documents.every((d) => SETTLED.has(d.status))
      );
    },
    15_000,
    `${count} documents answered by JDE`,
  );
  return documents;
}

/** `runExplainCommand` in this process, its console output and exit code captured (and reset). */
async function explainInProcess(argument: string, options: ExplainCommandOptions) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((text: string) => void stdout.push(text));
  const error = vi.spyOn(console, "error").mockImplementation((text: string) => void stderr.push(text));
  const before = process.exitCode;
  try {
    await runExplainCommand(argument, options);
    return { code: process.exitCode ?? 0, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
  } finally {
    process.exitCode = before;
    log.mockRestore();
    error.mockRestore();
  }
}

/** Records a correction the way `ml-connector correct` does, after the revenue account was "fixed". */
async function correct(e2e: E2E, orderName: string) {
  const input = structuredClone(e2e.configInput) as { tenants: { accounts: Record<string, unknown> }[] };
  input.tenants[0]!.accounts.revenue = "100.4120";
  const service = await createCorrectionService({
    config: parseConfig(input),
    tenantId: e2e.tenantId,
    log: createLogger({ level: "error" }),
    clock: systemClock,
  });
  try {
    return await service.correctOrder({
      tenantId: e2e.tenantId,
      order: orderName,
      reason: "revenue belongs on 4120",
      requestedBy: "e2e-controller",
      dryRun: false,
    });
  } finally {
    await service.close();
  }
}

describe("ml-connector explain (e2e)", () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  it("explains a corrected order by its JDE DOC, a rejected one by name (JSON), and refuses an unknown one", async () => {
    e2e = await startE2E({ processing: "sync", deferStart: true });
    const orders = e2e.shopify.orders.generate(e2e.shop, 4, { seed: 61, refundRate: 0 });
    await e2e.shopify.webhooks.idle();
    const rejected = orders[0]!;
    e2e.jde.control.rejectOnProcess(transactionNumberFor(rejected.gid, 1));
    e2e.connector.start();
    const posted = await settled(e2e, orders.length);

    // The order to correct: one whose revenue sits on object 4100, which the fixed account changes.
    const onDefaultRevenue = posted.find(
      (d) =>
        d.status === "accepted" && d.lines.some((l) => l.kind === "revenue" && l.account.object === "4100"),
    );
    expect(onDefaultRevenue, "an accepted order with revenue on 4100").toBeDefined();
    const corrected = orders.find((o) => o.gid === onDefaultRevenue!.orderId)!;
    expect((await correct(e2e, corrected.name)).type).toBe("recorded");
    const all = await settled(e2e, posted.length + 1);
    const correction = all.find((d) => d.kind === "correction")!;
    expect(correction.documentNumber).toMatch(/^\d+$/);

    // One CLI process (tsx compiles the whole CLI, seconds on a busy machine); the other two cases run
    // the same command in this process. The look-up rules are unit-tested beside the code.
    const config = writeConfigFile(e2e);
    const numbered = await runCli(["explain", correction.documentNumber!, "-c", config]);
    const refused = await explainInProcess(rejected.name, { config, json: true, tenant: e2e.tenantId });
    const unknown = await explainInProcess("#99999", { config, json: false });

    expect(numbered.stderr).toBe("");
    expect(numbered.code).toBe(0);
    const lines = numbered.stdout.split("\n");
    expect(lines[0]).toBe(
      `${corrected.name}  ${corrected.gid}  tenant ${e2e.tenantId}  (found by JDE document number)`,
    );
    expect(lines).toContain("Documents (2)");
    expect(lines.find((l) => l.startsWith("  1. order  "))).toMatch(
      / accepted {2}DOC \d+ {2}ICU \d+ {2}batch \S+$/,
    );
    expect(lines.find((l) => l.startsWith("  2. correction  "))).toContain(
      ` accepted  DOC ${correction.documentNumber}  ICU `,
    );
    expect(lines).toContain("     reason: revenue belongs on 4120 (requested by e2e-controller)");
    expect(lines.filter((l) => / total USD .* total = 0$/.test(l))).toHaveLength(2);
    expect(lines.some((l) => /^ {5}\d+\.4120 +\d+\.\d\d {2}revenue$/.test(l))).toBe(true);
    expect(lines.some((l) => / {2}posted +\w+\/\d+ +in S\w+-1 /.test(l))).toBe(true);
    expect(lines.some((l) => / document\.recorded /.test(l))).toBe(true);
    expect(lines.some((l) => / correction\.recorded .*reason=revenue belongs on 4120/.test(l))).toBe(true);

    expect(refused.code).toBe(0);
    expect(refused.stdout.split("\n")).toHaveLength(1);
    const story = JSON.parse(refused.stdout);
    expect(story).toMatchObject({
      tenantId: e2e.tenantId,
      orderId: rejected.gid,
      orderName: rejected.name,
      foundBy: "order-name",
      documents: [{ status: "rejected", documentNumber: null, totalMinor: "0", errors: [{ code: "0099" }] }],
    });
    expect(story.documents[0].lines[0].amountMinor).toMatch(/^-?\d+$/);
    expect(story.events.length).toBeGreaterThan(0);
    expect(story.audit.map((entry: { step: string }) => entry.step)).toContain("document.recorded");

    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain(`no order #99999 in tenant ${e2e.tenantId}`);
  }, 60_000);
});
