import { type Clock, systemClock } from "../../lib/clock.js";
import type { JdeCustomerCandidate } from "../choose-customer.js";
import type {
  JdeCustomerOutcome,
  JdeCustomerPort,
  JdeCustomerWrite,
  RefusedUpdate,
  StagedAdd,
} from "../jde-customer-port.js";
import type { JdeCustomerRecord } from "../jde-customer-record.js";

/** An Address Book record as the double keeps it: F0101, F01151 (type E) and the F03012 companies. */
export interface MemoryJdeCustomer {
  addressNumber: string;
  searchType: string;
  crossReference: string;
  /** F01151 e-mail, "" when the record has none. */
  email: string;
  /** The values last written (F0101, F0116, F0115). */
  fields: Partial<JdeCustomerRecord>;
  /** Companies with an F03012 row. */
  companies: Set<string>;
}

type Errors = Array<{ code: string; description: string }>;

/** docs/customers.md §3: the fields each `UPDATE` group changes. */
const UPDATE_FIELDS: Record<string, readonly (keyof JdeCustomerRecord)[]> = {
  ALPH: ["ALPH"],
  MLNM: ["MLNM"],
  ADD: ["ADD1", "ADD2", "CTY1", "ADDS", "ADDZ", "CTR"],
  EMAL: ["EMAL"],
  PH: ["AR1", "PH1", "PHTP"],
  ALKY: ["ALKY"],
};

/** A staged row (Z-table path) with its keys and stamp, and what the processor made of it. */
interface StagedRow {
  row: JdeCustomerWrite;
  transactionNumber: string;
  batchId: string;
  stampedAt: Date;
  state: StagedAdd | { state: "applied" } | { state: "change-refused" };
}

/**
 * A small in-memory JDE behind JdeCustomerPort, faithful to docs/customers.md §3–§4. Orchestration:
 * each row applied (or refused) at once, AN8 from Next Numbers. Z-table: the batch is staged, nothing
 * is in F0101 until `runProcessor()` (R01010Z); a link-later add gets its AN8 then, without F01151 or
 * F03012 (they need the AN8); a range add brings both, and is refused when its AN8 exists. Counts
 * every call.
 */
export function createMemoryJdeCustomers(
  options: {
    path?: "orchestration" | "ztable";
    firstAddressNumber?: number;
    /** JDE's edits: errors for a row it refuses, else null. */
    refuse?: (row: JdeCustomerWrite) => Errors | null;
    /** Stamps staged rows (default: the system clock). */
    clock?: Clock;
    /**
     * A row that fails the whole call (the orchestration stops on it): the error thrown. Like the
     * orchestration, which is not transactional, the rows before it are applied.
     */
    failsWholeCall?: (row: JdeCustomerWrite) => Error | null;
  } = {},
) {
  const path = options.path ?? "orchestration";
  const clock = options.clock ?? systemClock;
  const records = new Map<string, MemoryJdeCustomer>();
  const staged: StagedRow[] = [];
  const calls = {
    findByCrossReference: 0,
    findByEmail: 0,
    write: 0,
    existingAddressNumbers: 0,
    stagedAdds: 0,
    refusedUpdates: 0,
  };
  const writes: JdeCustomerWrite[][] = [];
  let nextNumber = options.firstAddressNumber ?? 9001;
  let failure: { error: Error; method: keyof typeof calls | undefined } | undefined;

  const port: JdeCustomerPort = {
    path,
    async findByCrossReference(keys) {
      enter("findByCrossReference");
      return group(keys, (record) => record.crossReference);
    },
    async findByEmail(emails) {
      enter("findByEmail");
      return group(emails, (record) => record.email);
    },
    async write(rows) {
      enter("write");
      writes.push(rows.map((row) => ({ ...row })));
      const batchId = `B${writes.length}`;
      const outcomes: JdeCustomerOutcome[] = [];
      for (const row of rows) {
        const whole = options.failsWholeCall?.(row);
        if (whole) throw whole;
        outcomes.push(path === "orchestration" ? upsert(row) : stage(row, batchId));
      }
      return outcomes;
    },
    async existingAddressNumbers(addressNumbers) {
      enter("existingAddressNumbers");
      return new Set(addressNumbers.filter((addressNumber) => records.has(addressNumber)));
    },
    ...(path === "ztable"
      ? {
          async stagedAdds(keys: readonly string[]) {
            enter("stagedAdds");
            const found = new Map<string, StagedAdd>();
            for (const { row, state } of staged) {
              if (row.kind === "add" && keys.includes(row.record.ALKY) && isStagedAdd(state))
                found.set(row.record.ALKY, state);
            }
            return found;
          },
          async refusedUpdates(since: Date) {
            enter("refusedUpdates");
            return refusedChanges(since);
          },
        }
      : {}),
  };

  return {
    port,
    calls,
    /** Every batch written, in order. */
    writes,
    record: (addressNumber: string) => records.get(addressNumber),
    records: () => [...records.values()],
    /** A record that exists in JDE before the test (another system's, or this connector's earlier). */
    seed(record: Omit<MemoryJdeCustomer, "companies" | "fields"> & Partial<MemoryJdeCustomer>) {
      records.set(record.addressNumber, { fields: {}, companies: new Set(), ...record });
    },
    /** JDE merged or deleted the record (another record may now carry its customer). */
    remove(addressNumber: string) {
      records.delete(addressNumber);
    },
    /** The next call (of `method`, when given) throws this (AIS or the JDE database down). */
    failNextCall(error: Error, method?: keyof typeof calls) {
      failure = { error, method };
    },
    /** R01010Z (and R03010Z): processes every staged row. */
    runProcessor() {
      for (const entry of staged) {
        if (entry.state.state !== "waiting") continue;
        const refused = options.refuse?.(entry.row) ?? takenAddressNumber(entry.row);
        if (refused) {
          entry.state =
            entry.row.kind === "add"
              ? {
                  state: "refused",
                  errors: refused.map((e) => `${e.code} ${e.description}`),
                  ...keysOf(entry),
                }
              : { state: "change-refused" };
          continue;
        }
        const linkLater = entry.row.kind === "add" && entry.row.addressNumber === null;
        const addressNumber = apply(entry.row, { withEmailAndMaster: !linkLater });
        entry.state = entry.row.kind === "add" ? { state: "done", addressNumber } : { state: "applied" };
      }
    },
    /** The operator deleted the staged adds of this cross-reference (the refused row is gone). */
    deleteStagedAdds(alky: string) {
      for (let index = staged.length - 1; index >= 0; index -= 1) {
        const entry = staged[index]!;
        if (entry.row.kind === "add" && entry.row.record.ALKY === alky) staged.splice(index, 1);
      }
    },
    /** The operator corrected the latest refused add of this cross-reference and set it back to blank. */
    resubmitStagedAdd(alky: string, corrected: Partial<JdeCustomerRecord>) {
      const entry = staged.findLast((item) => item.row.kind === "add" && item.row.record.ALKY === alky);
      if (entry?.state.state !== "refused") throw new Error(`no refused add of ${alky}`);
      entry.row = { ...entry.row, record: { ...entry.row.record, ...corrected } };
      entry.state = waiting(entry.row);
    },
  };

  function enter(method: keyof typeof calls): void {
    calls[method] += 1;
    if (!failure || (failure.method !== undefined && failure.method !== method)) return;
    const { error } = failure;
    failure = undefined;
    throw error;
  }

  function group(keys: readonly string[], by: (record: MemoryJdeCustomer) => string) {
    const found = new Map<string, JdeCustomerCandidate[]>();
    for (const record of records.values()) {
      const key = by(record);
      if (key === "" || !keys.includes(key)) continue;
      const { addressNumber, searchType, crossReference } = record;
      found.set(key, [...(found.get(key) ?? []), { addressNumber, searchType, crossReference }]);
    }
    return found;
  }

  function upsert(row: JdeCustomerWrite): JdeCustomerOutcome {
    const errors = options.refuse?.(row) ?? invalidAddressNumber(row);
    if (errors) return { ref: row.ref, ok: false, errors };
    const addressNumber = apply(row, { withEmailAndMaster: true });
    return { ref: row.ref, ok: true, addressNumber, action: row.kind === "add" ? "created" : "updated" };
  }

  function stage(row: JdeCustomerWrite, batchId: string): JdeCustomerOutcome {
    const transactionNumber = `T${staged.length + 1}`;
    staged.push({ row, transactionNumber, batchId, stampedAt: clock.now(), state: waiting(row) });
    return { ref: row.ref, ok: true, addressNumber: row.addressNumber, action: "staged" };
  }

  function waiting(row: JdeCustomerWrite): StagedAdd {
    return { state: "waiting", stagedAt: clock.now(), addressNumber: row.addressNumber };
  }

  function invalidAddressNumber(row: JdeCustomerWrite): Errors | null {
    if (row.kind === "add" || records.has(row.addressNumber ?? "")) return null;
    return [{ code: "0002", description: `Address Number ${row.addressNumber} invalid` }];
  }

  /** R01010Z refuses an add whose pre-assigned AN8 is in F0101 already. */
  function takenAddressNumber(row: JdeCustomerWrite): Errors | null {
    if (row.kind !== "add" || row.addressNumber === null || !records.has(row.addressNumber)) return null;
    return [{ code: "0001", description: `Address Number ${row.addressNumber} already exists` }];
  }

  /** Per AN8, its latest change row when the processor refused it and it was staged since `since`. */
  function refusedChanges(since: Date): RefusedUpdate[] {
    const latest = new Map<string, StagedRow>();
    for (const entry of staged) {
      if (entry.row.kind === "change") latest.set(entry.row.addressNumber ?? "", entry);
    }
    return [...latest.values()]
      .filter((entry) => entry.state.state === "change-refused" && entry.stampedAt >= since)
      .map((entry) => ({
        table: "F0101Z2",
        addressNumber: entry.row.addressNumber ?? "",
        stampedAt: entry.stampedAt,
        ...keysOf(entry),
      }));
  }

  /** Adds a record (Next Numbers unless the AN8 is given) or changes the UPDATE groups of one. */
  function apply(row: JdeCustomerWrite, how: { withEmailAndMaster: boolean }): string {
    const { record } = row;
    if (row.kind === "add") {
      const addressNumber = row.addressNumber ?? String(nextNumber++);
      records.set(addressNumber, {
        addressNumber,
        searchType: record.AT1,
        crossReference: record.ALKY,
        email: how.withEmailAndMaster ? record.EMAL : "",
        fields: { ...record, ...(how.withEmailAndMaster ? {} : { EMAL: "" }) },
        companies: new Set(how.withEmailAndMaster ? [record.CO] : []),
      });
      return addressNumber;
    }
    const target = records.get(row.addressNumber ?? "");
    if (!target) return row.addressNumber ?? "";
    for (const group of row.update.split(",").filter((name) => name !== "")) {
      for (const field of UPDATE_FIELDS[group] ?? []) target.fields[field] = record[field];
      if (group === "EMAL") target.email = record.EMAL;
      if (group === "ALKY") target.crossReference = record.ALKY;
    }
    target.companies.add(record.CO);
    return target.addressNumber;
  }
}

function isStagedAdd(state: StagedRow["state"]): state is StagedAdd {
  return state.state === "waiting" || state.state === "done" || state.state === "refused";
}

function keysOf(entry: StagedRow): { transactionNumber: string; batchId: string } {
  return { transactionNumber: entry.transactionNumber, batchId: entry.batchId };
}
