import { chunk } from "../../lib/chunk.js";
import { buildInsert, rowsPerInsert } from "./dialects/sql-builders.js";
import type { SqlDialect } from "./dialects/sql-dialect.js";
import type { SqlExecutor, SqlValue, TableShape } from "./jde-database-port.js";

/** Rows per Oracle array-DML call: bounds the bind buffers of one round trip. */
const EXECUTE_MANY_ROWS = 1_000;

/**
 * Inserts encoded rows (every column, table order) inside the caller's transaction: multi-row
 * VALUES where the dialect has them, sized to its parameter limit, else array DML (Oracle).
 */
export async function insertRows(
  tx: SqlExecutor,
  dialect: SqlDialect,
  shape: TableShape,
  rows: SqlValue[][],
): Promise<void> {
  if (dialect.maxRowsPerInsert === 1) {
    const sql = buildInsert(dialect, shape, 1);
    for (const part of chunk(rows, EXECUTE_MANY_ROWS)) await tx.executeMany(sql, part);
    return;
  }
  for (const part of chunk(rows, rowsPerInsert(dialect, shape))) {
    await tx.execute(buildInsert(dialect, shape, part.length), part.flat());
  }
}
