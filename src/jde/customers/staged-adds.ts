import { type JdeCustomerCandidate, lowestAddressNumber } from "../../customers/choose-customer.js";
import type { StagedAdd, StagedTransaction } from "../../customers/jde-customer-port.js";
import { chunk } from "../../lib/chunk.js";
import { fromAuditStamp, isLaterStamp } from "../ztable/audit-stamp.js";
import { buildSelect } from "../ztable/dialects/sql-builders.js";
import { MAX_IN_LIST } from "../ztable/dialects/sql-dialect.js";
import type { JdeDatabasePort, SqlRow } from "../ztable/jde-database-port.js";
import { readInteger, readText } from "../ztable/read-values.js";
import type { TableShapes } from "../ztable/table-shapes.js";

interface StagedRow {
  crossReference: string; // SZALKY
  batchId: string; // SZEDBT
  transactionNumber: string; // SZEDTN
  processed: string; // SZEDSP: blank, Y or N
  addressNumber: bigint; // SZAN8
  stampDate: bigint; // SZUPMJ
  stampTime: bigint; // SZUPMT
}

const COLUMNS = ["SZALKY", "SZEDBT", "SZEDTN", "SZEDSP", "SZAN8", "SZUPMJ", "SZUPMT"];

export interface StagedAddsDeps {
  database: Pick<JdeDatabasePort, "query" | "dialect">;
  shapes: Pick<TableShapes, "get">;
  ediUser: string;
  /** F0101 by ALKY, for a processed add whose `SZAN8` R01010Z did not write back. */
  findByCrossReference(keys: readonly string[]): Promise<Map<string, JdeCustomerCandidate[]>>;
}

/**
 * What R01010Z made of the latest F0101Z2 add (`SZTNAC` 'A') of this EDI user per cross-reference
 * (docs/customers.md §4): blank `SZEDSP` → waiting since the row's audit stamp (with `SZAN8` when a
 * range number was given); 'Y' → done, with `SZAN8` (the simulator writes the assigned number back;
 * whether R01010Z does is Unconfirmed, so a blank `SZAN8` is read from F0101 by ALKY); 'N' → refused,
 * with the row's transaction and batch. JDE keeps the reasons for a refusal in the Work Center of the
 * EDI user, not in a table the connector can read. Keys without a staged add are absent from the answer.
 */
export async function readStagedAdds(
  deps: StagedAddsDeps,
  keys: readonly string[],
): Promise<Map<string, StagedAdd>> {
  const latest = await readLatestAdds(deps, [...new Set(keys.filter((key) => key.trim() !== ""))]);
  const answer = new Map<string, StagedAdd>();
  const unnumbered: StagedRow[] = [];
  for (const row of latest.values()) {
    if (row.processed === "Y" && row.addressNumber === 0n) unnumbered.push(row);
    else answer.set(row.crossReference, toStagedAdd(row, deps.ediUser));
  }
  if (unnumbered.length > 0) {
    const found = await deps.findByCrossReference(unnumbered.map((row) => row.crossReference));
    for (const row of unnumbered) {
      const lowest = lowestAddressNumber(found.get(row.crossReference) ?? []);
      answer.set(
        row.crossReference,
        lowest === undefined
          ? {
              state: "refused",
              errors: [
                `${describe(row)} was processed (SZEDSP 'Y'), but no F0101 record carries ALKY ${row.crossReference}`,
              ],
              ...transactionOf(row),
            }
          : { state: "done", addressNumber: lowest },
      );
    }
  }
  return answer;
}

async function readLatestAdds(deps: StagedAddsDeps, keys: string[]): Promise<Map<string, StagedRow>> {
  const latest = new Map<string, StagedRow>();
  if (keys.length === 0) return latest;
  const shape = await deps.shapes.get("F0101Z2");
  for (const part of chunk(keys, MAX_IN_LIST)) {
    const statement = buildSelect(deps.database.dialect, shape, COLUMNS, [
      { column: "SZEDUS", values: [deps.ediUser] },
      { column: "SZTNAC", values: ["A"] },
      { column: "SZALKY", values: part },
    ]);
    for (const row of (await deps.database.query(statement.sql, statement.params)).map(toStagedRow)) {
      const known = latest.get(row.crossReference);
      if (!known || isLaterStamp(row, known)) latest.set(row.crossReference, row);
    }
  }
  return latest;
}

function toStagedAdd(row: StagedRow, ediUser: string): StagedAdd {
  if (row.processed === "Y") return { state: "done", addressNumber: String(row.addressNumber) };
  if (row.processed === "N") {
    return {
      state: "refused",
      errors: [
        `${describe(row)} was refused by R01010Z (SZEDSP 'N'); JDE's reasons are in the Work Center of EDI user ${ediUser}`,
      ],
      ...transactionOf(row),
    };
  }
  return {
    state: "waiting",
    // Our own rows always carry a stamp; a malformed one counts as long waiting rather than fresh.
    stagedAt: fromAuditStamp(row.stampDate, row.stampTime) ?? new Date(0),
    addressNumber: row.addressNumber > 0n ? String(row.addressNumber) : null,
  };
}

function transactionOf(row: StagedRow): StagedTransaction {
  return { transactionNumber: row.transactionNumber, batchId: row.batchId };
}

function describe(row: StagedRow): string {
  return `F0101Z2 transaction ${row.transactionNumber} (batch ${row.batchId})`;
}

function toStagedRow(row: SqlRow): StagedRow {
  return {
    crossReference: readText(row, "SZALKY").trim(),
    batchId: readText(row, "SZEDBT").trim(),
    transactionNumber: readText(row, "SZEDTN").trim(),
    processed: readText(row, "SZEDSP").trim(),
    addressNumber: readInteger(row, "SZAN8"),
    stampDate: readInteger(row, "SZUPMJ"),
    stampTime: readInteger(row, "SZUPMT"),
  };
}
