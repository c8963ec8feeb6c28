import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runReconciliation } from "../compose/reconciliation-service.js";
import { systemClock } from "../lib/clock.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import { createLogger } from "../lib/logger.js";
import type { PeriodReconciliation } from "../pipeline/reconcile-period.js";
import { parsePeriodLabel } from "../reconcile/fiscal-period.js";
import { cellsCsv, variancesCsv } from "../reconcile/reconciliation-csv.js";
import { EXIT_FAILED, EXIT_USAGE, fail, failWith, loadTenantConfig } from "./cli-exit.js";
import { reconcileJson, reconcileLines } from "./reconcile-view.js";

export interface ReconcileCommandOptions {
  config: string;
  tenant?: string;
  period: string;
  out: string;
  json: boolean;
}

/** Exit code when the period does not reconcile: distinct from 1 (the command failed) and 2 (usage). */
export const EXIT_VARIANCE = 3;

/**
 * `ml-connector reconcile --period YYYY/PP`: the month-end pack of one tenant. Prints the table (or the
 * JSON with `--json`) and writes the cells CSV, the variances CSV and the JSON into `--out`.
 * Exit code 0 when the period reconciles, {@link EXIT_VARIANCE} when it does not.
 */
export async function runReconcileCommand(options: ReconcileCommandOptions): Promise<void> {
  try {
    parsePeriodLabel(options.period); // a mistyped period is refused before anything is read
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    return fail(error.message, EXIT_USAGE);
  }
  const loaded = loadTenantConfig(options);
  if (!loaded) return;
  const { config, tenantId } = loaded;
  const progress = process.stderr.isTTY
    ? (read: number, total: number) => {
        if (read % 200 === 0 || read === total)
          process.stderr.write(`\rread ${read}/${total} Shopify orders`);
        if (read === total) process.stderr.write("\n");
      }
    : undefined;
  let report: PeriodReconciliation;
  try {
    report = await runReconciliation({
      config,
      tenantId,
      period: { label: options.period },
      clock: systemClock,
      log: createLogger({
        level: config.logLevel === "info" ? "warn" : config.logLevel,
        destination: process.stderr,
      }),
      ...(progress ? { onOrderRead: progress } : {}),
    });
  } catch (error) {
    return failWith(error);
  }
  let files: string[];
  try {
    files = writePack(report, options.out);
  } catch (error) {
    return fail(
      `could not write the reconciliation pack to ${options.out}: ${(error as Error).message}`,
      EXIT_FAILED,
    );
  }
  if (options.json) console.log(reconcileJson(report));
  else console.log([...reconcileLines(report), "", `Written: ${files.join(", ")}`].join("\n"));
  if (!report.reconciled) process.exitCode = EXIT_VARIANCE;
}

/** The pack's three files, named by tenant and period so a month's packs sit side by side. */
function writePack(report: PeriodReconciliation, directory: string): string[] {
  mkdirSync(directory, { recursive: true });
  const stem = join(directory, `${report.tenantId}-${report.period.label.replace("/", "-")}`);
  const files: [string, string][] = [
    [`${stem}-cells.csv`, cellsCsv(report.cells, report.decimals)],
    [`${stem}-variances.csv`, variancesCsv(report.variances, report.decimals)],
    [`${stem}.json`, `${reconcileJson(report)}\n`],
  ];
  for (const [path, content] of files) writeFileSync(path, content);
  return files.map(([path]) => path);
}
