import { chunk } from "../../lib/chunk.js";
import type { JdeBatchState } from "../../posting/journal-poster.js";
import { buildSelect } from "./dialects/sql-builders.js";
import { MAX_IN_LIST } from "./dialects/sql-dialect.js";
import type { JdeDatabasePort } from "./jde-database-port.js";
import { readInteger, readText } from "./read-values.js";
import type { TableShapes } from "./table-shapes.js";

/**
 * JDE's state of journal batches, as src/jde/batch-state.ts reads it through AIS but straight from
 * the tables (reference/jde-ais.md §6.5–§6.6): the F0011 header's `ICIST` (`A` approved is
 * documented; `P` pending and `D` posted are the usual UDC 98/IS values, Unconfirmed) and whether
 * every F0911 line of the batch is posted (`GLPOST` 'P', also Unconfirmed). Batch type `G`.
 */
export async function readZTableBatchStates(
  database: Pick<JdeDatabasePort, "query" | "dialect">,
  shapes: TableShapes,
  batchNumbers: readonly number[],
): Promise<JdeBatchState[]> {
  const wanted = [...new Set(batchNumbers)].filter((icu) => Number.isSafeInteger(icu) && icu > 0);
  if (wanted.length === 0) return [];
  const [headerShape, ledgerShape] = [await shapes.get("F0011"), await shapes.get("F0911")];
  const states: JdeBatchState[] = [];
  for (const part of chunk(wanted, MAX_IN_LIST)) {
    const icus = part.map(BigInt);
    const headers = buildSelect(
      database.dialect,
      headerShape,
      ["ICICU", "ICIST", "ICNDO"],
      [
        { column: "ICICUT", values: ["G"] },
        { column: "ICICU", values: icus },
      ],
    );
    const lines = buildSelect(
      database.dialect,
      ledgerShape,
      ["GLICU", "GLPOST"],
      [
        { column: "GLICUT", values: ["G"] },
        { column: "GLICU", values: icus },
      ],
    );
    const posted = countPostedLines(await database.query(lines.sql, lines.params));
    for (const row of await database.query(headers.sql, headers.params)) {
      const batchNumber = Number(readInteger(row, "ICICU"));
      const status = readText(row, "ICIST");
      const counts = posted.get(batchNumber);
      const allLinesPosted = counts !== undefined && counts.total > 0 && counts.posted === counts.total;
      states.push({
        batchNumber,
        status,
        approved: status === "A" || status === "D",
        posted: status === "D" || allLinesPosted,
        documents: Number(readInteger(row, "ICNDO")),
      });
    }
  }
  return states;
}

function countPostedLines(rows: Record<string, unknown>[]): Map<number, { posted: number; total: number }> {
  const counts = new Map<number, { posted: number; total: number }>();
  for (const row of rows) {
    const icu = Number(readInteger(row, "GLICU"));
    const entry = counts.get(icu) ?? { posted: 0, total: 0 };
    entry.total += 1;
    if (readText(row, "GLPOST") === "P") entry.posted += 1;
    counts.set(icu, entry);
  }
  return counts;
}
