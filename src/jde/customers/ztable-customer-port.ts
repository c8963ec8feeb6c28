import type {
  JdeCustomerOutcome,
  JdeCustomerPort,
  JdeCustomerWrite,
} from "../../customers/jde-customer-port.js";
import type { Clock } from "../../lib/clock.js";
import { ConnectorError } from "../../lib/errors/connector-error.js";
import type { AisClient } from "../ais-client.js";
import { assertWritableShape, encodeRow } from "../ztable/encode-row.js";
import type { StorageRow } from "../ztable/f0911z1-rows.js";
import { insertRows } from "../ztable/insert-rows.js";
import { JdeDatabaseError } from "../ztable/jde-database-error.js";
import type { JdeDatabasePort, SqlExecutor, SqlValue, TableShape } from "../ztable/jde-database-port.js";
import { createTableShapes, type JdeTableName } from "../ztable/table-shapes.js";
import {
  type CustomerLookupOptions,
  type CustomerMasterFacts,
  createCustomerLookups,
} from "./customer-lookups.js";
import { checkWriteRow, rowFailure } from "./customer-write-checks.js";
import {
  addressBookZRow,
  CUSTOMER_Z_WRITTEN_COLUMNS,
  type CustomerZRowContext,
  type CustomerZTable,
  customerMasterZRow,
  customerTransactionNumber,
  emailZRow,
  updateGroups,
} from "./customer-ztable-rows.js";
import { type PendingCustomerRows, readPendingCustomerRows } from "./pending-customer-rows.js";
import { readRefusedUpdates } from "./refused-updates.js";
import { readStagedAdds } from "./staged-adds.js";

export interface ZTableCustomerPortDeps {
  database: JdeDatabasePort;
  /** Owner (Oracle) or schema (SQL Server) of the JDE business data: `PRODDTA`, `CRPDTA`. */
  owner: string;
  /** The tenant's EDI user (`EDUS`, also originator and user); R01010Z reports to its Work Center. */
  ediUser: string;
  /** The company currency's decimals (F0013.CVCDEC, JdeReferenceData.decimals), for `VOACL`. */
  currencyDecimals: number;
  /** The look-ups go through the AIS data service, as the Z-table tenant's reference data does. */
  ais: Pick<AisClient, "call">;
  clock: Clock;
  lookup?: CustomerLookupOptions;
  /** `EDBT` of each write (at most 15 characters); default `C` + the time in base 36 + a counter. */
  batchId?: () => string;
  /** `PID` and `JOBN`, default `MLCONNECT` as on F0911Z1. */
  programId?: string;
}

const TABLES: readonly CustomerZTable[] = ["F0101Z2", "F03012Z1", "F01151Z1"];

/** One customer's rows, by table, in storage form. */
type CustomerRows = Partial<Record<CustomerZTable, StorageRow>>;

/**
 * JdeCustomerPort over the customer batch tables (docs/customers.md §4; reference/jde-ais.md §7.2):
 * each `write` is one database transaction of F0101Z2, F03012Z1 and F01151Z1 rows for R01010Z,
 * R03010Z and the e-mail upload; F03012Z1 and F01151Z1 only for a known address number (a range
 * add, or a change). Look-ups go through the AIS data service; `stagedAdds` reads F0101Z2 adds back,
 * `refusedUpdates` the refused change rows of all three tables.
 */
export function createZTableCustomerPort(deps: ZTableCustomerPortDeps): JdeCustomerPort {
  const { database } = deps;
  const shapes = createTableShapes(database, deps.owner, (table, shape) => {
    if (isCustomerTable(table)) assertWritableShape(shape, CUSTOMER_Z_WRITTEN_COLUMNS[table]);
  });
  const lookups = createCustomerLookups(deps.ais, deps.lookup);
  const programId = deps.programId ?? "MLCONNECT";
  const nextBatchId = deps.batchId ?? timeBatchIds(deps.clock);
  return {
    path: "ztable",
    findByCrossReference: lookups.findByCrossReference,
    findByEmail: lookups.findByEmail,
    existingAddressNumbers: lookups.existingAddressNumbers,
    write,
    stagedAdds: (keys) =>
      readStagedAdds(
        { database, shapes, ediUser: deps.ediUser, findByCrossReference: lookups.findByCrossReference },
        keys,
      ),
    refusedUpdates: (since) =>
      readRefusedUpdates({ database, shapes, ediUser: deps.ediUser }, { since, now: deps.clock.now() }),
  };

  /** Checks rows alone, asks JDE what changes need (F03012, F01151), then one transaction. */
  async function write(rows: readonly JdeCustomerWrite[]): Promise<JdeCustomerOutcome[]> {
    const outcomes = new Map<JdeCustomerWrite, JdeCustomerOutcome>();
    const accepted: JdeCustomerWrite[] = [];
    for (const row of rows) {
      const failure = checkWriteRow(row, { preassignedNumbers: true }) ?? checkGroups(row);
      if (failure) outcomes.set(row, failure);
      else accepted.push(row);
    }
    if (accepted.length > 0) {
      const facts = await readMasterFacts(accepted.filter((row) => row.kind === "change"));
      const tableShapes = await readShapes();
      const context: CustomerZRowContext = {
        ediUser: deps.ediUser,
        batchId: nextBatchId(),
        currencyDecimals: deps.currencyDecimals,
        audit: { programId, jobName: programId, now: deps.clock.now() },
      };
      try {
        await database.transaction((tx) =>
          writeRows(tx, { rows: accepted, facts, tableShapes, context, outcomes }),
        );
      } catch (error) {
        if (error instanceof JdeDatabaseError && error.failure === "refused")
          for (const t of TABLES) shapes.forget(t);
        throw error;
      }
    }
    return rows.map((row) => outcomes.get(row)!);
  }

  async function writeRows(
    tx: SqlExecutor,
    input: {
      rows: JdeCustomerWrite[];
      facts: CustomerMasterFacts;
      tableShapes: Record<CustomerZTable, TableShape>;
      context: CustomerZRowContext;
      outcomes: Map<JdeCustomerWrite, JdeCustomerOutcome>;
    },
  ): Promise<void> {
    const { rows, tableShapes, outcomes } = input;
    const numbered = rows.map((row) => row.addressNumber?.trim() ?? "").filter((number) => number !== "");
    const pending = await readPendingCustomerRows(tx, database.dialect, tableShapes, numbered);
    const encoded: Record<CustomerZTable, SqlValue[][]> = { F0101Z2: [], F03012Z1: [], F01151Z1: [] };
    const transactionNumbers = new Set<string>();
    for (const row of rows) {
      const transactionNumber = customerTransactionNumber(row);
      if (transactionNumbers.has(transactionNumber)) {
        outcomes.set(
          row,
          rowFailure(row.ref, "MLC_JDE_FIELD_INVALID", "the same customer change twice in one write"),
        );
        continue;
      }
      const planned = planRows(row, { ...input, pending });
      if (!("rows" in planned)) {
        outcomes.set(row, planned.failure);
        continue;
      }
      transactionNumbers.add(transactionNumber);
      for (const table of TABLES) if (planned.rows[table]) encoded[table].push(planned.rows[table]);
      outcomes.set(row, acceptedOutcome(row));
    }
    for (const table of TABLES) {
      if (encoded[table].length > 0)
        await insertRows(tx, database.dialect, tableShapes[table], encoded[table]);
    }
  }

  /** A customer's rows, encoded; a value JDE cannot hold fails this customer only. */
  function planRows(
    row: JdeCustomerWrite,
    input: {
      facts: CustomerMasterFacts;
      pending: PendingCustomerRows;
      tableShapes: Record<CustomerZTable, TableShape>;
      context: CustomerZRowContext;
    },
  ): { rows: Partial<Record<CustomerZTable, SqlValue[]>> } | { failure: JdeCustomerOutcome } {
    try {
      const storage = storageRows(row, input);
      const encoded: Partial<Record<CustomerZTable, SqlValue[]>> = {};
      for (const table of TABLES) {
        const values = storage[table];
        if (values) encoded[table] = encodeRow(input.tableShapes[table], values, database.dialect.textLength);
      }
      return { rows: encoded };
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.retryable) throw error;
      return { failure: rowFailure(row.ref, error.code, error.message) };
    }
  }

  /**
   * docs/customers.md §4: an add writes F0101Z2, and with a pre-assigned number F03012Z1 and the
   * e-mail too; a change writes its F0101Z2 groups, F03012Z1 when the company's row is neither in
   * F03012 nor pending, and the e-mail when `EMAL` is in UPDATE (a blank e-mail cannot be written:
   * the Z-table path cannot clear a field).
   */
  function storageRows(
    row: JdeCustomerWrite,
    input: { facts: CustomerMasterFacts; pending: PendingCustomerRows; context: CustomerZRowContext },
  ): CustomerRows {
    const { facts, pending, context } = input;
    const number = row.addressNumber?.trim() ?? "";
    const rows: CustomerRows = {};
    const addressBook = addressBookZRow(row, context);
    if (addressBook) rows.F0101Z2 = addressBook;
    if (number === "") return rows;
    const an8 = String(Number(number));
    const hasEmail = row.record.EMAL.trim() !== "";
    if (row.kind === "add") {
      rows.F03012Z1 = customerMasterZRow(row, context);
      if (hasEmail) rows.F01151Z1 = emailZRow(row, context, "A");
      return rows;
    }
    const masterKnown = facts.withCompany.has(masterKey(an8, row.record.CO));
    if (!masterKnown && !pending.customerMasterAdds.has(masterKey(an8, row.record.CO))) {
      rows.F03012Z1 = customerMasterZRow(row, context);
    }
    if (hasEmail && updateGroups(row).includes("EMAL")) {
      const exists = facts.withEmail.has(an8) || pending.emails.has(an8);
      rows.F01151Z1 = emailZRow(row, context, exists ? "C" : "A");
    }
    return rows;
  }

  /** F03012 (by company) and F01151 rows of the changed records: one BROWSE each per 100 records. */
  async function readMasterFacts(changes: JdeCustomerWrite[]): Promise<CustomerMasterFacts> {
    const facts: CustomerMasterFacts = { withCompany: new Set(), withEmail: new Set() };
    const companies = [...new Set(changes.map((row) => row.record.CO))];
    for (const company of companies) {
      const ofCompany = changes.filter((row) => row.record.CO === company);
      const read = await lookups.customerMasterFacts({
        company,
        addressNumbers: ofCompany.map((row) => String(Number(row.addressNumber))),
        emailsOf: ofCompany
          .filter((row) => row.record.EMAL.trim() !== "" && updateGroups(row).includes("EMAL"))
          .map((row) => String(Number(row.addressNumber))),
      });
      for (const an8 of read.withCompany) facts.withCompany.add(masterKey(an8, company));
      for (const an8 of read.withEmail) facts.withEmail.add(an8);
    }
    return facts;
  }

  async function readShapes(): Promise<Record<CustomerZTable, TableShape>> {
    const [F0101Z2, F03012Z1, F01151Z1] = await Promise.all(TABLES.map((table) => shapes.get(table)));
    return { F0101Z2: F0101Z2!, F03012Z1: F03012Z1!, F01151Z1: F01151Z1! };
  }
}

/** What a written row answers: a range add is usable at once; a link-later add waits for R01010Z. */
function acceptedOutcome(row: JdeCustomerWrite): JdeCustomerOutcome {
  const number = row.addressNumber?.trim() ?? "";
  if (row.kind === "change")
    return { ref: row.ref, ok: true, addressNumber: String(Number(number)), action: "updated" };
  if (number === "") return { ref: row.ref, ok: true, addressNumber: null, action: "staged" };
  return { ref: row.ref, ok: true, addressNumber: String(Number(number)), action: "created" };
}

function checkGroups(row: JdeCustomerWrite): JdeCustomerOutcome | undefined {
  try {
    updateGroups(row);
    return undefined;
  } catch (error) {
    if (error instanceof ConnectorError) return rowFailure(row.ref, error.code, error.message);
    throw error;
  }
}

function masterKey(an8: string, company: string): string {
  return `${an8}|${company}`;
}

function isCustomerTable(table: JdeTableName): table is CustomerZTable {
  return Object.hasOwn(CUSTOMER_Z_WRITTEN_COLUMNS, table);
}

/** `C` + milliseconds in base 36 (8 characters until 2059) + a 2-character counter: 11 of EDBT's 15. */
function timeBatchIds(clock: Clock): () => string {
  let counter = 0;
  return () => {
    counter = (counter + 1) % 1296;
    const time = clock.now().getTime().toString(36).toUpperCase();
    return `C${time}${counter.toString(36).toUpperCase().padStart(2, "0")}`;
  };
}
