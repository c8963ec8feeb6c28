import { type Kysely, sql } from "kysely";
import { openExistingStore, openStore } from "../open-store.js";
import type { Database } from "../shared/database.js";
import { decodeCount } from "../shared/row-codecs.js";
import type { StoreBackend, StoreClock } from "../store.js";
import { COPIED_TABLE_NAMES, COPIED_TABLES, type CopiedTableName } from "./copied-tables.js";
import { copyTable, type TablePlan } from "./copy-table.js";
import {
  listColumnNames,
  listPostgresColumns,
  listTables,
  openRawDatabase,
  type RawDatabase,
} from "./raw-database.js";

/** Rows of one table in the source (read in one snapshot) and in the target after the copy. */
export interface TableCount {
  table: CopiedTableName;
  source: number;
  target: number;
}

/** Why a copy did not run; the target is left as it was. */
export type CopyStoreRefusal =
  | { ok: false; refusal: "source-missing"; path: string }
  | { ok: false; refusal: "target-not-empty"; nonEmpty: Array<{ table: CopiedTableName; rows: number }> }
  | { ok: false; refusal: "source-in-use"; leasedJobs: number; leaseExpiresAt: Date }
  | { ok: false; refusal: "source-changed" };

export type CopyStoreResult = { ok: true; tables: TableCount[]; elapsedMs: number } | CopyStoreRefusal;

export interface CopyStoreRequest {
  /** The store to copy: `sqlite:<file>` (or a `postgres://` URL). */
  from: string;
  /** An empty PostgreSQL store (`postgres://` or `postgresql://`). */
  to: string;
  /** Rows read and inserted per statement (default 1,000). */
  batchSize?: number;
  /** Decides which job leases count as held (default: the system clock). */
  clock?: StoreClock;
}

const DEFAULT_BATCH_SIZE = 1_000;
const COPIED_TYPES = new Set(["text", "integer", "bigint", "bytea", "jsonb", "timestamp with time zone"]);

/** Thrown inside the target transaction to roll it back; `copyStore` returns the refusal. */
class CopyRefused extends Error {
  constructor(readonly refusal: CopyStoreRefusal) {
    super(refusal.refusal);
  }
}

/** Says what is wrong with a pair of store URLs for `copyStore`, or undefined when they will do. */
export function checkCopyUrls(from: string, to: string): string | undefined {
  if (!/^postgres(ql)?:\/\//.test(to)) return `--to must be a postgres:// URL (got ${to.split(":")[0]}:…)`;
  if (!from.startsWith("sqlite:") && !/^postgres(ql)?:\/\//.test(from))
    return `--from must be a sqlite:<file> or postgres:// URL (got ${from.split(":")[0]}:…)`;
  if (from === "sqlite::memory:" || from === "sqlite:") return "--from must name an SQLite file";
  if (from === to) return "--from and --to name the same store";
  return undefined;
}

/**
 * Copies a whole store into an empty PostgreSQL store (issue 8), so an installation moves with its
 * posted-event ledger, audit trail and sealed secrets and nothing is posted twice. Both are migrated to
 * this build's schema first. Every table is copied in primary-key order, in batches, inside ONE
 * transaction on the target that first locks and checks every table empty: a crash, a refusal or a
 * failed row leaves the target as empty as it was. The source is read in one snapshot; a commit by
 * another process meanwhile (a running `serve`) refuses the copy. Identity sequences then continue
 * after the copied ids, and the row counts of both sides must agree. Secrets are copied sealed.
 */
export async function copyStore(request: CopyStoreRequest): Promise<CopyStoreResult> {
  const problem = checkCopyUrls(request.from, request.to);
  if (problem !== undefined) throw new Error(problem);
  const clock = request.clock ?? { now: () => new Date() };
  const missing = await migrateBoth(request.from, request.to, clock);
  if (missing !== undefined) return missing;
  const source = openRawDatabase(request.from);
  const target = openRawDatabase(request.to);
  try {
    return await copyBetween(source, target, { batchSize: request.batchSize ?? DEFAULT_BATCH_SIZE, clock });
  } finally {
    await Promise.allSettled([source.close(), target.close()]);
  }
}

async function migrateBoth(
  from: string,
  to: string,
  clock: StoreClock,
): Promise<CopyStoreRefusal | undefined> {
  const existing = await openExistingStore(from, { clock });
  if (!existing.found) return { ok: false, refusal: "source-missing", path: existing.path };
  try {
    await existing.store.migrate();
  } finally {
    await existing.store.close();
  }
  const target = await openStore(to, { clock });
  try {
    await target.migrate();
  } finally {
    await target.close();
  }
  return undefined;
}

async function copyBetween(
  source: RawDatabase,
  target: RawDatabase,
  options: { batchSize: number; clock: StoreClock },
): Promise<CopyStoreResult> {
  const started = performance.now();
  const plans = await planTables(source, target);
  try {
    const tables = await target.db.transaction().execute(async (tx) => {
      await sql`lock table ${sql.join(plans.map((plan) => sql.table(plan.name)))} in access exclusive mode`.execute(
        tx,
      );
      const before = await countRows(tx, plans);
      const nonEmpty = plans.flatMap((plan, i) =>
        before[i]! > 0 ? [{ table: plan.name, rows: before[i]! }] : [],
      );
      if (nonEmpty.length > 0) throw new CopyRefused({ ok: false, refusal: "target-not-empty", nonEmpty });
      const sourceCounts = await inSourceSnapshot(source, plans, async (snapshot) => {
        await refuseIfLeased(source.backend, snapshot, options.clock.now());
        for (const plan of plans)
          await copyTable({
            plan,
            snapshot,
            tx,
            sourceBackend: source.backend,
            batchSize: options.batchSize,
          });
      });
      await resetIdentities(tx, plans);
      return verifyCounts(plans, sourceCounts, await countRows(tx, plans));
    });
    return { ok: true, tables, elapsedMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof CopyRefused) return error.refusal;
    throw error;
  }
}

/**
 * Pairs the tables of both databases with COPIED_TABLES and the target's column types. A table or
 * column the copy does not know, on either side, stops it before anything is written.
 */
async function planTables(source: RawDatabase, target: RawDatabase): Promise<TablePlan[]> {
  for (const [side, raw] of [
    ["source", source],
    ["target", target],
  ] as const) {
    const tables = await listTables(raw);
    const unknown = tables.filter((table) => !(COPIED_TABLE_NAMES as string[]).includes(table));
    const absent = COPIED_TABLE_NAMES.filter((table) => !tables.includes(table));
    if (unknown.length > 0 || absent.length > 0) {
      throw new Error(
        `the ${side} database does not hold the tables the store copy handles ` +
          `(unknown: ${unknown.join(", ") || "none"}; missing: ${absent.join(", ") || "none"}): ` +
          "src/store/migrate/copied-tables.ts must list every table",
      );
    }
  }
  const plans: TablePlan[] = [];
  for (const name of COPIED_TABLE_NAMES) plans.push(await planTable(name, source, target));
  return plans;
}

async function planTable(
  name: CopiedTableName,
  source: RawDatabase,
  target: RawDatabase,
): Promise<TablePlan> {
  const columns = await listPostgresColumns(target.db, name);
  const sourceColumns = await listColumnNames(source, name);
  const targetNames = columns.map((column) => column.name);
  if (
    sourceColumns.length !== targetNames.length ||
    sourceColumns.some((column) => !targetNames.includes(column))
  ) {
    throw new Error(
      `table ${name}: the source columns (${sourceColumns.join(", ")}) differ from the target's (${targetNames.join(", ")})`,
    );
  }
  const unsupported = columns.find((column) => !COPIED_TYPES.has(column.dataType));
  if (unsupported !== undefined) {
    throw new Error(
      `table ${name}: the store copy does not convert ${unsupported.dataType} (${unsupported.name})`,
    );
  }
  const key = COPIED_TABLES[name].key;
  return { name, key, columns, identity: columns.find((column) => column.isIdentity)?.name };
}

/**
 * Runs `read` in one read snapshot of the source and returns each table's row count in it. SQLite's `data_version` changes when another
 * connection commits, so a write by a running `serve` anywhere during the copy is caught, not only
 * one that changes a count.
 */
async function inSourceSnapshot(
  source: RawDatabase,
  plans: TablePlan[],
  read: (snapshot: Kysely<Database>) => Promise<void>,
): Promise<number[]> {
  return source.db.connection().execute(async (connection) => {
    const versionBefore = await dataVersion(source.backend, connection);
    await sql
      .raw(source.backend === "sqlite" ? "begin" : "begin isolation level repeatable read read only")
      .execute(connection);
    let countsInSnapshot: number[];
    try {
      await read(connection);
      countsInSnapshot = await countRows(connection, plans);
    } finally {
      await sql`rollback`.execute(connection);
    }
    const countsNow = await countRows(connection, plans);
    const versionAfter = await dataVersion(source.backend, connection);
    if (versionAfter !== versionBefore || countsNow.some((count, i) => count !== countsInSnapshot[i])) {
      throw new CopyRefused({ ok: false, refusal: "source-changed" });
    }
    return countsInSnapshot;
  });
}

async function dataVersion(backend: StoreBackend, connection: Kysely<Database>): Promise<number | undefined> {
  if (backend !== "sqlite") return undefined;
  const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(connection);
  return rows[0]?.data_version;
}

/** A job leased until later means a worker (a running `serve`) holds it: its work would be lost. */
async function refuseIfLeased(backend: StoreBackend, snapshot: Kysely<Database>, now: Date): Promise<void> {
  const row = await snapshot
    .selectFrom("jobs")
    .select((eb) => [
      eb.fn.countAll<string | number>().as("count"),
      eb.fn.max("lease_expires_at").as("until"),
    ])
    .where("status", "=", "running")
    .where("lease_expires_at", ">", backend === "sqlite" ? now.toISOString() : now)
    .executeTakeFirst();
  const leasedJobs = decodeCount(row?.count);
  if (leasedJobs > 0 && row?.until) {
    throw new CopyRefused({
      ok: false,
      refusal: "source-in-use",
      leasedJobs,
      leaseExpiresAt: new Date(row.until),
    });
  }
}

/** New rows of the target must not reuse a copied id: each identity continues after the largest. */
async function resetIdentities(tx: Kysely<Database>, plans: TablePlan[]): Promise<void> {
  for (const plan of plans) {
    if (plan.identity === undefined) continue;
    await sql`select setval(pg_get_serial_sequence(${plan.name}, ${plan.identity}),
      coalesce(max(${sql.ref(plan.identity)}), 0) + 1, false) from ${sql.table(plan.name)}`.execute(tx);
  }
}

async function countRows(db: Kysely<Database>, plans: TablePlan[]): Promise<number[]> {
  const counts: number[] = [];
  for (const plan of plans) {
    const { rows } = await sql<{
      count: string | number;
    }>`select count(*) as count from ${sql.table(plan.name)}`.execute(db);
    counts.push(decodeCount(rows[0]?.count));
  }
  return counts;
}

function verifyCounts(plans: TablePlan[], source: number[], target: number[]): TableCount[] {
  const tables = plans.map((plan, i) => ({ table: plan.name, source: source[i]!, target: target[i]! }));
  const unequal = tables.filter((count) => count.source !== count.target);
  if (unequal.length > 0) {
    const detail = unequal.map((count) => `${count.table} ${count.source} → ${count.target}`).join(", ");
    throw new Error(`the copy does not hold every row of the source (${detail}); the target was left empty`);
  }
  return tables;
}
