import type { Command } from "commander";
import { openExceptionsService } from "../compose/replay-service.js";
import { systemClock } from "../lib/clock.js";
import { createLogger } from "../lib/logger.js";
import type { ExceptionRecord, ReplayAction } from "../pipeline/exceptions.js";
import type { ExceptionCause } from "../pipeline/exceptions-cause.js";
import { groupByCause, parseExceptionFilter } from "../pipeline/exceptions-filter.js";
import { fail, failWith, loadTenantConfig } from "./cli-exit.js";
import { type ReplayCommandOptions, runReplayCommand, warnIfBehind } from "./replay-command.js";

export interface ExceptionsCommandOptions {
  config: string;
  tenant?: string;
  cause?: string;
  status?: string;
  order?: string[];
  from?: string;
  to?: string;
  json: boolean;
}

/** What each cause means and where it is fixed (README "Exceptions and replay" says the same). */
export const CAUSE_MEANINGS: Record<ExceptionCause, string> = {
  unmapped_account:
    "an amount has no account in the configuration, or its account is unknown in JDE or closed to postings",
  closed_period: "a G/L date lies outside JDE's open periods",
  jde_edit_error: "JDE refused the document (its edit errors follow)",
  ais_unavailable: "JDE's AIS Server (or database) is out of reach; the work waits for it",
  shopify_access_denied: "Shopify refused the token or a scope, or the app is not installed",
  currency_mismatch: "the shop's currency differs from the JDE company's",
  other: "anything else; the code and reason say what",
};

const ACTIONS: Record<ReplayAction, string> = {
  unpark: "replay: run the order again",
  "retry-now": "replay: retry now",
  "look-up": "replay: JDE look-up, re-send if absent",
  none: "the service looks it up itself",
};

const REASON_WIDTH = 72;

/** Adds `exceptions` and `replay` to the CLI. */
export function registerExceptionCommands(program: Command): void {
  const filters = (command: Command) =>
    command
      .option("--tenant <id>", "tenant id (default: the only one configured)")
      .option("--order <name-or-id...>", "orders by name (1042 or '#1042') or id (GID or numeric)")
      .option("--cause <cause>", `one cause: ${Object.keys(CAUSE_MEANINGS).join(", ")}`)
      .option("--status <status>", "parked, rejected, unknown (JDE's answer outstanding) or retrying")
      .option("--from <YYYY-MM-DD>", "exceptions that arose from 00:00 UTC of this day")
      .option("--to <YYYY-MM-DD>", "exceptions that arose through this day (UTC)")
      .option("-c, --config <file>", "configuration file", "./ml-connector.yaml");
  filters(
    program
      .command("exceptions")
      .description(
        "parked orders, rejected documents, documents awaiting JDE's answer for long and failing jobs, grouped by cause",
      ),
  )
    .option("--json", "print JSON lines, one per exception", false)
    .action(async (options: ExceptionsCommandOptions) => runExceptionsCommand(options));
  filters(
    program
      .command("replay")
      .description(
        "hand selected exceptions back to the running service: parked orders run again (only events not yet posted are posted), rejected documents are looked up in JDE and re-sent only if absent; a correction is `correct`",
      ),
  )
    .option("--all", "select every exception (no selector is never taken as all)", false)
    .option("--reason <text>", "why (required, except with --dry-run); kept in the audit trail")
    .option("--requested-by <name>", "who asks for the replay (default: the OS user)")
    .option("--dry-run", "print exactly what would be posted; write nothing", false)
    .option("--json", "print one JSON document (amounts as strings)", false)
    .action(async (options: ReplayCommandOptions) => runReplayCommand(options));
}

/** `ml-connector exceptions`: the tenant's exceptions by cause, or JSON lines. Reads the store only. */
export async function runExceptionsCommand(options: ExceptionsCommandOptions): Promise<void> {
  const parsed = parseExceptionFilter({ ...options, orders: options.order });
  if (!parsed.ok) return fail(parsed.problem, 2);
  const loaded = loadTenantConfig(options);
  if (!loaded) return;
  const { config, tenantId } = loaded;
  try {
    const log = createLogger({ level: "warn", destination: process.stderr });
    const opened = await openExceptionsService({ config, tenantId, clock: systemClock, log });
    if (!opened.found) return fail(`${opened.why} (\`ml-connector serve\` creates it)`, 1);
    warnIfBehind(opened.service.pendingMigrations);
    try {
      const records = await opened.service.list(parsed.filter);
      if (options.json) for (const record of records) console.log(JSON.stringify(record));
      else console.log(exceptionLines(tenantId, records).join("\n"));
    } finally {
      await opened.service.close();
    }
  } catch (error) {
    failWith(error);
  }
}

/** The listing: a count by status, then each cause with its count, meaning and one line per record. */
export function exceptionLines(tenantId: string, records: readonly ExceptionRecord[]): string[] {
  if (records.length === 0) return [`No exceptions for tenant ${tenantId}.`];
  const byStatus = new Map<string, number>();
  for (const record of records) byStatus.set(record.status, (byStatus.get(record.status) ?? 0) + 1);
  const counts = [...byStatus].map(([status, n]) => `${n} ${status}`).join(", ");
  const lines = [`Exceptions of tenant ${tenantId}: ${records.length} (${counts})`];
  for (const group of groupByCause(records)) {
    lines.push("", `${group.cause} (${group.records.length}): ${CAUSE_MEANINGS[group.cause]}`);
    lines.push(...group.records.map(recordLine));
  }
  lines.push(
    "",
    'Replay with `ml-connector replay --cause <cause> --reason "…"` (or --order, --status, --from/--to); --dry-run first shows what would be posted.',
  );
  return lines;
}

/** `name  status  since  code  [EDTN]  reason  [replay]` on one line, the reason cut to fit. */
export function recordLine(record: ExceptionRecord): string {
  const since = `${record.since.toISOString().slice(0, 16).replace("T", " ")}Z`;
  const edtn = record.source.type === "document" ? `${record.source.edtn}  ` : "";
  return [
    `  ${(record.orderName ?? record.orderId).padEnd(8)}`,
    record.status.padEnd(8),
    since,
    (record.code ?? "-").padEnd(12),
    `${edtn}${cut(record.reason.replace(/\s+/g, " "), REASON_WIDTH)}`,
    `[${ACTIONS[record.action]}]`,
  ].join("  ");
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
