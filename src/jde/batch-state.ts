import type { JdeBatchState } from "../posting/journal-poster.js";
import type { AisClient } from "./ais-client.js";
import { type BrowseCondition, browseTable, positiveNumber, text } from "./data-service.js";

/**
 * JDE's state of journal batches (reference/jde-ais.md §6.5–§6.6), for reconciliation: the F0011
 * header's status (ICIST: `A` approved is documented; `P` pending approval and `D` posted are the
 * usual UDC 98/IS values, Unconfirmed) and whether the ledger lines are posted (F0911 GLPOST `P`,
 * also Unconfirmed). Two BROWSEs, whatever the number of batches.
 */
export async function readBatchStates(
  ais: Pick<AisClient, "call">,
  batchNumbers: readonly number[],
): Promise<JdeBatchState[]> {
  const wanted = [...new Set(batchNumbers)].map(String);
  if (wanted.length === 0) return [];
  const byBatch: BrowseCondition = {
    column: "ICU",
    operator: wanted.length === 1 ? "EQUAL" : "LIST",
    values: wanted,
  };
  const batchType: BrowseCondition = { column: "ICUT", operator: "EQUAL", values: ["G"] };
  const [headers, lines] = await Promise.all([
    browseTable(ais, {
      table: "F0011",
      columns: ["ICUT", "ICU", "IST", "NDO"],
      conditions: [batchType, byBatch],
    }),
    browseTable(ais, { table: "F0911", columns: ["ICUT", "ICU", "POST"], conditions: [batchType, byBatch] }),
  ]);
  const postedLines = new Map<number, { posted: number; total: number }>();
  for (const line of lines) {
    const icu = positiveNumber(line, "ICU");
    if (icu === undefined) continue;
    const counts = postedLines.get(icu) ?? { posted: 0, total: 0 };
    counts.total += 1;
    if (text(line, "POST") === "P") counts.posted += 1;
    postedLines.set(icu, counts);
  }
  return headers.flatMap((row) => {
    const batchNumber = positiveNumber(row, "ICU");
    if (batchNumber === undefined) return [];
    const status = text(row, "IST");
    const counts = postedLines.get(batchNumber);
    const allLinesPosted = counts !== undefined && counts.total > 0 && counts.posted === counts.total;
    return [
      {
        batchNumber,
        status,
        approved: status === "A" || status === "D",
        posted: status === "D" || allLinesPosted,
        documents: positiveNumber(row, "NDO") ?? 0,
      },
    ];
  });
}
