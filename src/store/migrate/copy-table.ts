import { type Kysely, sql } from "kysely";
import type { Database } from "../shared/database.js";
import { encodeJson } from "../shared/row-codecs.js";
import type { StoreBackend } from "../store.js";
import type { CopiedTableName } from "./copied-tables.js";
import type { ColumnInfo } from "./raw-database.js";

/** One table as the copy handles it: its key (the read order), the target's columns, its identity. */
export interface TablePlan {
  name: CopiedTableName;
  key: readonly string[];
  columns: ColumnInfo[];
  identity: string | undefined;
}

/** PostgreSQL binds at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;

/**
 * Copies one table from the source snapshot into the target transaction, in primary-key order, one
 * batch per statement; returns the rows copied.
 */
export async function copyTable(step: {
  plan: TablePlan;
  snapshot: Kysely<Database>;
  tx: Kysely<Database>;
  sourceBackend: StoreBackend;
  batchSize: number;
}): Promise<number> {
  const { plan } = step;
  const rowsPerBatch = Math.max(
    1,
    Math.min(step.batchSize, Math.floor(MAX_PARAMETERS / plan.columns.length)),
  );
  let after: unknown[] | undefined;
  let copied = 0;
  for (;;) {
    const rows = await readBatch(step.snapshot, plan, after, rowsPerBatch);
    if (rows.length === 0) break;
    await insertBatch(
      step.tx,
      plan,
      rows.map((row) => encodeRow(plan, row, step.sourceBackend)),
    );
    copied += rows.length;
    const last = rows[rows.length - 1]!;
    after = plan.key.map((column) => last[column]);
    if (rows.length < rowsPerBatch) break;
  }
  return copied;
}

type SourceRow = Record<string, unknown>;

/** Keyset pagination on the primary key: each batch starts after the last key of the one before. */
async function readBatch(
  snapshot: Kysely<Database>,
  plan: TablePlan,
  after: unknown[] | undefined,
  limit: number,
): Promise<SourceRow[]> {
  const keys = sql.join(plan.key.map((column) => sql.ref(column)));
  const where = after === undefined ? sql.raw("") : sql`where (${keys}) > (${sql.join(after)})`;
  const { rows } = await sql<SourceRow>`select * from ${sql.table(plan.name)} ${where}
    order by ${keys} limit ${limit}`.execute(snapshot);
  return rows;
}

async function insertBatch(tx: Kysely<Database>, plan: TablePlan, rows: unknown[][]): Promise<void> {
  const columns = sql.join(plan.columns.map((column) => sql.ref(column.name)));
  // The ids are copied as they are: an identity column takes them only when told to.
  const override = plan.identity === undefined ? sql.raw("") : sql.raw("overriding system value");
  const values = sql.join(rows.map((row) => sql`(${sql.join(row)})`));
  await sql`insert into ${sql.table(plan.name)} (${columns}) ${override} values ${values}`.execute(tx);
}

/**
 * One source row as the target's columns take it. SQLite holds times as ISO-8601 TEXT and JSON as
 * TEXT (passed on as it is, so decimal-string amounts keep every digit); PostgreSQL hands them back
 * as Date and parsed JSON. Everything else (text, integers, bytes) binds unchanged.
 */
function encodeRow(plan: TablePlan, row: SourceRow, sourceBackend: StoreBackend): unknown[] {
  return plan.columns.map((column) => {
    const value = row[column.name];
    if (value === null || value === undefined) return null;
    if (column.dataType === "timestamp with time zone") return encodeTime(plan.name, column.name, value);
    if (column.dataType === "jsonb") {
      return sourceBackend === "sqlite" && typeof value === "string" ? value : encodeJson(value);
    }
    return value;
  });
}

function encodeTime(table: string, column: string, value: unknown): Date {
  const time = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(time.getTime()))
    throw new Error(`${table}.${column} holds ${String(value)}, which is not a time`);
  return time;
}
