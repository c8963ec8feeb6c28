import { userInfo } from "node:os";
import { openExceptionsService } from "../compose/replay-service.js";
import { formatMinor } from "../domain/money.js";
import { systemClock } from "../lib/clock.js";
import { createLogger } from "../lib/logger.js";
import { type DocumentPreview, type OrderPreview, previewDocument } from "../pipeline/backfill-preview.js";
import type { ExceptionRecord } from "../pipeline/exceptions.js";
import { narrowsSelection, parseExceptionFilter } from "../pipeline/exceptions-filter.js";
import type { ReplayPreview, ReplayReport, ReplayResult, ReplaySelector } from "../pipeline/replay.js";
import { fail, failWith, loadTenantConfig } from "./cli-exit.js";

export interface ReplayCommandOptions {
  config: string;
  tenant?: string;
  order?: string[];
  cause?: string;
  status?: string;
  from?: string;
  to?: string;
  all: boolean;
  reason?: string;
  requestedBy?: string;
  dryRun: boolean;
  json: boolean;
}

const RESULTS: Record<ReplayResult, [done: string, wouldDo: string]> = {
  unparked: ["order-sync job unparked", "its order-sync job would run again"],
  "retry-now": ["order-sync job runs now", "its failing order-sync job would run now"],
  "look-up": [
    "document back to unknown: looked up in JDE, re-sent only if JDE lacks it",
    "the document would be looked up in JDE and re-sent as recorded only if JDE holds none of it",
  ],
};

/**
 * `ml-connector replay`: hands the selected exceptions back to the running service (`serve`), which
 * does the work; this command never posts. Refuses without a selector, so nothing is replayed by
 * accident; a real run needs a reason, recorded with who asked in each order's audit trail.
 */
export async function runReplayCommand(options: ReplayCommandOptions): Promise<void> {
  const parsed = parseExceptionFilter({ ...options, orders: options.order });
  if (!parsed.ok) return fail(parsed.problem, 2);
  const selector: ReplaySelector = { ...parsed.filter, ...(options.all ? { all: true } : {}) };
  if (!selector.all && !narrowsSelection(selector))
    return fail("replay needs a selector: --order, --cause, --from/--to, --status, or --all", 2);
  if (!options.dryRun && !options.reason?.trim())
    return fail('a replay needs --reason "…" (kept in the audit trail with who asked)', 2);
  const loaded = loadTenantConfig(options);
  if (!loaded) return;
  const { config, tenantId } = loaded;
  const log = createLogger({
    level: config.logLevel === "info" ? "warn" : config.logLevel,
    destination: process.stderr,
  });
  try {
    const opened = await openExceptionsService({ config, tenantId, clock: systemClock, log });
    if (!opened.found) return fail(`${opened.why}: nothing to replay`, 1);
    warnIfBehind(opened.service.pendingMigrations);
    try {
      const outcome = await opened.service.replay({
        selector,
        reason: options.reason ?? "",
        requestedBy: options.requestedBy?.trim() || userInfo().username,
        dryRun: options.dryRun,
      });
      if (outcome.type === "refused") return fail(outcome.reason, 2);
      console.log(
        options.json
          ? replayJson(tenantId, outcome.report)
          : replayLines(tenantId, outcome.report).join("\n"),
      );
    } finally {
      await opened.service.close();
    }
  } catch (error) {
    failWith(error);
  }
}

/** The report for a terminal: a dry run's previews, then what was (would be) replayed and skipped. */
export function replayLines(tenantId: string, report: ReplayReport): string[] {
  if (report.selected === 0) return [`No exception of tenant ${tenantId} matches: nothing to replay.`];
  const lines = report.dryRun
    ? [`Dry run: ${report.selected} exception(s) of tenant ${tenantId} selected; nothing is written.`, ""]
    : [];
  for (const preview of report.previews) lines.push(...previewLines(preview));
  const verb = report.dryRun ? "Would replay" : "Replayed";
  lines.push(`${verb} ${report.replayed.length} of ${report.selected}:`);
  for (const { record, result } of report.replayed)
    lines.push(`  ${label(record)}  → ${RESULTS[result][report.dryRun ? 1 : 0]}`);
  if (report.skipped.length > 0) lines.push(`Skipped ${report.skipped.length}:`);
  for (const { record, why } of report.skipped) lines.push(`  ${label(record)}  — ${why}`);
  if (!report.dryRun && report.replayed.length > 0)
    lines.push(
      "The running service (`ml-connector serve`) does the work; `ml-connector exceptions` shows what is left.",
    );
  return lines;
}

function previewLines(shown: ReplayPreview): string[] {
  if (shown.type === "document") {
    const { document, record } = shown;
    return [
      `${label(record)} → ${RESULTS["look-up"][1]}:`,
      ...documentLines(`document ${document.edtn}`, previewDocument(document)),
      "",
    ];
  }
  const { preview } = shown;
  const name = shown.orderName ?? preview.orderName ?? shown.orderId;
  return [`${name}  ${shown.orderId} → ${orderVerdict(preview)}`, ...orderDetail(preview), ""];
}

function orderVerdict(preview: OrderPreview): string {
  switch (preview.outcome) {
    case "post":
      return `its order-sync job would record ${preview.documents.length} document(s):`;
    case "nothing-new":
      return "nothing new to post: every event is posted, adopted or skipped already";
    case "park":
      return `it would park again: ${preview.parkCode}: ${preview.problems.join("; ")}`;
    case "not-found":
      return "Shopify has no such order any more: the job would finish without posting";
  }
}

function orderDetail(preview: OrderPreview): string[] {
  const lines = preview.documents.flatMap((document, index) =>
    preview.outcome === "post" ? documentLines(`document ${index + 1}`, document) : [],
  );
  const posted = preview.alreadyPostedEventIds;
  lines.push(`  already posted, skipped: ${posted.length === 0 ? "none" : posted.map(shortGid).join(", ")}`);
  if (preview.adoptedEventIds.length > 0)
    lines.push(
      `  adopted (before the accounting start date, never sent): ${preview.adoptedEventIds.map(shortGid).join(", ")}`,
    );
  for (const skipped of preview.skipped)
    lines.push(`  not posted: ${shortGid(skipped.eventId)} (${skipped.reason})`);
  return lines;
}

/** A document's accounts, debits and credits apart, then the totals. */
function documentLines(title: string, document: DocumentPreview): string[] {
  const money = (minor: bigint) => (minor === 0n ? "" : formatMinor(minor, document.decimals));
  const rows = document.accounts.map((a) => [a.account, money(a.debitMinor), money(a.creditMinor)]);
  const debits = document.accounts.reduce((sum, a) => sum + a.debitMinor, 0n);
  const credits = document.accounts.reduce((sum, a) => sum + a.creditMinor, 0n);
  const table = [
    ["account", "debit", "credit"],
    ...rows,
    [`total ${document.currency}`, money(debits), money(credits)],
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => (row[column] ?? "").length)));
  return [
    `  ${title}  GL ${document.glDate}  ${document.currency}  events ${document.eventIds.map(shortGid).join(", ")}`,
    ...table.map(([account = "", debit = "", credit = ""]) =>
      `    ${account.padEnd(widths[0]!)}  ${debit.padStart(widths[1]!)}  ${credit.padStart(widths[2]!)}`.trimEnd(),
    ),
  ];
}

/** `#1042  parked MLC_…` or `#1042  rejected S1A2-1 0099`: which record, without its reason. */
function label(record: ExceptionRecord): string {
  const what = record.source.type === "document" ? ` ${record.source.edtn}` : "";
  return `${record.orderName ?? record.orderId}  ${record.status}${what} ${record.code ?? "-"}`;
}

/** `ml-connector replay --json`: the report as one JSON value (amounts as strings, times ISO). */
export function replayJson(tenantId: string, report: ReplayReport): string {
  return JSON.stringify({ tenant: tenantId, ...report }, (_key, value) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}

function shortGid(value: string): string {
  return value.startsWith("gid://shopify/") ? value.slice("gid://shopify/".length) : value;
}

/** The store is read and written as it is (never migrated here); say so when this build is ahead of it. */
export function warnIfBehind(pendingMigrations: string[]): void {
  if (pendingMigrations.length > 0)
    console.error(
      `ml-connector: the store is behind this build (${pendingMigrations.join(", ")} not applied); used as it is`,
    );
}
