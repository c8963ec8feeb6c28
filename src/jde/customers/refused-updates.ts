import type { RefusedUpdate } from "../../customers/jde-customer-port.js";
import { chunk } from "../../lib/chunk.js";
import { fromAuditStamp, isLaterStamp, toAuditStamp } from "../ztable/audit-stamp.js";
import { buildSelect, type Condition } from "../ztable/dialects/sql-builders.js";
import { MAX_IN_LIST } from "../ztable/dialects/sql-dialect.js";
import type { JdeDatabasePort, SqlRow } from "../ztable/jde-database-port.js";
import { readInteger, readText } from "../ztable/read-values.js";
import type { TableShapes } from "../ztable/table-shapes.js";

type ChangeTable = RefusedUpdate["table"];

/** The rows read back per table: F0101Z2 changes only (a refused add is a staged add's business). */
const KINDS: readonly { table: ChangeTable; prefix: "SZ" | "VO" | "EB"; action?: "C" }[] = [
  { table: "F0101Z2", prefix: "SZ", action: "C" },
  { table: "F03012Z1", prefix: "VO" },
  { table: "F01151Z1", prefix: "EB" },
];

const DAY_MS = 86_400_000;

interface ZRow {
  addressNumber: bigint;
  batchId: string;
  transactionNumber: string;
  processed: string;
  stampDate: bigint;
  stampTime: bigint;
}

export interface RefusedUpdatesDeps {
  database: Pick<JdeDatabasePort, "query" | "dialect">;
  shapes: Pick<TableShapes, "get">;
  ediUser: string;
}

/**
 * The connector's own customer change rows a processor refused (`EDSP` 'N') since `since`, each the
 * latest row of its table for its AN8 (docs/customers.md §4): a later row of the same kind, whatever
 * became of it, supersedes the refusal. The window is whole UTC days of `UPMJ` (the connector stamps
 * in UTC, audit-stamp.ts) as an IN list, then cut at `since`; the AN8s are read in IN-list chunks.
 */
export async function readRefusedUpdates(
  deps: RefusedUpdatesDeps,
  window: { since: Date; now: Date },
): Promise<RefusedUpdate[]> {
  const days = julianDays(window.since, window.now);
  if (days.length === 0) return [];
  const refused: RefusedUpdate[] = [];
  for (const kind of KINDS) {
    const base = baseConditions(kind, deps.ediUser, days);
    const rows = await select(deps, kind, [...base, { column: `${kind.prefix}EDSP`, values: ["N"] }]);
    const numbers = [...new Set(rows.map((row) => row.addressNumber).filter((an8) => an8 > 0n))];
    const latest = new Map<bigint, ZRow>();
    for (const part of chunk(numbers, MAX_IN_LIST)) {
      const all = await select(deps, kind, [...base, { column: `${kind.prefix}AN8`, values: part }]);
      for (const row of all) {
        const known = latest.get(row.addressNumber);
        if (!known || isLaterStamp(row, known)) latest.set(row.addressNumber, row);
      }
    }
    for (const row of latest.values()) {
      const stampedAt = fromAuditStamp(row.stampDate, row.stampTime);
      if (row.processed !== "N" || !stampedAt || stampedAt < window.since) continue;
      refused.push({
        table: kind.table,
        addressNumber: String(row.addressNumber),
        transactionNumber: row.transactionNumber,
        batchId: row.batchId,
        stampedAt,
      });
    }
  }
  return refused;
}

function baseConditions(kind: (typeof KINDS)[number], ediUser: string, days: bigint[]): Condition[] {
  const conditions: Condition[] = [
    { column: `${kind.prefix}EDUS`, values: [ediUser] },
    { column: `${kind.prefix}UPMJ`, values: days },
  ];
  if (kind.action) conditions.push({ column: `${kind.prefix}TNAC`, values: [kind.action] });
  return conditions;
}

async function select(
  deps: RefusedUpdatesDeps,
  kind: (typeof KINDS)[number],
  conditions: Condition[],
): Promise<ZRow[]> {
  const shape = await deps.shapes.get(kind.table);
  const columns = ["AN8", "EDBT", "EDTN", "EDSP", "UPMJ", "UPMT"].map((alias) => `${kind.prefix}${alias}`);
  const statement = buildSelect(deps.database.dialect, shape, columns, conditions);
  const rows = await deps.database.query(statement.sql, statement.params);
  return rows.map((row) => toZRow(row, kind.prefix));
}

/** The Julian dates (`CYYDDD`) of every UTC day from `since` to `now`, both included. */
function julianDays(since: Date, now: Date): bigint[] {
  const days: bigint[] = [];
  const first = Math.floor(since.getTime() / DAY_MS);
  const last = Math.floor(now.getTime() / DAY_MS);
  for (let day = first; day <= last; day += 1) days.push(toAuditStamp(new Date(day * DAY_MS)).date);
  return days;
}

function toZRow(row: SqlRow, prefix: string): ZRow {
  return {
    addressNumber: readInteger(row, `${prefix}AN8`),
    batchId: readText(row, `${prefix}EDBT`).trim(),
    transactionNumber: readText(row, `${prefix}EDTN`).trim(),
    processed: readText(row, `${prefix}EDSP`).trim(),
    stampDate: readInteger(row, `${prefix}UPMJ`),
    stampTime: readInteger(row, `${prefix}UPMT`),
  };
}
