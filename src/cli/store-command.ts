import type { Command } from "commander";
import {
  type CopyStoreResult,
  checkCopyUrls,
  copyStore,
  type TableCount,
} from "../compose/store-migration.js";
import { coerceError } from "../lib/errors/connector-error.js";
import { EXIT_FAILED, EXIT_USAGE, fail } from "./cli-exit.js";

export interface StoreMigrateOptions {
  from?: string;
  to?: string;
  batchSize?: string;
  json: boolean;
}

const STOP_SERVE =
  "Stop every `ml-connector serve` (and any other command) using the source first: whatever it writes " +
  "after the copy is not in the new store, and an order it posted there could be posted again.";
const NEXT_STEPS = [
  "Next: set store.url in the configuration to the PostgreSQL URL, then start serve.",
  "Secrets were copied sealed, never decrypted: every service on the new store needs the same master key " +
    "(security.masterKeyFile, default ./data/master.key, or security.masterKey).",
];

/** `ml-connector store …`: moving an installation's store (issue 8). */
export function registerStoreCommands(program: Command): void {
  const store = program.command("store").description("the connector's database");
  store
    .command("migrate")
    .description(
      "copy an installation's whole store (posted-event ledger, documents, audit trail, sealed secrets, jobs) into an empty PostgreSQL database, so nothing is posted again; stop serve first",
    )
    .option("--from <url>", "the store to copy: sqlite:<file> (or postgres://…)")
    .option("--to <url>", "an empty PostgreSQL database: postgres://user@host/db")
    .option("--batch-size <n>", "rows per statement", "1000")
    .option("--json", "print one JSON document", false)
    .action(async (options: StoreMigrateOptions) => runStoreMigrateCommand(options));
}

/**
 * Copies the store, prints the row count of every table on both sides. Exit 0 when the copy committed
 * with equal counts, 1 when it was refused or failed (the target then holds no data), 2 on usage errors.
 */
export async function runStoreMigrateCommand(options: StoreMigrateOptions): Promise<void> {
  const { from, to } = options;
  if (!from || !to) return fail("store migrate needs --from <url> and --to <url>", EXIT_USAGE);
  const problem = checkCopyUrls(from, to);
  if (problem !== undefined) return fail(problem, EXIT_USAGE);
  const batchSize = Number(options.batchSize ?? "1000");
  if (!Number.isInteger(batchSize) || batchSize < 1)
    return fail("--batch-size must be a positive integer", EXIT_USAGE);
  if (!options.json) console.log(STOP_SERVE);
  let result: CopyStoreResult;
  try {
    result = await copyStore({ from, to, batchSize });
  } catch (error) {
    return fail(`store migrate failed, nothing was copied: ${coerceError(error).message}`, EXIT_FAILED);
  }
  if (options.json) console.log(JSON.stringify({ from: redactUrl(from), to: redactUrl(to), ...result }));
  if (!result.ok) return fail(refusalMessage(result), EXIT_FAILED);
  process.exitCode = 0;
  if (!options.json) console.log(migrationLines(from, to, result).join("\n"));
}

/** The per-table counts and what the operator does next. */
export function migrationLines(
  from: string,
  to: string,
  result: { tables: TableCount[]; elapsedMs: number },
): string[] {
  const width = Math.max(...result.tables.map((count) => count.table.length), "table".length);
  const rows = result.tables.map(
    (count) =>
      `  ${count.table.padEnd(width)}  ${String(count.source).padStart(9)}  ${String(count.target).padStart(9)}`,
  );
  const total = result.tables.reduce((sum, count) => sum + count.target, 0);
  return [
    `copied ${redactUrl(from)} → ${redactUrl(to)} in ${result.elapsedMs} ms`,
    `  ${"table".padEnd(width)}  ${"source".padStart(9)}  ${"target".padStart(9)}`,
    ...rows,
    `${total} rows in ${result.tables.length} tables; the counts of both sides are equal.`,
    ...NEXT_STEPS,
  ];
}

/** Why the copy did not run, and what to do about it; the target holds no data of this run. */
export function refusalMessage(result: Exclude<CopyStoreResult, { ok: true }>): string {
  switch (result.refusal) {
    case "source-missing":
      return `no SQLite store at ${result.path}`;
    case "target-not-empty":
      return (
        `the target already holds data (${result.nonEmpty.map((t) => `${t.table} ${t.rows}`).join(", ")}): ` +
        "store migrate copies into an empty database only, so two installations are never mixed. " +
        "If an earlier run completed, the migration is done; otherwise use a new, empty database"
      );
    case "source-in-use":
      return (
        `${result.leasedJobs} job(s) of the source are leased by a running worker until ` +
        `${result.leaseExpiresAt.toISOString()}: stop ml-connector serve on the source (or wait until the ` +
        "leases expire) and run again; nothing was copied"
      );
    case "source-changed":
      return (
        "another process wrote to the source while it was copied (a running ml-connector serve?): " +
        "stop it and run again; nothing was copied"
      );
  }
}

/** A password in a PostgreSQL URL is never printed. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/]+):[^@/]*@/, "$1:***@");
}
