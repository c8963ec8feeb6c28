import { type BackfillReport, runBackfill } from "../compose/backfill.js";
import { loadConfig } from "../config/load-config.js";
import { formatMinor } from "../domain/money.js";
import { systemClock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createLogger } from "../lib/logger.js";
import type { AccountTotal, OrderPreview } from "../pipeline/backfill-preview.js";
import { createBackfillProgress } from "./backfill-progress.js";

export interface BackfillCommandOptions {
  config: string;
  tenant: string;
  since: string;
  until?: string;
  rate: number;
  dryRun: boolean;
  json: boolean;
}

/**
 * `ml-connector backfill`: queue a paced order-sync job for every order of a window, for the running
 * service to post; or, with --dry-run, print what each order would post and write nothing.
 * Progress goes to stderr; per-order previews and the summary to stdout.
 */
export async function runBackfillCommand(options: BackfillCommandOptions): Promise<void> {
  const since = parseDay(options.since);
  const until = options.until === undefined ? undefined : parseDay(options.until);
  if (!since || until === null || (until && until <= since)) {
    console.error("ml-connector: --since and --until take dates YYYY-MM-DD, --until after --since");
    process.exitCode = 2;
    return;
  }
  const progress = createBackfillProgress({
    write: (text) => process.stderr.write(text),
    tty: process.stderr.isTTY === true,
    now: () => Date.now(),
    verb: options.dryRun ? "previewed" : "queued",
  });
  let report: BackfillReport;
  try {
    const config = loadConfig(options.config);
    report = await runBackfill({
      config,
      tenantId: options.tenant,
      since,
      until,
      ratePerSecond: options.rate,
      dryRun: options.dryRun,
      clock: systemClock,
      log: createLogger({
        level: config.logLevel === "info" ? "warn" : config.logLevel,
        destination: process.stderr,
      }),
      onProgress: progress.update,
      onPreview: (preview) => printPreview(preview, options.json),
    });
  } catch (error) {
    progress.finish();
    if (!(error instanceof ConnectorError)) throw error;
    console.error(`ml-connector: ${error.code}: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  progress.finish();
  const summary = {
    type: "summary",
    ...report,
    since: since.toISOString(),
    until: until?.toISOString() ?? null,
    ratePerSecond: options.rate,
    lastRunAt: report.lastRunAt?.toISOString() ?? null,
    // The peak resident set of this process (maxRSS is in kilobytes), so tests can bound memory.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  if (options.json) console.log(toJson(summary));
  else printSummary(report, options.rate, summary.peakRssBytes);
}

/**
 * `YYYY-MM-DD` as 00:00 UTC of that day (not the shop's midnight: simple to state and to check);
 * null when it is not a real date.
 */
export function parseDay(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const day = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text ? null : day;
}

function printPreview(preview: OrderPreview, json: boolean): void {
  if (json) {
    console.log(toJson({ type: "order", ...preview }));
    return;
  }
  const name = preview.orderName ?? preview.orderId;
  const posted = preview.alreadyPostedEventIds.length;
  const adopted = preview.adoptedEventIds.length;
  const notes = [
    ...(adopted > 0 ? [`would adopt ${adopted} event(s) dated before accountingStartDate`] : []),
    ...(posted > 0 ? [`${posted} event(s) already posted`] : []),
  ];
  switch (preview.outcome) {
    case "not-found":
      console.log(`${preview.orderId}: not found in Shopify (the job would only note it)`);
      return;
    case "park":
      console.log(`${name}: would park, ${preview.parkCode}: ${preview.problems.join("; ")}`);
      break;
    case "nothing-new":
      console.log(`${name}: nothing to post`);
      break;
    case "post":
      console.log(`${name}: would post ${preview.documents.length} document(s)`);
      for (const document of preview.documents) {
        console.log(`  GL date ${document.glDate}, ${document.currency}, events ${document.eventIds.length}`);
        printAccounts(document.accounts, document.decimals, 4);
      }
  }
  for (const note of notes) console.log(`  ${note}`);
}

function printSummary(report: BackfillReport, rate: number, peakRssBytes: number): void {
  const memory = `peak RSS ${(peakRssBytes / 1_048_576).toFixed(1)} MiB`;
  if (report.preview) {
    const p = report.preview;
    console.log(`backfill dry run of tenant ${report.tenant}: ${p.orders} order(s) read, nothing written`);
    console.log(
      `  would post ${p.documents} document(s) for ${p.ordersToPost} order(s) (${p.eventsToPost} events)`,
    );
    console.log(`  would adopt ${p.eventsToAdopt} event(s) dated before accountingStartDate`);
    console.log(
      `  already posted: ${p.eventsAlreadyPosted} event(s); nothing new: ${p.ordersNothingNew} order(s)`,
    );
    const codes = Object.entries(p.parkCodes).map(([code, n]) => `${code} ${n}`);
    console.log(`  would park ${p.ordersParked} order(s)${codes.length ? ` (${codes.join(", ")})` : ""}`);
    if (p.ordersNotFound > 0) console.log(`  not found in Shopify: ${p.ordersNotFound}`);
    if (p.accounts.length > 0) {
      console.log("  totals per account:");
      printAccounts(p.accounts, p.decimals ?? 2, 4);
    }
    console.log(memory);
    return;
  }
  console.log(
    `backfill of tenant ${report.tenant}: ${report.orders} order(s) exported, ${report.jobsCreated} job(s) created`,
  );
  if (report.lastRunAt) {
    const minutes = Math.max(0, Math.ceil((report.lastRunAt.getTime() - Date.now()) / 60_000));
    console.log(
      `  paced at ${rate}/s: the last job starts at ${report.lastRunAt.toISOString()} (in ~${minutes} min)`,
    );
  }
  console.log("  the running service (ml-connector serve) posts them; make sure it runs");
  console.log(memory);
}

function printAccounts(accounts: AccountTotal[], decimals: number, indent: number): void {
  for (const total of accounts) {
    const debit = total.debitMinor === 0n ? "" : formatMinor(total.debitMinor, decimals);
    const credit = total.creditMinor === 0n ? "" : formatMinor(total.creditMinor, decimals);
    console.log(
      `${" ".repeat(indent)}${total.account.padEnd(18)} debit ${debit.padStart(14)}  credit ${credit.padStart(14)}`,
    );
  }
}

/** JSON with bigint amounts as decimal strings of minor units. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}
