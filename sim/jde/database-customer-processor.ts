import {
  type BatchRowResult,
  processAddressBookRow,
  processCustomerMasterRow,
  processEmailRow,
} from "./customer-batch-programs.js";
import { createRecordingWriter, customerRowKey } from "./customer-table-writer.js";
import type { JdeDatabase, SqlStatement } from "./jde-database.js";
import { selectRows, updateRows } from "./jde-database-rows.js";
import {
  type CustomerBatchTable,
  type CustomerMasterTableName,
  JDE_DATABASE_TABLES,
} from "./jde-database-tables.js";
import { epochMsToJulian } from "./jde-formats.js";
import type { JournalError } from "./journal-errors.js";
import type { SimStats } from "./server-context.js";
import { customerBatchKey, type SimState } from "./sim-state.js";

type Program = (row: never, context: Parameters<typeof processAddressBookRow>[1]) => BatchRowResult;

const CUSTOMER_MASTER_TABLES: CustomerMasterTableName[] = [
  "F0101",
  "F0116",
  "F01151",
  "F0115",
  "F0111",
  "F03012",
];

/** In cycle order: R01010Z before R03010Z (the AN8 must exist), and the e-mail upload after it. */
const PROGRAMS: { table: CustomerBatchTable; run: Program }[] = [
  { table: "F0101Z2", run: processAddressBookRow as Program },
  { table: "F03012Z1", run: processCustomerMasterRow as Program },
  { table: "F01151Z1", run: processEmailRow as Program },
];

const BLANK = " ";

/**
 * The customer batch programs over the JDE database stand-in. Each program reads its Z-table rows
 * whose EDSP is blank (rows at 'Y' or 'N' are left alone), adds before it changes, and writes the
 * Address Book / Customer Master rows it produced plus each row's EDSP ('Y' or 'N', and on F0101Z2
 * the AN8 it used, written back into SZAN8) in one transaction. The in-memory tables (data service,
 * orchestration) see the same records; if the transaction fails, the in-memory changes are taken back
 * (address numbers stay consumed, as Next Numbers would) and the rows are read again next cycle.
 */
export function createDatabaseCustomerProcessor(deps: {
  state: SimState;
  database: JdeDatabase;
  stats: SimStats;
}) {
  const { state, database, stats } = deps;
  return { loadExisting, runCycle };

  /** What earlier runs wrote to F0101 … F03012 replaces or joins the seeded in-memory rows. */
  async function loadExisting(): Promise<void> {
    for (const table of CUSTOMER_MASTER_TABLES) {
      const rows = await selectRows<object>(database, table);
      const memory = state.tables[table] as object[];
      const byKey = new Map(memory.map((row) => [customerRowKey(table, row), row]));
      for (const row of rows) {
        const current = byKey.get(customerRowKey(table, row));
        if (current) Object.assign(current, row);
        else memory.push(row);
      }
    }
  }

  /** R01010Z, R03010Z and the e-mail upload, in that order; true when any had rows. */
  async function runCycle(): Promise<boolean> {
    let hadRows = false;
    for (const program of PROGRAMS) {
      if (await runProgram(program.table, program.run)) hadRows = true;
    }
    if (hadRows) stats.customerProcessorRuns += 1;
    return hadRows;
  }

  async function runProgram(table: CustomerBatchTable, program: Program): Promise<boolean> {
    const { prefix } = JDE_DATABASE_TABLES[table];
    const pending = await selectRows<Record<string, unknown>>(database, table, {
      equal: { [`${prefix}EDSP`]: BLANK },
    });
    if (pending.length === 0) return false;
    // Changes after adds (reference/jde-ais.md §7.2); the sort is stable, so key order stays within each.
    const ordered = [...pending].sort(
      (a, b) => actionOrder(a[`${prefix}TNAC`]) - actionOrder(b[`${prefix}TNAC`]),
    );
    const writer = createRecordingWriter(state.tables);
    const context = { state, writer, today: epochMsToJulian(state.nowMs()) };
    const results = ordered.map((row) => {
      const forced = batchRejectionFor(table, row);
      return { row, result: forced ? { errors: [forced] } : program(row as never, context) };
    });
    try {
      await database.runInTransaction([
        ...writer.statements(database),
        ...results.map(({ row, result }) => markRow(table, row, result)),
      ]);
    } catch (error) {
      writer.undo();
      throw error;
    }
    const counts = stats.customerBatchRows[table] ?? { processed: 0, refused: 0 };
    stats.customerBatchRows[table] = counts;
    for (const { row, result } of results) {
      const key = customerBatchKey(table, batchKeys(prefix, row));
      if (result.errors.length > 0) {
        state.customerBatchErrors.set(key, result.errors);
        counts.refused += 1;
      } else {
        state.customerBatchErrors.delete(key);
        counts.processed += 1;
      }
    }
    return true;
  }

  /** The error of a `rejectBatchRows` rule matching the row: refused without running the program. */
  function batchRejectionFor(
    table: CustomerBatchTable,
    row: Record<string, unknown>,
  ): JournalError | undefined {
    const { prefix } = JDE_DATABASE_TABLES[table];
    return state.customerBatchRejections.find(
      ({ match }) =>
        match.table === table &&
        match.addressNumber === Number(row[`${prefix}AN8`]) &&
        (match.action === undefined || match.action === String(row[`${prefix}TNAC`]).trim()),
    )?.error;
  }

  /** EDSP 'Y' or 'N' on the row as read (still blank: a row the writer changed meanwhile is left alone). */
  function markRow(
    table: CustomerBatchTable,
    row: Record<string, unknown>,
    result: BatchRowResult,
  ): SqlStatement {
    const { prefix, primaryKey } = JDE_DATABASE_TABLES[table];
    const ok = result.errors.length === 0;
    const set = {
      [`${prefix}EDSP`]: ok ? "Y" : "N",
      ...(ok && table === "F0101Z2" ? { SZAN8: result.an8 } : {}),
    };
    const key = Object.fromEntries(primaryKey.map((name) => [name, row[name]]));
    return updateRows(database, table, set, { ...key, [`${prefix}EDSP`]: BLANK });
  }
}

function actionOrder(action: unknown): number {
  return action === "A" ? 0 : 1;
}

function batchKeys(prefix: string, row: Record<string, unknown>) {
  return {
    EDUS: String(row[`${prefix}EDUS`]),
    EDBT: String(row[`${prefix}EDBT`]),
    EDTN: String(row[`${prefix}EDTN`]),
    EDLN: Number(row[`${prefix}EDLN`]),
  };
}

export type DatabaseCustomerProcessor = ReturnType<typeof createDatabaseCustomerProcessor>;
